"""pdca's benchmark: page and API latency with a large organisation, on SQLite and PostgreSQL.

For each database: migrate, generate the data (benchmarks/generate.py; reused when the sizes
match), measure what a trail entry adds to a save (benchmarks/trail_cost.py), start gunicorn
with production settings on 127.0.0.1, log in, and time every URL of URLS below sequentially.
Prints one table per database and writes everything to benchmarks/results/<timestamp>.json.

    .venv/bin/python benchmarks/run.py                      # both databases, default sizes
    .venv/bin/python benchmarks/run.py --db sqlite --trail 100000 --requests 50
    make bench BENCH_ARGS="--db postgres --only trail"

The server, its static files and the SQLite file live under var/bench/ (PDCA_VAR), apart from
the development database. See benchmarks/README.md.
"""

import argparse
import ast
import contextlib
import datetime
import http.client
import json
import math
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

# --- What is measured. Add a page here; placeholders are filled from the generated data:
# {org} {standard} {requirement} {action_ct} {site_ct}, {assessment} (the gap assessment in progress),
# {response} (one of its applicable responses), {record} (the newest record), {document} (an effective
# document), {part} (a part number one revision mentions), {word} (a word of middling frequency) and
# dates {days_ago_7}
# {days_ago_30} {days_ago_90} {days_ago_365}. Paths under /api/ are requested with the API token, the
# others with the session. A third element "POST" makes the row the htmx scoring POST (measure_score).
# The first entry is the floor: every page's p50 is also shown as a multiple of it.
URLS = [
    ("floor (empty page)", "/o/{org}/floor/"),
    ("org home", "/o/{org}/"),
    ("catalogue (ISO 9001 tree)", "/o/{org}/catalogue/"),
    ("requirement", "/o/{org}/catalogue/{standard}/{requirement}/"),
    ("actions", "/o/{org}/actions/"),
    ("actions ?status=open", "/o/{org}/actions/?status=open"),
    ("people", "/o/{org}/people/"),
    ("trail", "/o/{org}/trail/"),
    ("trail ?type=action&since=90d", "/o/{org}/trail/?type={action_ct}&since={days_ago_90}"),
    ("trail ?type=site&since=7d", "/o/{org}/trail/?type={site_ct}&since={days_ago_7}"),
    ("trail ?until=365d", "/o/{org}/trail/?until={days_ago_365}"),
    ("api actions", "/api/v1/o/{org}/actions/"),
    ("api trail", "/api/v1/o/{org}/trail/"),
    ("gap assessments (list)", "/o/{org}/gap/assessments/"),
    ("gap results (in progress)", "/o/{org}/gap/assessments/{assessment}/"),
    ("gap scoring page", "/o/{org}/gap/assessments/{assessment}/score/"),
    ("gap scoring page, all 306", "/o/{org}/gap/assessments/{assessment}/score/?clause="),
    ("gap score one requirement POST", "/o/{org}/gap/responses/{response}/", "POST"),
    ("gap download xlsx", "/o/{org}/gap/assessments/{assessment}/download/xlsx/"),
    ("gap download docx", "/o/{org}/gap/assessments/{assessment}/download/docx/"),
    ("gap download pdf", "/o/{org}/gap/assessments/{assessment}/download/pdf/"),
    ("records register", "/o/{org}/records/"),
    ("record page", "/o/{org}/records/{record}/"),
    ("document register", "/o/{org}/documents/register/"),
    (
        "document register ?type=procedure&status=effective",
        "/o/{org}/documents/register/?doc_type=procedure&status=effective",
    ),
    ("document page", "/o/{org}/documents/register/{document}/"),
    ("search a part number", "/o/{org}/search/?q={part}"),
    ("search a word (in ~3 %)", "/o/{org}/search/?q={word}"),
    ("search documents ?q=cmm+probe (in 80 %)", "/o/{org}/search/?q=cmm+probe&kind=document"),
    ("search ?q=calibration", "/o/{org}/search/?q=calibration"),
]


