"""zeebe_lite: an embedded, durable, Zeebe-compatible workflow engine."""
