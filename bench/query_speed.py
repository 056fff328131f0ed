"""Query speed on a large store (issue 5): a database of >= 1,000,000 quotes, and three queries timed.

The large store is SYNTHETIC: real quotes, replicated and perturbed. onrecord first extracts the
quotes of some PolNeAR train articles (or takes an existing database, ``--source``); then each
source article is written many times through the ordinary write path (``Store.add_articles``,
then ``Store.relink``), each copy perturbed so the store looks like years of news rather than one
week repeated:

- a new article id (so new quote ids), and a published date moved by the copy number, spread over
  ~15 years (statement dates move with it);
- one of 40 outlets, "Outlet 01" to "Outlet 40", by copy and article;
- speakers: the names as written are kept in one copy in ``KEEP_NAMES``; in the others a person's
  surname gets a numbered suffix ("Trump-17"), so the store has tens of thousands of speakers, as
  a real one does, and a real name has hundreds to thousands of quotes, not a million.

The text of the quotes is not changed: full-text hits grow with the number of copies.

Timed, each the median of ``--repeat`` runs after one warm-up, on the Store API an analyst uses:

- full-text search: ``Store.quotes(search=WORDS, limit=50)`` (the first page, in date order), and
  the number of hits;
- speaker timelines: ``Store.quotes(speaker=NAME)`` in date order (the name resolved through
  ``speaker_names``, as ``onrecord quotes --speaker``): every quote of the median real speaker, the
  first 100 and every quote of the most quoted one (thousands of rows: that one is bound by building
  the Python rows, about 20 µs each, not by SQLite);
- outlet count over time: quotes per month for one outlet (plain SQL, as in any SQLite tool).

    python bench/query_speed.py                       # builds /tmp/onrecord-query-bench/big.db
    python bench/query_speed.py --reuse               # time the queries on the database built before
    python bench/query_speed.py --quotes 200000       # a smaller store
"""

from __future__ import annotations

import argparse
import hashlib
import math
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from onrecord.model import Article, SpeakerRef
from onrecord.store import Store
from onrecord.store.names import refresh

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "data" / "train" / "text"
WORK = Path("/tmp/onrecord-query-bench")
OUTLETS = [f"Outlet {i:02d}" for i in range(1, 41)]
KEEP_NAMES = 25
"""One copy in this many keeps the speakers' real names: with ~2,000 source quotes replicated ~500
times, the most quoted source speaker ends with a few thousand quotes, a heavy but real timeline."""
FIRST_DAY = date(2010, 1, 1)
TARGET_MS = 50.0


def source_articles(args: argparse.Namespace) -> list[Article]:
    """Real extracted articles: from ``--source`` or by ingesting PolNeAR train files now."""
    db = args.source
    if db is None:
        from onrecord.ingest.files import discover
        from onrecord.pipeline import Pipeline

        files = [p for p in discover([POLNEAR]) if isinstance(p, Path)][: args.files]
        if not files:
            sys.exit(f"no PolNeAR texts at {POLNEAR}: pass --source DB")
        db = WORK / "source.db"
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        with Store(db) as store:
            Pipeline(n_process=args.processes).ingest(files, store, lambda p: None)
        took = time.perf_counter() - started
        print(f"source: {len(files)} PolNeAR train files extracted in {took:.0f} s", flush=True)
    with Store(db) as store:
        return [a for a in store.articles() if a.quotes]


def _stable(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def _shift(day: str | None, by: int) -> str | None:
    if not day:
        return None
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=by)).isoformat()
    except ValueError:
        return None


def perturbed(sources: list[Article], copies: int) -> Iterator[Article]:
    """Each source article ``copies`` times, perturbed as the module docstring says."""
    span_days = 15 * 365
    for k in range(copies):
        for i, a in enumerate(sources):
            offset = (k * 11 + i) % span_days  # copies spread over the years, not in one block
            own = date.fromisoformat(a.published[:10]) if a.published else FIRST_DAY
            published = (FIRST_DAY + timedelta(days=offset)).isoformat()
            by = (date.fromisoformat(published) - own).days
            article_id = _stable(a.id, k)
            quotes = []
            for q in a.quotes:
                name = q.speaker.name
                if name and k % KEEP_NAMES and q.speaker.kind == "person":
                    name = f"{name}-{k % 97}"
                speaker = SpeakerRef(name, q.speaker.mention, q.speaker.role, q.speaker.kind)
                quotes.append(replace(q, speaker=speaker, said_on=_shift(q.said_on, by)).with_id(article_id))
            yield replace(
                a,
                id=article_id,
                outlet=OUTLETS[(k + i) % len(OUTLETS)],
                published=published,
                source=f"{a.source}#copy{k}",
                url=None,
                quotes=tuple(quotes),
            )


