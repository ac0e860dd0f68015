"""Alembic migrations of the schema; applied by `soviet init`."""
