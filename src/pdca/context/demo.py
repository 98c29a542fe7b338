"""Demo data of the context app (being written)."""


def load_demo(org, people) -> None:
    """Nothing yet."""
