"""Models of the risks app (being written)."""