def register_urls() -> list[tuple[str, str]]:
    """The URLS lists of benchmarks/gen_<app>.py (generate.py REGISTER_MODULES), read without importing them
    (they need Django set up; this script does not)."""
    found = []
    for path in sorted(Path(__file__).resolve().parent.glob("gen_*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "URLS" for t in node.targets):
                found += [tuple(url) for url in ast.literal_eval(node.value)]
    return found


URLS += register_urls()
# Slow URLs get at most this many timed requests (and a tenth of it untimed), so that a run stays in minutes.
MAX_REQUESTS = {
    "gap scoring page": 50,
    "gap scoring page, all 306": 50,
    "gap download xlsx": 50,
    "gap download docx": 50,
    "gap download pdf": 20,
}
# Modules being written elsewhere: their URL is skipped, with a note, while the module is missing.
NEEDS_MODULE = {
    "gap download xlsx": "gap/excel.py",
    "gap download docx": "gap/reports.py",
    "gap download pdf": "gap/reports.py",
}

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench"
RESULTS = BENCH_DIR / "results"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/pdca_bench"
HOST = "127.0.0.1"  # the benchmark only ever talks to the loopback interface


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both", help="default: both")
    p.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL),
        help=f"PostgreSQL database to use, created if missing (default: {DEFAULT_PG_URL})",
    )
    p.add_argument("--people", type=int, default=2000, help="default: 2000")
    p.add_argument("--actions", type=int, default=20000, help="default: 20000")
    p.add_argument("--trail", type=int, default=500000, help="default: 500000")
    p.add_argument("--sites", type=int, default=0, help="default: people/100")
    p.add_argument("--requests", type=int, default=200, help="timed requests per URL (default: 200)")
    p.add_argument("--warmup", type=int, default=10, help="untimed requests per URL first (default: 10)")
    p.add_argument("--saves", type=int, default=300, help="saves with and without the trail (default: 300)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default: 2)")
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="only URLs whose label contains TEXT (repeatable; the floor is always measured)",
    )
    p.add_argument("--fresh", action="store_true", help="drop the benchmark database(s) and start from scratch")
    p.add_argument("--regenerate", action="store_true", help="rebuild the data even if the sizes match")
    p.add_argument("--no-save-cost", action="store_true", help="skip the trail-entry save-cost measurement")
    p.add_argument("--no-upload-cost", action="store_true", help="skip the 5 MB PDF upload measurement")
    p.add_argument("--no-json", action="store_true", help="do not write benchmarks/results/<timestamp>.json")
    return p.parse_args(argv)


# --- Environment and subprocesses


def bench_env(database_url: str) -> dict:
    """Production settings on plain HTTP over loopback, with the query-count header switched on."""
    env = dict(os.environ)
    env.update(
        {
            "PDCA_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "k3y-not-secret-" * 4,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "PDCA_QUERY_COUNT_HEADER": "1",
            "PDCA_VAR": str(VAR),
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_step(label: str, cmd: list, env: dict, *, ok_codes=(0,)) -> tuple[int, float]:
    print(f"  {label}: {' '.join(str(c) for c in cmd[1:])}", flush=True)
    start = time.perf_counter()
    rc = subprocess.run([str(c) for c in cmd], env=env, cwd=ROOT, check=False).returncode
    elapsed = time.perf_counter() - start
    if rc not in ok_codes:
        raise RuntimeError(f"{label} failed with exit code {rc}")
    return rc, elapsed


def prepare_database(db: str, url: str, fresh: bool) -> None:
    if db == "sqlite":
        path = Path(urllib.parse.urlparse(url).path)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"unexpected PostgreSQL database name {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def database_version(db: str, url: str) -> str:
    if db == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url) as conn:
        return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0].split()[0]


