"""Alembic migrations of the fleet database (``env.py`` runs on a connection handed over in ``attributes``)."""

__all__: list[str] = []
