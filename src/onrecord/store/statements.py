"""Statement groups and topics in the database, computed on demand (they need the embedding model).

``refresh`` embeds the quotes that have no vector yet (vectors are kept, so a re-run embeds only
new quotes), regroups every quote into statements, and re-tags topics. It runs when a command
that reads groups or topics finds the store changed since the last run (new quotes, new
corrections, a new topic file), so ``ingest`` stays as fast as before.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from onrecord.link.embed import DIM, MODEL_ID, shared_embedder
from onrecord.link.statements import MODEL, StatementInput, group_statements, names_in
from onrecord.link.topics import Topic, auto_topics, load_topic_file, parse_topics, user_topics
from onrecord.model import stable_id
from onrecord.store.record import ensure_schema

if TYPE_CHECKING:
    import numpy as np

SCHEMA = """
CREATE TABLE IF NOT EXISTS quote_vectors (
    quote_id TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    vector BLOB NOT NULL            -- float32 x 384, unit length
);
CREATE TABLE IF NOT EXISTS statement_groups (
    quote_id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL,         -- the same for every report of one statement
    rank INTEGER NOT NULL           -- 0 for the first report (earliest date), then 1, 2, ...
);
CREATE INDEX IF NOT EXISTS statement_groups_group ON statement_groups(group_id, rank);
CREATE TABLE IF NOT EXISTS quote_topics (
    quote_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    source TEXT NOT NULL,           -- 'user' (the topic file) or 'auto' (discovered clusters)
    score REAL NOT NULL,
    PRIMARY KEY (quote_id, topic)
);
CREATE TABLE IF NOT EXISTS record_state (key TEXT PRIMARY KEY, value TEXT);
"""


def ensure(db: sqlite3.Connection) -> None:
    ensure_schema(db)
    db.executescript(SCHEMA)


def set_topics(db: sqlite3.Connection, path: str | Path) -> list[Topic]:
    """Read a topic file and keep it in the database: later refreshes use it until replaced."""
    topics = load_topic_file(path)
    ensure(db)
    payload = {t.name: {"keywords": list(t.keywords), "examples": list(t.examples)} for t in topics}
    with db:
        db.execute("INSERT OR REPLACE INTO record_state VALUES ('topics', ?)", (json.dumps(payload),))
    return topics


def stored_topics(db: sqlite3.Connection) -> list[Topic]:
    ensure(db)
    row = db.execute("SELECT value FROM record_state WHERE key = 'topics'").fetchone()
    return parse_topics(json.loads(row[0])) if row else []


def _fingerprint(db: sqlite3.Connection) -> str:
    def values(sql: str) -> str:
        # Plain tuples: the store's rows are sqlite3.Row objects, whose str() is their memory
        # address, so a fingerprint built from them changed from one call to the next.
        return str([tuple(r) for r in db.execute(sql)])

    parts = [
        values("SELECT COUNT(*), MAX(rowid) FROM quotes"),
        # Speaker entities and their counts change with every relink that moves a quote (corrections too).
        # Sorted here: group_concat's order over an ordered subquery is not guaranteed by SQLite.
        str(sorted(tuple(r) for r in db.execute("SELECT name, quotes FROM speakers"))),
        values("SELECT COUNT(*), MAX(id) FROM speaker_corrections"),
        values("SELECT value FROM record_state WHERE key = 'topics'"),
        MODEL_ID,
        repr(MODEL),  # a new same-statement model regroups an unchanged store
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def refresh(db: sqlite3.Connection, force: bool = False) -> bool:
    """Bring vectors, statement groups and topics up to date; returns whether anything was recomputed."""

    ensure(db)
    stamp = _fingerprint(db)
    row = db.execute("SELECT value FROM record_state WHERE key = 'fingerprint'").fetchone()
    if not force and row and row[0] == stamp:
        return False
    rows = db.execute(
        "SELECT q.id, q.text, q.speaker, COALESCE(d.said_on, q.said_on, d.earliest, a.published, '~') AS day,"
        " q.article_id FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN statement_dates d ON d.quote_id = q.id ORDER BY q.id"
    ).fetchall()
    vectors = _vectors(db, [(r[0], r[1]) for r in rows])
    # Whom each article names: an unresolved "he" in it can only be one of them.
    quoted = {r[4] for r in rows}
    named = {aid: names_in(text) for aid, text in db.execute("SELECT id, text FROM articles") if aid in quoted}
    items = [StatementInput(r[0], r[1], r[2], r[3], named.get(r[4])) for r in rows]
    groups = group_statements(items, vectors) if items else []
    group_rows = []
    for members in groups:
        gid = stable_id("statement", items[members[0]].id, length=12)
        group_rows.extend((items[i].id, gid, rank) for rank, i in enumerate(members))
    texts = [r[1] for r in rows]
    topics = stored_topics(db)
    examples = [e for t in topics for e in t.examples]
    example_vectors = shared_embedder().embed(examples) if examples else None
    tagged = [
        (items[m.quote].id, m.topic, "user", m.score) for m in user_topics(topics, texts, vectors, example_vectors)
    ]
    assign, labels = auto_topics(texts, vectors) if items else ([], [])
    tagged += [(items[i].id, f"auto: {labels[a]}", "auto", 1.0) for i, a in enumerate(assign)]
    with db:
        db.execute("DELETE FROM statement_groups")
        db.executemany("INSERT INTO statement_groups VALUES (?, ?, ?)", group_rows)
        db.execute("DELETE FROM quote_topics")
        db.executemany("INSERT OR REPLACE INTO quote_topics VALUES (?, ?, ?, ?)", tagged)
        db.execute("INSERT OR REPLACE INTO record_state VALUES ('fingerprint', ?)", (stamp,))
    return True


def _vectors(db: sqlite3.Connection, quotes: list[tuple[str, str]]) -> np.ndarray:
    """Vectors for ``quotes`` (id, text) in order, embedding only those not stored yet."""
    import numpy as np

    have = {
        r[0]: np.frombuffer(r[1], dtype=np.float32)
        for r in db.execute("SELECT quote_id, vector FROM quote_vectors WHERE model = ?", (MODEL_ID,))
    }
    missing = [(qid, text) for qid, text in quotes if qid not in have]
    if missing:
        new = shared_embedder().embed([t for _, t in missing])
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO quote_vectors VALUES (?, ?, ?)",
                [(qid, MODEL_ID, new[i].astype(np.float32).tobytes()) for i, (qid, _) in enumerate(missing)],
            )
        for i, (qid, _) in enumerate(missing):
            have[qid] = new[i]
    if not quotes:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([have[qid] for qid, _ in quotes])


def topics_of(db: sqlite3.Connection) -> dict[str, list[str]]:
    """quote id -> its topics (user topics first, then the discovered one)."""
    out: dict[str, list[str]] = defaultdict(list)
    for qid, topic in db.execute("SELECT quote_id, topic FROM quote_topics ORDER BY source DESC, score DESC, topic"):
        out[qid].append(topic)
    return dict(out)
