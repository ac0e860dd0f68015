"""Use cases: one function per act, one transaction each; the only door to the store."""
