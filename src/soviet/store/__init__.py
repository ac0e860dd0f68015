"""Storage: the schema, the hash-chained journal and the engine factory (SQLite or PostgreSQL)."""
