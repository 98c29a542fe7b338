"""Full-text search over every app's rows: one interface, SQLite FTS5 or PostgreSQL underneath.

How an app takes part (core's actions in services.py are the example):

- `register("document", label=_("Document"), perms=("documents.view_document", …), rebuild=fn)` once,
  from the app's AppConfig.ready(); `rebuild(org)` re-indexes all the kind's rows (`pdca search reindex`).
- `index(obj, title=…, body=…, kind=…, is_current=…, perm=…, user=…, url=…)` whenever the row's text or
  state changes (an upsert; one entry per row), `set_current(obj, False)` when a version is superseded,
  `unindex(obj)` before it is deleted.
- `index_file_later(obj, file_field="file", title=…, …)`: indexes now and, after the commit, a
  background task reads the file's text (PDF, DOCX, text) into the same entry.
- `search(org, user, query)` answers with the entries of `org` that `user` may see, best first.

Who sees an entry: every member if `perm` is empty; otherwise members whose role has that rules
permission on the organisation (only its role part counts, checked once per search, not per row), and
`user` (e.g. a confidential document's owner) whatever the permission says.

The query has no syntax, on purpose: it is cut into words (letters and digits; quotes, `*`, NEAR,
parentheses are separators), every word must occur, and the last may be the start of a longer word,
as people type. Nothing a user types can produce an engine syntax error or reach the SQL text.

Engines: SQLite's FTS5 (unicode61 tokenizer, diacritics removed; table and triggers in migration 0004)
and PostgreSQL's tsvector with the 'simple' configuration: no stemming and no stop words, like unicode61,
so both engines find the same rows for the same words (the tests hold both to that); documents mix
languages and codes (QP-004, part numbers) that must match literally, and the prefix match on the last
word covers most of what English stemming would (calibr → calibration, calibrated). The vector is built
from text this module normalises (case and diacritics folded), not by the database, for the same reason.
Snippets and highlights are made here too, for both engines: the same output, escaped in one place.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, islice

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pdca.core.models import SearchEntry

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_WORD_CHARS = 60
MIN_PREFIX_CHARS = 3  # a shorter last word matches only itself: "a*" would touch half the index
# Text and file text are kept to this many characters each: bounds PostgreSQL's tsvector (1 MB at most)
# and the work of a snippet.
MAX_TEXT_CHARS = 200_000
SNIPPET_CHARS = 220
MAX_RANKED = 2000  # matches ranked at most; past that, the newest (see Engine)

WORD = re.compile(r"[^\W_]+")


def batched(items: Iterable, size: int):
    """itertools.batched of Python 3.12."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics → their base letter, one character for one (offsets stay valid)."""
    table = {0x130: "i"}  # İ: the one letter whose lower case is two characters
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


FOLD = _fold_table()


