"""Demo data for the Harrow Precision demo organisation (core/demo.py calls load_demo)."""


def load_demo(org, people) -> None:
    """Nothing yet."""
