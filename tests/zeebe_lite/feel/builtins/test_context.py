from __future__ import annotations

import pytest
from builtin_harness import D, call, call_or_null


def test_get_value_by_key() -> None:
    assert call("get value", {"foo": D(123)}, "foo") == D(123)
    assert call("get value", {"a": D(1)}, "b") is None
    assert call("get value", {"a": None}, "a") is None


def test_get_value_by_key_path() -> None:
    assert call("get value", {"x": D(1), "y": {"z": D(0)}}, ["y", "z"]) == D(0)
    assert call("get value", {"x": {"y": {"z": D(0)}}}, ["x", "y"]) == {"z": D(0)}
    assert call("get value", {"a": {"b": D(3)}}, ["b"]) is None
    assert call("get value", {"a": D(1)}, ["a", "b"]) is None
    assert call("get value", {"a": D(1)}, []) is None


@pytest.mark.parametrize(
    ("context", "key"), [(None, "a"), ([D(1)], "a"), ({"a": 1}, D(1)), ({"a": 1}, ["a", D(1)])]
)
def test_get_value_with_wrong_arguments_is_null(context: object, key: object) -> None:
    assert call_or_null("get value", context, key) is None


def test_get_entries_lists_key_value_pairs_in_order() -> None:
    assert call("get entries", {"foo": D(123), "bar": None}) == [
        {"key": "foo", "value": D(123)},
        {"key": "bar", "value": None},
    ]
    assert call("get entries", {}) == []
    assert call_or_null("get entries", [D(1)]) is None


def test_context_put_adds_or_overrides_an_entry_without_changing_the_input() -> None:
    original = {"x": D(1)}
    assert call("context put", original, "y", D(2)) == {"x": D(1), "y": D(2)}
    assert call("context put", original, "x", None) == {"x": None}
    assert original == {"x": D(1)}


def test_context_put_by_key_path() -> None:
    assert call("context put", {"x": D(1)}, ["y"], D(2)) == {"x": D(1), "y": D(2)}
    assert call("context put", {"x": D(1), "y": {"z": D(0)}}, ["y", "z"], D(2)) == {
        "x": D(1),
        "y": {"z": D(2)},
    }
    assert call("context put", {"x": D(1)}, ["y", "z"], D(2)) == {"x": D(1), "y": {"z": D(2)}}
    assert call("context put", {"x": D(1)}, [], D(2)) is None


def test_deprecated_put_still_works() -> None:
    assert call("put", {"x": D(1)}, "y", D(2)) == {"x": D(1), "y": D(2)}


def test_context_merge_later_contexts_win() -> None:
    assert call("context merge", [{"x": D(1)}, {"y": D(2)}]) == {"x": D(1), "y": D(2)}
    assert call("context merge", [{"x": D(1), "y": D(0)}, {"y": D(2)}]) == {"x": D(1), "y": D(2)}
    assert call("context merge", {"a": D(1)}, {"b": D(2)}) == {"a": D(1), "b": D(2)}
    assert call("context merge", {"a": D(1)}) == {"a": D(1)}
    assert call("put all", {"a": D(1)}, {"b": D(2)}) == {"a": D(1), "b": D(2)}
    assert call("put all", [{"a": D(1)}, {"a": D(2)}]) == {"a": D(2)}
    assert call("context merge", []) == {}


def test_context_merge_of_non_contexts_is_null() -> None:
    assert call_or_null("context merge", [{"x": D(1)}, D(2)]) is None


def test_get_value_accepts_the_spec_parameter_name_m() -> None:
    from zeebe_lite.feel.builtins import builtin_table

    assert ("m", "key") in {b.params for b in builtin_table()["get value"]}