def clean(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """NFKC-normalised text, NUL characters made spaces, no lone surrogates, at most `limit` characters."""
    text = unicodedata.normalize("NFKC", (text or "")[: limit * 2]).replace("\x00", " ")
    return text.encode("utf-8", "replace").decode("utf-8")[:limit]


def fold(text: str) -> str:
    """Lower case without diacritics, as both engines compare words; same length as `text`."""
    return text.translate(FOLD).lower()


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


# --- Kinds: what apps register


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    perms: tuple[str, ...] = ()
    rebuild: Callable | None = None


KINDS: dict[str, Kind] = {}


def register(name: str, *, label, perms: Iterable[str] = (), rebuild: Callable | None = None) -> None:
    """Declare a kind of entry, the permissions its entries may carry and how to rebuild them for an org."""
    KINDS[name] = Kind(name=name, label=label, perms=tuple(perms), rebuild=rebuild)


# --- Writing entries


@dataclass
class Doc:
    """What `index_many` stores for one row; see `index` for the fields."""

    obj: object
    title: str
    body: str = ""
    kind: str | None = None
    is_current: bool = True
    perm: str | None = None
    user: object | None = None
    url: str | None = None
    file_text: str | None = None


def index(
    obj,
    *,
    title: str,
    body: str = "",
    kind: str | None = None,
    is_current: bool = True,
    perm: str | None = None,
    user=None,
    url: str | None = None,
    file_text: str | None = None,
) -> None:
    """Make `obj` findable (or update its entry): by its title and body, and its file's text if given.

    `kind` defaults to the model's name and must be registered; `perm` to the kind's first permission;
    `url` to obj.get_absolute_url(). `file_text=None` keeps the text a file gave it earlier.
    """
    index_many([Doc(obj, title, body, kind, is_current, perm, user, url, file_text)])


def index_many(docs: Iterable[Doc], *, batch_size: int = 500) -> int:
    """`index` for many rows at once, in batches of one upsert each (rebuilds, bulk imports)."""
    count = 0
    for batch in batched(docs, batch_size):
        entries = [_entry(doc) for doc in batch]
        for keep_file in (True, False):
            group = [e for e, d in zip(entries, batch, strict=True) if (d.file_text is None) is keep_file]
            if group:
                _upsert(group, keep_file=keep_file)
                BACKEND.write_vectors(group, keep_file=keep_file)
        count += len(entries)
    return count


def _entry(doc: Doc) -> SearchEntry:
    name = doc.kind or doc.obj._meta.model_name
    kind = KINDS.get(name)
    if kind is None:
        raise ValueError(f"Register the search kind {name!r} first (pdca.core.search.register).")
    perm = doc.perm if doc.perm is not None else (kind.perms[0] if kind.perms else "")
    if perm and perm not in kind.perms:
        raise ValueError(f"The search kind {name!r} does not declare the permission {perm!r}.")
    return SearchEntry(
        organisation_id=doc.obj.organisation_id,
        content_type=ContentType.objects.get_for_model(doc.obj),
        object_id=doc.obj.pk,
        kind=name,
        title=clean(doc.title, 300),
        body=clean(doc.body),
        file_text=clean(doc.file_text or ""),
        url=doc.url or doc.obj.get_absolute_url(),
        is_current=doc.is_current,
        perm=perm,
        user_id=getattr(doc.user, "pk", doc.user),
    )


UPDATED = ["organisation", "kind", "title", "body", "url", "is_current", "perm", "user", "updated_at"]


def _upsert(entries: list[SearchEntry], *, keep_file: bool) -> None:
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=UPDATED if keep_file else [*UPDATED, "file_text"],
    )


def _entries_of(obj):
    return SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def set_current(obj, is_current: bool) -> None:
    """Mark the entry of `obj` current or not (a superseded or withdrawn version) without re-indexing it."""
    _entries_of(obj).update(is_current=is_current)


def unindex(obj) -> None:
    """Remove the entry of `obj`; call it before deleting the row (while it still has its id)."""
    entries = _entries_of(obj)
    entries._raw_delete(entries.db)  # one DELETE: the entry has no dependants and no signals of its own


def index_file_later(obj, *, file_field: str = "file", **fields) -> None:
    """`index(obj, **fields)` now; after the commit, a background task adds the text of `obj.<file_field>`."""
    index(obj, **fields)
    ct_id = ContentType.objects.get_for_model(obj).pk
    transaction.on_commit(lambda: _enqueue_extraction(ct_id, obj.pk, file_field))


def _enqueue_extraction(content_type_id: int, object_id: int, file_field: str) -> None:
    from pdca.core.tasks import extract_search_text

    extract_search_text.enqueue(content_type_id, object_id, file_field)


def extract_file_text(content_type_id: int, object_id: int, file_field: str) -> dict:
    """The task's work: read the file's text into the row's entry. A bad file leaves the text empty."""
    from pdca.core import textextract

    entry = SearchEntry.objects.filter(content_type_id=content_type_id, object_id=object_id).first()
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    obj = model._base_manager.filter(pk=object_id).first() if model else None
    if entry is None or obj is None:
        return {"chars": 0, "error": "gone"}
    try:
        text, error = textextract.extract_field_file(_attribute(obj, file_field)), ""
    except textextract.ExtractionError as exc:
        text, error = "", str(exc)
    text = clean(text)
    SearchEntry.objects.filter(pk=entry.pk).update(file_text=text)
    BACKEND.write_file_vector(entry.pk, text)
    return {"chars": len(text), "error": error}


