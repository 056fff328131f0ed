"""An index from spelling-insensitive name keys to speaker aliases, so ``--speaker`` stays fast.

``Store.speaker_names`` matches a typed name against every alias by transliteration keys
(Sergey/Sergei, Zelensky/Zelenskyy, a bare surname). Those keys are Python functions SQLite cannot
index, and computing them for every alias on every query cost 180 ms at 12,000 aliases (about
1.5 s at a million quotes: bench/query_speed.py). Here each alias's keys are computed once and
stored in ``speaker_alias_keys`` (plain SQLite, indexed), so a query reads a handful of candidate
rows; ``speaker_names`` still applies its own matching rule to them, so results are unchanged.

Freshness without touching the writers: plain-SQL triggers (which work from any SQLite tool) bump
``meta.aliases_version`` whenever ``speaker_aliases`` changes; the keys record the version they were
built from and are rebuilt when it differs (``Pipeline.ingest`` does it right after relinking, so
queries do not pay for it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from onrecord.link.speakers import name_key, translit_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS speaker_alias_keys (
    key TEXT NOT NULL,              -- 'lower:', 'speaker:', 'last:' or 'word:' + a key (see alias_keys)
    alias TEXT NOT NULL,
    PRIMARY KEY (key, alias)
) WITHOUT ROWID;
INSERT OR IGNORE INTO meta VALUES ('aliases_version', '0');
INSERT OR IGNORE INTO meta VALUES ('alias_keys_version', '-1');
CREATE TRIGGER IF NOT EXISTS speaker_aliases_ins AFTER INSERT ON speaker_aliases BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_version';
END;
CREATE TRIGGER IF NOT EXISTS speaker_aliases_del AFTER DELETE ON speaker_aliases BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_version';
END;
CREATE TRIGGER IF NOT EXISTS speaker_aliases_upd AFTER UPDATE ON speaker_aliases BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'aliases_version';
END;
"""


KEYS = 2
"""The version of the key functions (``link.speakers.name_key``): a store built with other keys
rebuilds them on its next query (2: titles, generational suffixes and surname particles)."""


def alias_keys(alias: str, speaker: str) -> Iterator[str]:
    """Every key under which ``speaker_names`` may match this alias (a superset of its rule)."""
    yield "lower:" + alias.lower()
    yield "speaker:" + speaker.lower()
    yield "last:" + name_key(alias)[1]
    for word in alias.split():
        yield "word:" + translit_key(word)


def query_keys(query: str) -> list[str]:
    """The keys a typed name is looked up under (mirrors the branches of ``speaker_names``)."""
    q = query.strip()
    first, last = name_key(q)
    keys = ["lower:" + q.lower(), "speaker:" + q.lower(), "last:" + last]
    if not first:
        keys.append("word:" + translit_key(q))
    return keys


def _version(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def refresh(db: sqlite3.Connection) -> None:
    """Create the key table and its triggers if missing; rebuild the keys if the aliases changed."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'speaker_aliases_upd'").fetchone() is None:
        with db:
            db.executescript(SCHEMA)
    current = f"{_version(db, 'aliases_version')}/{KEYS}"
    if current == _version(db, "alias_keys_version"):
        return
    rows = db.execute("SELECT alias, speaker FROM speaker_aliases").fetchall()
    with db:
        db.execute("DELETE FROM speaker_alias_keys")
        db.executemany(
            "INSERT OR IGNORE INTO speaker_alias_keys (key, alias) VALUES (?, ?)",
            ((key, alias) for alias, speaker in rows for key in alias_keys(alias, speaker)),
        )
        db.execute("UPDATE meta SET value = ? WHERE key = 'alias_keys_version'", (current,))


def candidates(db: sqlite3.Connection, query: str) -> list[tuple[str, str]]:
    """(alias, speaker) rows that may match ``query``; the caller applies the exact rule."""
    refresh(db)
    keys = query_keys(query)
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT DISTINCT a.alias, a.speaker FROM speaker_alias_keys k JOIN speaker_aliases a ON a.alias = k.alias"
            f" WHERE k.key IN ({','.join('?' * len(keys))})",
            keys,
        )
    ]
