"""The council system's rules: entities, acts and invariants. Pure Python, no I/O."""