def _attribute(obj, path: str):
    """obj.a.b for "a.b": a file reached through a relation (a revision's attachment's file)."""
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def reindex(orgs: Iterable, *, repair: bool = False) -> int:
    """Rebuild every registered kind's entries of `orgs` and drop entries whose row is gone.

    `repair` also rebuilds the engine's index of the whole table from the stored text (file text included).
    """
    from django.utils import timezone

    count = 0
    kinds = [kind for kind in KINDS.values() if kind.rebuild]
    for org in orgs:
        with transaction.atomic():
            started = timezone.now()
            for kind in kinds:
                count += kind.rebuild(org) or 0
            stale = SearchEntry.objects.filter(
                organisation=org, kind__in=[k.name for k in kinds], updated_at__lt=started
            )
            stale._raw_delete(stale.db)
    if repair:
        BACKEND.repair()
    return count


# --- Reading: the query, the engines, the results


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]  # lower case, as typed (SQLite folds them itself)
    prefix: bool  # the last word may be the start of a longer one

    @classmethod
    def parse(cls, text: str) -> "Query":
        found = []
        for word in WORD.findall(clean(text or "", MAX_QUERY_CHARS).lower()):
            if len(word) <= MAX_WORD_CHARS and word not in found:
                found.append(word)
        found = found[:MAX_WORDS]
        return cls(tuple(found), bool(found) and len(found[-1]) >= MIN_PREFIX_CHARS)

    def pattern(self) -> re.Pattern | None:
        """The words as a regular expression over folded text, for highlighting."""
        if not self.words:
            return None
        alternatives = [re.escape(fold(w)) for w in self.words]
        if self.prefix:
            alternatives[-1] += r"[^\W_]*"
        alternatives.sort(key=len, reverse=True)
        return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    snippet: str
    snippet_html: SafeString
    url: str
    is_current: bool
    rank: float
    content_type_id: int
    object_id: int


@dataclass(frozen=True)
class Results:
    items: list[Result]
    total: int
    query: Query
    capped: bool = False  # more than MAX_RANKED matched: total is MAX_RANKED, the newest were ranked


def visible_perms(user, org) -> list[str]:
    """The entry permissions `user` has in `org` ("" is every member's); no query after the membership."""
    perms = sorted({perm for kind in KINDS.values() for perm in kind.perms})
    return ["", *(perm for perm in perms if user.has_perm(perm, org))]


def search(
    org, user, query: str, *, include_obsolete: bool = False, kinds=None, limit: int = 20, offset: int = 0
) -> Results:
    """The entries of `org` matching every word of `query` that `user` may see, best first (two queries)."""
    parsed = Query.parse(query)
    if not parsed.words or not getattr(user, "is_authenticated", False):
        return Results([], 0, parsed)
    where, params = ["s.organisation_id = %s"], [org.pk]
    if not include_obsolete:
        where.append("s.is_current")
    perms = visible_perms(user, org)
    where.append(f"(s.perm IN ({', '.join(['%s'] * len(perms))}) OR s.user_id = %s)")
    params += [*perms, user.pk]
    if kinds:
        names = [k for k in kinds if k in KINDS] or [""]
        where.append(f"s.kind IN ({', '.join(['%s'] * len(names))})")
        params += names
    limit, offset = max(1, min(int(limit), 100)), max(0, min(int(offset), 100_000))
    rows, capped = BACKEND.run(parsed, " AND ".join(where), params, limit, offset)
    pattern = parsed.pattern()
    return Results([_result(row, pattern) for row in rows], rows[0][-1] if rows else 0, parsed, capped)


COLUMNS = "e.kind, e.title, e.body, e.file_text, e.url, e.is_current, e.content_type_id, e.object_id"


def _result(row, pattern) -> Result:
    kind, title, body, file_text, url, is_current, ct_id, object_id, rank, _total = row
    snippet, snippet_html = _snippet((body, file_text), pattern)
    kind_info = KINDS.get(kind)
    return Result(
        kind=kind,
        kind_label=str(kind_info.label) if kind_info else kind,
        title=title,
        title_html=highlight(title, pattern),
        snippet=snippet,
        snippet_html=snippet_html,
        url=url,
        is_current=bool(is_current),
        rank=float(rank),
        content_type_id=ct_id,
        object_id=object_id,
    )


