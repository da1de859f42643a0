"""The ``xinyu`` command: check, new, schema."""