# Lists every static source file the app's finders see, with size and time: collectstatic (about a
# minute on 2 cores, compressing everything again) only runs when this listing changes.
STATIC_FINGERPRINT = """
import hashlib, os
from django.contrib.staticfiles.finders import get_finders
h = hashlib.sha256()
for finder in get_finders():
    for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
        st = os.stat(storage.path(path))
        h.update(f"{path}|{st.st_size}|{st.st_mtime_ns};".encode())
print(h.hexdigest())
"""


def collect_static(env: dict, out: dict) -> None:
    fingerprint = subprocess.run(
        [str(VENV_BIN / "pdca"), "shell", "-c", STATIC_FINGERPRINT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    marker = VAR / "static" / ".bench-fingerprint"
    collected = (VAR / "static" / "staticfiles.json").exists() and marker.exists()
    if fingerprint and collected and marker.read_text() == fingerprint:
        print("  collectstatic: static files unchanged, skipped", flush=True)
        return
    _rc, out["collectstatic_s"] = run_step(
        "collectstatic", [VENV_BIN / "pdca", "collectstatic", "--noinput", "-v", "0"], env
    )
    if fingerprint:
        marker.write_text(fingerprint)


class Server:
    """gunicorn in its own process group, stopped on exit, Ctrl+C or error."""

    def __init__(self, env: dict, workers: int, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.proc: subprocess.Popen | None = None
        self.port = free_port()

    def __enter__(self):
        self.log = open(self.log_path, "w")
        cmd = [
            str(VENV_BIN / "gunicorn"),
            "pdca.wsgi:application",
            "--workers",
            str(self.workers),
            "--bind",
            f"{HOST}:{self.port}",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(
            cmd, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            for _ in range(120):  # up to 60 s
                if self.proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log_path}")
                with contextlib.suppress(OSError):
                    status, *_rest = request(self.port, "/healthz", {})
                    if status == 200:
                        return self
                time.sleep(0.5)
            raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {self.log_path}")
        except BaseException:
            self.__exit__()
            raise

    def __exit__(self, *exc):
        self.stop()
        self.log.close()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)  # the group is gunicorn's master and its workers
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- HTTP


def request(port: int, path: str, headers: dict, *, method="GET", body=None):
    """One request on a new connection (gunicorn's sync workers close it after each response)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - start
        return resp.status, data, resp.headers, elapsed
    finally:
        conn.close()


def cookies_of(headers) -> dict:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {k: m.value for k, m in jar.items()}


def log_in(port: int, username: str, password: str) -> dict:
    """Session cookie through the real login form (the cookies are Secure; a raw client sends them anyway),
    and an API token. Returns the headers for pages and for the API."""
    status, body, headers, _t = request(port, "/accounts/login/", {})
    csrf = cookies_of(headers).get("csrftoken")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf or not match:
        raise RuntimeError(f"login page: HTTP {status}, no CSRF token")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
    )
    status, _b, headers, _t = request(
        port,
        "/accounts/login/",
        {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        body=form,
    )
    cookies = cookies_of(headers)
    session = cookies.get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"login failed: HTTP {status}")
    csrf = cookies.get("csrftoken") or csrf  # Django rotates the CSRF token at login
    page_headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}"}
    status, body, _h, _t = request(
        port,
        "/api/v1/auth/token/",
        {"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        body=urllib.parse.urlencode({"username": username, "password": password}),
    )
    api_headers = {"Authorization": f"Token {json.loads(body)['token']}"} if status == 200 else page_headers
    return {"page": page_headers, "api": api_headers | {"Accept": "application/json"}, "csrf": csrf}


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def measure(port: int, path: str, headers: dict, *, warmup: int, n: int) -> dict:
    result = {"path": path}
    for _ in range(warmup):
        status, body, _h, _t = request(port, path, headers)
        if status != 200:
            return result | {"error": f"HTTP {status}", "body": body[:300].decode(errors="replace")}
    times, queries, sizes = [], set(), set()
    for _ in range(n):
        status, body, resp_headers, elapsed = request(port, path, headers)
        if status != 200:
            return result | {"error": f"HTTP {status} during the run"}
        times.append(elapsed * 1000)
        queries.add(int(resp_headers.get("X-Query-Count", -1)))
        sizes.add(len(body))
    return result | summarise(times, queries, sizes)


def summarise(times: list[float], queries: set[int], sizes: set[int]) -> dict:
    """p50/p95/max/mean of the timed requests, the query counts seen and the largest answer."""
    times = sorted(times)
    return {
        "requests": len(times),
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "max_ms": round(times[-1], 2),
        "mean_ms": round(sum(times) / len(times), 2),
        "queries": sorted(queries),
        "bytes": max(sizes),
    }


VERSION_IN_ROW = re.compile(rb'name="version" value="(\d+)"')


def measure_score(port: int, path: str, headers: dict, csrf: str, meta: dict, *, warmup: int, n: int) -> dict:
    """The htmx POST of one score (gap:response_update) as the browser sends it: session and CSRF cookies,
    X-CSRFToken and HX-Request headers, form fields score (cycling 0–4, never the current one) and version
    (read back from the row in each answer, which carries the new version)."""
    result = {"path": path, "method": "POST"}
    post_headers = headers | {
        "X-CSRFToken": csrf,
        "HX-Request": "true",
        "HX-Target": f"r-{meta['response']}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    version, score = meta["response_version"], meta["response_score"]
    times, queries, sizes = [], set(), set()
    for i in range(warmup + n):
        score = 0 if score is None else (score + 1) % 5
        body = urllib.parse.urlencode({"score": score, "version": version})
        status, data, resp_headers, elapsed = request(port, path, post_headers, method="POST", body=body)
        if status != 200:
            return result | {"error": f"HTTP {status}", "body": data[:300].decode(errors="replace")}
        match = VERSION_IN_ROW.search(data)
        if not match or int(match.group(1)) != version + 1:
            return result | {"error": f"no new version in the answer (sent {version})"}
        version = int(match.group(1))
        if i >= warmup:
            times.append(elapsed * 1000)
            queries.add(int(resp_headers.get("X-Query-Count", -1)))
            sizes.add(len(data))
    return result | summarise(times, queries, sizes)


def fill(path: str, meta: dict) -> str:
    today = datetime.date.today()
    values = {
        k: meta.get(k)
        for k in (
            "org",
            "standard",
            "requirement",
            "action_ct",
            "site_ct",
            "assessment",
            "response",
            "record",
            "document",
            "part",
            "word",
        )
    }
    values |= meta.get("placeholders", {})
    values |= {f"days_ago_{d}": (today - datetime.timedelta(days=d)).isoformat() for d in (7, 30, 90, 365)}
    return path.format(**values)


# --- One database


def bench_database(db: str, url: str, args, static_done: list) -> dict:
    env = bench_env(url)
    prepare_database(db, url, args.fresh)
    out: dict = {"database": database_version(db, url), "url": url if db == "postgres" else "var/bench/…"}
    print(f"\n== {out['database']} ({db})", flush=True)
    _rc, out["migrate_s"] = run_step("migrate", [VENV_BIN / "pdca", "migrate", "--noinput", "-v", "0"], env)
    if not static_done:
        collect_static(env, out)
        static_done.append(True)
    meta_path = VAR / f"meta-{db}.json"
    gen = [
        VENV_BIN / "python",
        BENCH_DIR / "generate.py",
        "--people",
        args.people,
        "--actions",
        args.actions,
        "--trail",
        args.trail,
        "--meta-out",
        meta_path,
    ]
    if args.sites:
        gen += ["--sites", args.sites]
    rc, _elapsed = run_step("generate", [*gen, *(["--reset"] if args.regenerate else [])], env, ok_codes=(0, 3))
    if rc == 3:  # the data is there with other sizes
        rc, _elapsed = run_step("generate", [*gen, "--reset"], env)
    meta = json.loads(meta_path.read_text())
    if db == "postgres" and not meta["generated"]:
        # Kept data that a new migration rewrote is left without statistics and visibility map until
        # autovacuum passes, as it soon would in production: do it now, so that runs compare like with like
        # (generate.py does the same after generating).
        vacuum = "from django.db import connection; connection.cursor().execute('VACUUM (ANALYZE)')"
        _rc, out["vacuum_s"] = run_step("VACUUM (ANALYZE)", [VENV_BIN / "pdca", "shell", "-c", vacuum], env)
    out["data"] = {
        "counts": meta["counts"],
        "generated_now": meta["generated"],
        "generation_s": meta["bench"].get("seconds"),
        "generation_steps": meta["bench"].get("steps"),
        "generated_at": meta["bench"].get("generated_at"),
    }
    if not args.no_save_cost:
        cost_path = VAR / f"save-cost-{db}.json"
        # In the second organisation, so that the probe's entries do not become the first page of the trail.
        run_step(
            "trail save cost",
            [
                VENV_BIN / "python",
                BENCH_DIR / "trail_cost.py",
                "--saves",
                args.saves,
                "--org",
                meta["other_org"],
                "--out",
                cost_path,
            ],
            env,
        )
        out["save_cost"] = json.loads(cost_path.read_text())
    if not args.no_upload_cost:
        upload_path = VAR / f"upload-cost-{db}.json"
        script = [VENV_BIN / "python", BENCH_DIR / "upload_cost.py", "--org", meta["other_org"], "--out", upload_path]
        run_step("5 MB PDF upload with its text", script, env)
        out["upload_cost"] = json.loads(upload_path.read_text())
    urls = [u for i, u in enumerate(URLS) if i == 0 or not args.only or any(t in u[0] for t in args.only)]
    package = Path(code_under_test(env).get("package") or ROOT / "src" / "pdca")
    out["urls"] = []
    with Server(env, args.workers, VAR / f"gunicorn-{db}.log") as server:
        print(f"  gunicorn on {HOST}:{server.port} with {args.workers} workers", flush=True)
        headers = log_in(server.port, meta["username"], meta["password"])
        for label, template, *method in urls:
            module = NEEDS_MODULE.get(label)
            if module and not (package / module).exists():
                print(f"    {label:<32} skipped: {module} is not there yet", flush=True)
                out["urls"].append({"label": label, "skipped": f"{module} missing"})
                continue
            try:
                path = fill(template, meta)
            except KeyError as missing:  # data generated before this page's generator existed
                print(f"    {label:<32} skipped: no {missing} in the data (--regenerate)", flush=True)
                out["urls"].append({"label": label, "skipped": f"no {missing} in the data"})
                continue
            n = min(args.requests, MAX_REQUESTS.get(label, args.requests))
            warmup = min(args.warmup, max(2, n // 10))
            if method == ["POST"]:
                row = {"label": label} | measure_score(
                    server.port, path, headers["page"], headers["csrf"], meta, warmup=warmup, n=n
                )
            else:
                kind = "api" if path.startswith("/api/") else "page"
                row = {"label": label} | measure(server.port, path, headers[kind], warmup=warmup, n=n)
            out["urls"].append(row)
            print(f"    {label:<32} {row.get('p50_ms', row.get('error'))}", flush=True)
    return out


# --- Output


def table(result: dict) -> str:
    data = result["data"]
    counts = data["counts"]
    gen = data["generation_s"]
    lines = [
        f"{result['database']}: {counts['people']} people, {counts['sites']} sites, {counts['actions']} actions, "
        f"{counts['trail']} trail entries ({counts['trail_all_orgs']} in all organisations), "
        f"{counts.get('assessments', 0)} gap assessments ({counts.get('responses', 0)} responses); "
        f"generated in {gen} s" + ("" if data["generated_now"] else f" on {data['generated_at']} (reused)"),
        f"{'URL':<32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p50/floor':>10}",
    ]
    floor = next((r.get("p50_ms") for r in result["urls"] if r["label"] == URLS[0][0]), None)
    for r in result["urls"]:
        if "skipped" in r:
            lines.append(f"{r['label']:<32} skipped ({r['skipped']})")
            continue
        if "error" in r:
            lines.append(f"{r['label']:<32} {r['error']}")
            continue
        q = r["queries"]
        queries = str(q[0]) if len(q) == 1 else f"{q[0]}-{q[-1]}"
        ratio = f"{r['p50_ms'] / floor:.1f}" if floor else "-"
        lines.append(f"{r['label']:<32} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {queries:>8} {ratio:>10}")
    cost = result.get("save_cost")
    if cost:
        lines.append(
            f"one trail entry per save adds {cost['added_mean_ms']:.2f} ms mean / {cost['added_median_ms']:.2f} ms "
            f"median (save {cost['with_trail_mean_ms']:.2f} ms with, {cost['without_trail_mean_ms']:.2f} ms without; "
            f"of which commit +{cost['added_commit_mean_ms']:.2f} ms; {cost['saves_each']} saves each)"
        )
    upload = result.get("upload_cost")
    if upload:
        lines.append(
            f"a {upload['file_mb']} MB PDF uploaded with its text: {upload['total_median_s']:.2f} s median "
            f"(upload {upload['upload_median_s']:.2f} s + text {upload['extraction_median_s']:.2f} s, "
            f"{upload['chars_extracted']} characters; max {upload['total_max_s']:.2f} s of {upload['runs']})"
        )
    return "\n".join(lines)


def code_under_test(env: dict) -> dict:
    """Where the `pdca` package the server imports comes from, its commit, and files changed since."""
    found = subprocess.run(
        [str(VENV_BIN / "python"), "-c", "import pathlib, pdca; print(pathlib.Path(pdca.__file__).parent)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not found:
        return {}

    def git(*args):
        return subprocess.run(["git", *args], cwd=found, capture_output=True, text=True, check=False).stdout.strip()

    changed = [line for line in git("status", "--porcelain", "--", ".").splitlines() if line.strip()]
    return {"package": found, "commit": git("rev-parse", "--short", "HEAD"), "uncommitted_files": len(changed)}


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    urls = {"sqlite": f"sqlite:///{VAR / 'pdca-bench.sqlite3'}", "postgres": args.pg_url}
    VAR.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    report = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "code": code_under_test(bench_env(urls[dbs[0]])),
        "args": vars(args),
        "databases": {},
    }

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)  # so that `finally` and Server.__exit__ run
    static_done: list = []
    failed = False
    for db in dbs:
        try:
            report["databases"][db] = bench_database(db, urls[db], args, static_done)
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            return 130
        except Exception as exc:  # one database failing still reports the other
            print(f"\n{db}: {type(exc).__name__}: {exc}", file=sys.stderr)
            report["databases"][db] = {"error": f"{type(exc).__name__}: {exc}"}
            failed = True
    report["machine"]["load_average_end"] = os.getloadavg()
    report["seconds"] = round((datetime.datetime.now(datetime.UTC) - started).total_seconds(), 1)
    m, code = report["machine"], report["code"]
    print(
        f"\nmachine: {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, "
        f"load average {m['load_average'][0]:.1f} at start, {m['load_average_end'][0]:.1f} at end"
    )
    if code:
        print(f"code: {code['package']} at {code['commit']}, {code['uncommitted_files']} files changed since")
    for db, result in report["databases"].items():
        print()
        print(table(result) if "error" not in result else f"{db}: {result['error']}")
    if not args.no_json:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{started:%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(report, indent=2, default=str))
        print(f"\nresults: {path.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
