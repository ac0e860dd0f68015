"""The HTTP API: JSON over HTTP under /api/v1 (FastAPI). It authenticates and translates;
the services act and the domain decides. It never imports `store`."""
