"""Demo data of the processes app (being written)."""


def load_demo(org, people) -> None:
    """Nothing yet."""
