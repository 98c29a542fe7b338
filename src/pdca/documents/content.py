"""A revision's content: Markdown rendered safely, its hash, and the diff between two revisions."""

import difflib
import functools
import hashlib

import markdown
import nh3

MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]


@functools.lru_cache(maxsize=64)
def render_markdown(text: str) -> str:
    """HTML from Markdown, sanitised: whatever the author typed, no script, style or event handler survives.

    Kept per process for the same text: an effective revision is read far more often than it is written,
    and a long procedure takes milliseconds to render (1 ms for 2 KB).
    """
    return nh3.clean(markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS))


def markdown_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, line) pairs of a unified diff, kind one of "add", "del", "hunk", "same"; escaped by the template."""
    kinds = {"+": "add", "-": "del", "@": "hunk", " ": "same"}
    lines = difflib.unified_diff((old or "").splitlines(), (new or "").splitlines(), lineterm="", n=2)
    return [(kinds.get(line[:1], "same"), line) for line in lines if not line.startswith(("+++", "---"))]
