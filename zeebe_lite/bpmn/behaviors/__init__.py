"""Behaviours shared by element processors and command processors (composition, not inheritance)."""

__all__: list[str] = []
