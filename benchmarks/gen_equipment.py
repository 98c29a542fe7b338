"""Benchmark data for the equipment app (generate.py calls generate; run.py measures URLS)."""

URLS: list[tuple[str, str]] = []


def generate(org, people: list, rng, n: int) -> dict:
    """Nothing yet; returns the placeholders URLS need."""
    return {}
