"""The HTTP API: every query of the knowledge base as a JSON endpoint (FastAPI), read-only unless the operator sets a token."""
