"""Demo data of the risks app (being written)."""


def load_demo(org, people) -> None:
    """Nothing yet."""