def build(args: argparse.Namespace, db: Path) -> None:
    sources = source_articles(args)
    n_source = sum(len(a.quotes) for a in sources)
    copies = math.ceil(args.quotes / n_source)
    print(f"building {db}: {n_source} real quotes in {len(sources)} articles, x{copies} copies, perturbed", flush=True)
    db.unlink(missing_ok=True)
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    started = time.perf_counter()
    with Store(db) as store:
        store.add_articles(perturbed(sources, copies), batch_size=500)
        wrote = time.perf_counter()
        store.relink()
        relinked = time.perf_counter()
        refresh(store.db)  # as Pipeline.ingest does after relinking
        print(
            f"  written in {wrote - started:.0f} s, relinked in {relinked - wrote:.0f} s, speaker-name keys in "
            f"{time.perf_counter() - relinked:.1f} s",
            flush=True,
        )


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(median ms, max ms, last result) of ``repeat`` runs after one warm-up run."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


OUTLET_MONTHS = """
SELECT substr(COALESCE(q.said_on, a.published), 1, 7) AS month, COUNT(*) AS quotes
FROM articles a JOIN quotes q ON q.article_id = a.id
WHERE a.outlet = ?
GROUP BY month ORDER BY month
"""


def queries(db: Path, args: argparse.Namespace) -> list[str]:
    with Store(db) as store:
        counts = store.counts()
        speakers = store.db.execute("SELECT COUNT(*) FROM speaker_aliases").fetchone()[0]
        print(
            f"store: {counts['quotes']:,} quotes (synthetic: real quotes replicated and perturbed), "
            f"{counts['articles']:,} articles, {counts['speakers']:,} speakers, {speakers:,} aliases; "
            f"{db.stat().st_size / 2**20:,.0f} MB"
        )
        heavy, typical = _speakers(store)
        heavy = args.speaker or heavy
        plans: list[tuple[str, Callable[[], Any], Callable[[Any], str]]] = [
            (
                f"full-text search {args.search!r}, first 50 in date order",
                lambda: store.quotes(search=args.search, limit=50),
                lambda rows: f"{len(rows)} rows of {_hits(store, args.search):,} hits",
            ),
            (
                f"speaker timeline {typical!r} (median real speaker), every quote",
                lambda: store.quotes(speaker=typical),
                lambda rows: f"{len(rows):,} rows",
            ),
            (
                f"speaker timeline {heavy!r} (most quoted), first 100",
                lambda: store.quotes(speaker=heavy, limit=100),
                lambda rows: f"{len(rows):,} rows",
            ),
            (
                f"speaker timeline {heavy!r} (most quoted), every quote",
                lambda: store.quotes(speaker=heavy),
                lambda rows: f"{len(rows):,} rows",
            ),
            (
                f"speaker name lookup {heavy!r} (part of each timeline)",
                lambda: store.speaker_names(heavy),
                lambda names: f"{len(names)} name(s)",
            ),
            (
                f"outlet count per month {OUTLETS[0]!r}",
                lambda: store.db.execute(OUTLET_MONTHS, (OUTLETS[0],)).fetchall(),
                lambda rows: f"{len(rows)} months, {sum(r[1] for r in rows):,} quotes",
            ),
        ]
        slow = []
        for label, fn, describe in plans:
            median, worst, result = timed(fn, args.repeat)
            mark = "ok" if median < TARGET_MS else "SLOW"
            if median >= TARGET_MS:
                slow.append(label)
            print(f"  {label}: median {median:.1f} ms (max {worst:.1f}, {args.repeat} runs) {mark}; {describe(result)}")
        return slow


def _hits(store: Store, words: str) -> int:
    from onrecord.store.sqlite import _fts_query

    sql = "SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH ?"
    return int(store.db.execute(sql, (_fts_query(words),)).fetchone()[0])


def _speakers(store: Store) -> tuple[str, str]:
    """(most quoted, median) real person: the names kept unsuffixed, as in the source articles."""
    rows = store.db.execute(
        "SELECT speaker, COUNT(*) n FROM quotes WHERE speaker_kind = 'person' AND speaker IS NOT NULL"
        " GROUP BY speaker ORDER BY n DESC"
    ).fetchall()
    real = [r[0] for r in rows if not r[0].rsplit("-", 1)[-1].isdigit()]
    if not real:
        sys.exit("no person speakers in the store")
    return real[0], real[len(real) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=1_000_000, help="at least this many quotes in the store")
    parser.add_argument("--db", type=Path, default=WORK / "big.db", help="where to build it (never the repo)")
    parser.add_argument("--reuse", action="store_true", help="time the queries on an existing --db")
    parser.add_argument("--source", type=Path, help="an onrecord database to take the real quotes from")
    parser.add_argument("--files", type=int, default=200, help="PolNeAR train files to extract without --source")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--search", default="health care", help="words for the full-text search")
    parser.add_argument("--speaker", help="name for the timeline (default: the most quoted real person)")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if str(args.db.resolve()).startswith(str(ROOT)):
        sys.exit("build the large database outside the repository (default /tmp/onrecord-query-bench)")
    if not (args.reuse and args.db.exists()):
        build(args, args.db)
    slow = queries(args.db, args)
    print(f"queries_under_{TARGET_MS:.0f}ms: " + ("all" if not slow else "all but " + "; ".join(slow)))


if __name__ == "__main__":
    main()
