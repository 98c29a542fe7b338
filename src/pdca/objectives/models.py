"""Models of the objectives app (being written)."""
