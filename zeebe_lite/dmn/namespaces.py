"""XML namespaces of the DMN versions and FEEL dialects the parser accepts."""

from __future__ import annotations

__all__ = ["DMN_MODEL_NAMESPACES", "FEEL_NAMESPACES", "dmn_version_of", "is_feel_language"]

DMN_MODEL_NAMESPACES: dict[str, str] = {
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20151101/dmn11.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
    "http://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
    "https://www.omg.org/spec/DMN/20211108/MODEL/": "1.4",
    "http://www.omg.org/spec/DMN/20211108/MODEL/": "1.4",
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "1.5",
    "http://www.omg.org/spec/DMN/20230324/MODEL/": "1.5",
}
"""Model namespace -> DMN version."""

FEEL_NAMESPACES: frozenset[str] = frozenset(
    name.lower()
    for name in (
        "feel",
        "http://www.omg.org/spec/FEEL/20140401",
        "http://www.omg.org/spec/DMN/20180521/FEEL/",
        "https://www.omg.org/spec/DMN/20180521/FEEL/",
        "https://www.omg.org/spec/DMN/20191111/FEEL/",
        "http://www.omg.org/spec/DMN/20191111/FEEL/",
        "https://www.omg.org/spec/DMN/20211108/FEEL/",
        "http://www.omg.org/spec/DMN/20211108/FEEL/",
        "https://www.omg.org/spec/DMN/20230324/FEEL/",
        "http://www.omg.org/spec/DMN/20230324/FEEL/",
    )
)
"""Expression-language identifiers (lower case) that mean FEEL."""


def dmn_version_of(namespace: str) -> str | None:
    """The DMN version ("1.1" .. "1.5") of a model namespace, or None when it is not a DMN namespace."""
    return DMN_MODEL_NAMESPACES.get(namespace)


def is_feel_language(language: str | None) -> bool:
    """True when an ``expressionLanguage`` attribute (absent = FEEL) names FEEL."""
    return language is None or language.strip().lower() in FEEL_NAMESPACES
