"""Migration scripts, oldest first (Alembic follows ``down_revision``)."""

__all__: list[str] = []