class Engine:
    """Two queries (SQLite's way; PostgreSQL does it in one): the MAX_RANKED-th newest visible match, then
    the page ranked among the matches since it.

    Ranking reads every ranked match's word statistics (a few µs each): bounded, a word found in most
    entries still answers fast, its newest matches ranked. The texts are read for the page's rows only.
    """

    NEWEST = PAGE = ""

    def term(self, query: Query) -> str:
        raise NotImplementedError

    def run(self, query: Query, where: str, params: list, limit: int, offset: int) -> tuple[list, bool]:
        term = self.term(query)
        with connection.cursor() as cursor:
            cursor.execute(self.NEWEST.format(where=where), [term, *params, MAX_RANKED - 1])
            newest = cursor.fetchone()
            cursor.execute(self.PAGE.format(where=where), [term, newest[0] if newest else 0, *params, limit, offset])
            return cursor.fetchall(), newest is not None


class SQLiteBackend(Engine):
    """FTS5 over core_searchentry (external content, kept by triggers); bm25 with the title weighing most.

    CROSS JOIN keeps the FTS5 table the outer loop (the other way round, SQLite runs the MATCH once per
    row of the organisation), and each match's filters are read from the narrow searchentry_filter index
    rather than from the row and its text. The rank column, not bm25(): FTS5 refuses auxiliary functions
    next to a window function.
    """

    MATCHES = (
        " FROM core_searchentry_fts CROSS JOIN core_searchentry s INDEXED BY searchentry_filter"
        " ON s.id = core_searchentry_fts.rowid WHERE core_searchentry_fts MATCH %s"
    )
    NEWEST = "SELECT s.id" + MATCHES + " AND {where} ORDER BY core_searchentry_fts.rowid DESC LIMIT 1 OFFSET %s"
    PAGE = (
        f"SELECT {COLUMNS}, r.rank, r.total FROM ("  # noqa: S608 fixed fragments; values are parameters
        " SELECT s.id, -core_searchentry_fts.rank AS rank, COUNT(*) OVER () AS total" + MATCHES + " AND"
        " core_searchentry_fts.rank MATCH 'bm25(10.0, 2.0, 1.0)' AND core_searchentry_fts.rowid >= %s AND {where}"
        " ORDER BY rank DESC, s.id LIMIT %s OFFSET %s"
        ") r JOIN core_searchentry e ON e.id = r.id ORDER BY r.rank DESC, e.id"
    )

    def term(self, query: Query) -> str:
        # Each word quoted as an FTS5 string: no operator, column filter or syntax error can come from it.
        quoted = " ".join(f'"{word}"' for word in query.words)
        return quoted + ("*" if query.prefix else "")

    def write_vectors(self, entries, *, keep_file: bool) -> None:
        """Nothing to do: the triggers keep the FTS5 table in step with every write."""

    def write_file_vector(self, entry_id: int, text: str) -> None:
        """Nothing to do: the triggers keep the FTS5 table in step with every write."""

    def repair(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO core_searchentry_fts(core_searchentry_fts) VALUES ('rebuild')")


class PostgresBackend(Engine):
    """A tsvector (title A, text B, file text C) under a GIN index; ts_rank orders the matches.

    The vector lives in core_searchvector, a narrow copy of each entry's filter columns kept by a trigger
    (migration 0005): reading a match's filters and vector there is a fraction of a page, where the wide
    entry row cost a page each. One query instead of the base's two: the newest MAX_RANKED + 1 matches
    are read once (walking the primary key backwards stops there, however common the word), ranked, counted
    and paged together; the extra row only says that more matched.
    """

    TITLE_AND_TEXT = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    FILE = "setweight(to_tsvector('simple', %s), 'C')"

    RANKED = (
        "WITH m AS MATERIALIZED ("  # noqa: S608 fixed fragments; values are parameters
        " SELECT s.id, ts_rank(s.search_vector, q) AS rank FROM core_searchvector s, to_tsquery('simple', %s) q"
        " WHERE s.search_vector @@ q AND {where} ORDER BY s.id DESC LIMIT %s)"
        f" SELECT {COLUMNS}, r.rank, r.total FROM ("
        " SELECT id, rank, total FROM ("
        "  SELECT id, rank, COUNT(*) OVER () AS total, ROW_NUMBER() OVER (ORDER BY id DESC) AS newest FROM m"
        " ) k WHERE newest <= %s ORDER BY rank DESC, id LIMIT %s OFFSET %s"
        ") r JOIN core_searchentry e ON e.id = r.id ORDER BY r.rank DESC, e.id"
    )

    def run(self, query: Query, where: str, params: list, limit: int, offset: int) -> tuple[list, bool]:
        with connection.cursor() as cursor:
            cursor.execute(
                self.RANKED.format(where=where),
                [self.term(query), *params, MAX_RANKED + 1, MAX_RANKED, limit, offset],
            )
            rows = cursor.fetchall()
        capped = bool(rows) and rows[0][-1] > MAX_RANKED
        return ([(*row[:-1], MAX_RANKED) for row in rows] if capped else rows), capped

    def term(self, query: Query) -> str:
        # Words are letters and digits only, so they carry no tsquery operator.
        return " & ".join(fold(w) for w in query.words) + (":*" if query.prefix else "")

    def write_vectors(self, entries, *, keep_file: bool) -> None:
        file_part = "ts_filter(v.search_vector, '{c}')" if keep_file else self.FILE
        sql = (
            f"UPDATE core_searchvector v SET search_vector = {self.TITLE_AND_TEXT} || {file_part}"  # noqa: S608 fixed
            " FROM core_searchentry e WHERE v.id = e.id AND e.content_type_id = %s AND e.object_id = %s"
        )
        rows = [
            [
                _joined(e.title),
                _joined(e.body),
                *([] if keep_file else [_joined(e.file_text)]),
                e.content_type_id,
                e.object_id,
            ]
            for e in entries
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def write_file_vector(self, entry_id: int, text: str) -> None:
        vector = f"ts_filter(search_vector, '{{a,b}}') || {self.FILE}"
        sql = f"UPDATE core_searchvector SET search_vector = {vector} WHERE id = %s"  # noqa: S608 fixed fragments
        with connection.cursor() as cursor:
            cursor.execute(sql, [_joined(text), entry_id])

    def repair(self) -> None:
        with connection.cursor() as cursor:  # the filter columns first, for entries the trigger missed
            cursor.execute(
                "INSERT INTO core_searchvector (id, organisation_id, is_current, perm, user_id, kind)"
                " SELECT id, organisation_id, is_current, perm, user_id, kind FROM core_searchentry"
                " ON CONFLICT (id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id,"
                " is_current = EXCLUDED.is_current, perm = EXCLUDED.perm, user_id = EXCLUDED.user_id,"
                " kind = EXCLUDED.kind"
            )
        rows = SearchEntry.objects.order_by("pk").values_list("title", "body", "file_text", "pk")
        sql = f"UPDATE core_searchvector SET search_vector = {self.TITLE_AND_TEXT} || {self.FILE} WHERE id = %s"  # noqa: S608
        for batch in batched(rows.iterator(chunk_size=1000), 1000):
            with connection.cursor() as cursor:
                cursor.executemany(sql, [[_joined(t), _joined(b), _joined(f), pk] for t, b, f, pk in batch])


def _joined(text: str) -> str:
    return " ".join(words(text))


class _Backend:
    """The engine of the default database, chosen on first use (settings may change in tests)."""

    def __getattr__(self, name):
        engine = PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
        return getattr(engine, name)


BACKEND = _Backend()


# --- Snippets and highlights (the same for both engines)


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """`text` escaped, with the query's words in <mark>."""
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(fold(text)):
        parts += [escape(text[last : match.start()]), "<mark>", escape(text[match.start() : match.end()]), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of text above is escaped


def _snippet(texts, pattern) -> tuple[str, SafeString]:
    """A window of the first text with a match (around the match), or the start of the first text."""
    for text in texts:
        at = _find(text, pattern)
        if at is not None:
            return _window(text, max(0, at - SNIPPET_CHARS // 3), pattern)
    first = next((t for t in texts if t), "")
    return _window(first, 0, pattern)


def _find(text: str, pattern, chunk: int = 20_000) -> int | None:
    """Offset of the first match; folds the text a chunk at a time, so a long text stops early."""
    if pattern is None:
        return None
    for start in range(0, len(text), chunk):
        begin = max(0, start - MAX_WORD_CHARS)  # a word cut by the chunk's edge is matched whole
        match = pattern.search(fold(text[begin : start + chunk + MAX_WORD_CHARS]))
        if match:
            return begin + match.start()
    return None


def _window(text: str, start: int, pattern) -> tuple[str, SafeString]:
    if start:
        space = text.find(" ", start, start + 30)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        end = space if space > start else end
    piece = " ".join(text[start:end].split())
    before, after = ("… " if start else ""), (" …" if end < len(text) else "")
    return before + piece + after, mark_safe(before + highlight(piece, pattern) + after)
