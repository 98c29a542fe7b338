"""Demo data of the objectives app (being written)."""


def load_demo(org, people) -> None:
    """Nothing yet."""
