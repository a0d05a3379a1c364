"""Alembic environment: run against the connection the repository hands over."""

from alembic import context

from politograph.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("politograph migrations run through politograph.store.repository.Store")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
