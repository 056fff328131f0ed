"""The embedded database: one SQLite file any tool can open, with full-text search on quotes.

Articles and their quotes are written in one transaction per batch, so an interrupted ingest
leaves no half-stored article and a re-run completes it. Ids are content hashes: storing the same
article twice writes nothing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from onrecord.link.speakers import name_key, translit_key
from onrecord.model import Article, Problem, Quote, Span, SpeakerRef

SCHEMA_VERSION = 3
"""2: quotes.sentence (the source sentence, stored at write time so queries need no article text).
3: positions (stances, questions, denials: ``Article.positions``); older files get the empty table,
their articles' positions appear when they are ingested again into a new file."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    outlet TEXT,
    published TEXT,
    author TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS quotes (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,          -- JSON list of {start, end}
    text TEXT NOT NULL,             -- the content spans' words, for search and display
    cue_start INTEGER, cue_end INTEGER, cue_lemma TEXT,
    speaker_as_written TEXT,        -- resolved within the article
    speaker TEXT,                   -- canonical across articles (rewritten by relink)
    speaker_kind TEXT,
    mention_start INTEGER, mention_end INTEGER,
    role TEXT,
    medium TEXT,
    said_on TEXT,
    stage TEXT,
    sentence TEXT                   -- the sentence(s) holding the quote, as an analyst cites it
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id, position);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker, said_on);
CREATE INDEX IF NOT EXISTS quotes_said_on ON quotes(said_on);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet, published);
CREATE TABLE IF NOT EXISTS positions (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,          -- JSON list of {start, end}
    text TEXT NOT NULL,
    cue_start INTEGER, cue_end INTEGER, cue_lemma TEXT,
    speaker TEXT,                   -- as resolved within the article
    speaker_kind TEXT,
    mention_start INTEGER, mention_end INTEGER,
    role TEXT,
    stage TEXT,
    sentence TEXT
);
CREATE INDEX IF NOT EXISTS positions_article ON positions(article_id, position);
CREATE INDEX IF NOT EXISTS positions_speaker ON positions(speaker);
CREATE TABLE IF NOT EXISTS speakers (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    quotes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS speaker_aliases (
    alias TEXT PRIMARY KEY,
    speaker TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS problems (
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    code TEXT NOT NULL,
    seen_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (source, code)
);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
"""


class QuoteRow(NamedTuple):
    """A quote as an analyst reads it: words, speaker, when, where, and the sentence around it.

    A named tuple, not a dataclass: a timeline builds thousands of these straight from SQLite rows,
    and a tuple is built in one step (8,219 rows: 108 ms as frozen dataclasses from sqlite3.Row).
    """

    id: str
    article_id: str
    kind: str
    text: str
    sentence: str
    speaker: str | None
    role: str | None
    cue_lemma: str | None
    medium: str | None
    said_on: str | None
    published: str | None
    outlet: str | None
    title: str | None
    source: str

    def to_dict(self) -> dict[str, str | None]:
        return dict(self._asdict())


class Store:
    """An onrecord database file (created on first use)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(_SCHEMA)
        self._migrate()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self.db.commit()

    def _migrate(self) -> None:
        """Bring a file written by an older onrecord up to this schema, in place."""
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(quotes)")}
        if "sentence" not in columns:
            with self.db:
                self.db.execute("ALTER TABLE quotes ADD COLUMN sentence TEXT")
                # One article at a time: a large store's texts do not fit in memory at once.
                for article in self.db.execute("SELECT id, text FROM articles").fetchall():
                    quotes = self.db.execute(
                        "SELECT rowid, content FROM quotes WHERE article_id = ?", (article["id"],)
                    ).fetchall()
                    self.db.executemany(
                        "UPDATE quotes SET sentence = ? WHERE rowid = ?",
                        [(_sentence_of(q["content"], article["text"]), q["rowid"]) for q in quotes],
                    )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_articles(self, articles: Iterable[Article], batch_size: int = 32) -> int:
        """Store articles with their quotes, one transaction per batch; returns how many were new."""
        added = 0
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                added += self._write(batch)
                batch = []
        if batch:
            added += self._write(batch)
        return added

    def _write(self, batch: list[Article]) -> int:
        added = 0
        with self.db:
            for a in batch:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO articles (id, source, url, title, outlet, published, author, text)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (a.id, a.source, a.url, a.title, a.outlet, a.published, a.author, a.text),
                )
                if cur.rowcount == 0:
                    continue
                added += 1
                for position, q in enumerate(a.quotes):
                    self._write_quote(a, q, position)
                self.db.executemany(
                    "INSERT OR IGNORE INTO positions (id, article_id, position, kind, content, text, cue_start,"
                    " cue_end, cue_lemma, speaker, speaker_kind, mention_start, mention_end, role, stage, sentence)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            p.id,
                            a.id,
                            i,
                            p.kind,
                            json.dumps([s.to_dict() for s in p.content]),
                            p.text(a.text),
                            p.cue.start if p.cue else None,
                            p.cue.end if p.cue else None,
                            p.cue_lemma,
                            p.speaker.name,
                            p.speaker.kind,
                            p.speaker.mention.start if p.speaker.mention else None,
                            p.speaker.mention.end if p.speaker.mention else None,
                            p.speaker.role,
                            p.stage,
                            sentence_around(a.text, p.content[0].start, p.content[-1].end),
                        )
                        for i, p in enumerate(a.positions)
                    ],
                )
        return added

    def _write_quote(self, a: Article, q: Quote, position: int) -> None:
        text = q.text(a.text)
        cur = self.db.execute(
            "INSERT OR IGNORE INTO quotes (id, article_id, position, kind, content, text, cue_start, cue_end,"
            " cue_lemma, speaker_as_written, speaker, speaker_kind, mention_start, mention_end, role, medium,"
            " said_on, stage, sentence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                q.id,
                a.id,
                position,
                q.kind,
                json.dumps([s.to_dict() for s in q.content]),
                text,
                q.cue.start if q.cue else None,
                q.cue.end if q.cue else None,
                q.cue_lemma,
                q.speaker.name,
                q.speaker.name,
                q.speaker.kind,
                q.speaker.mention.start if q.speaker.mention else None,
                q.speaker.mention.end if q.speaker.mention else None,
                q.speaker.role,
                q.medium,
                q.said_on,
                q.stage,
                sentence_around(a.text, q.content[0].start, q.content[-1].end),
            ),
        )
        if cur.rowcount:
            self.db.execute("INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", (cur.lastrowid, text))

    def add_problems(self, problems: Iterable[Problem]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO problems (source, reason, code) VALUES (?, ?, ?)",
                [(p.source, p.reason, p.code) for p in problems],
            )

    def relink(self) -> None:
        """Recompute speaker entities (with analysts' corrections), roles with dates, statement dates."""
        from onrecord.store.record import relink

        relink(self.db)

    # -- reads ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "articles": one("SELECT COUNT(*) FROM articles").fetchone()[0],
            "quotes": one("SELECT COUNT(*) FROM quotes").fetchone()[0],
            "positions": one("SELECT COUNT(*) FROM positions").fetchone()[0],
            "speakers": one("SELECT COUNT(*) FROM speakers").fetchone()[0],
            "problems": one("SELECT COUNT(*) FROM problems").fetchone()[0],
        }

    def speaker_names(self, query: str) -> list[str]:
        """Canonical speakers a typed name means: any spelling variant, or a bare surname."""
        from onrecord.store.names import candidates

        q = query.strip()
        first, last = name_key(q)
        # Only the aliases that share a key with the query (indexed), not every alias: the same rule
        # below, at a cost that does not grow with the number of speakers (store/names.py).
        found = set()
        for alias, speaker in candidates(self.db, q):
            if alias.lower() == q.lower() or speaker.lower() == q.lower():
                found.add(speaker)
                continue
            a_first, a_last = name_key(alias)
            if (a_last == last and (not first or not a_first or a_first == first)) or (
                not first and translit_key(q) in {translit_key(w) for w in alias.split()}
            ):
                found.add(speaker)
        return sorted(found)

    def speaker_filter(self, speaker: str) -> tuple[str, list[str]] | None:
        """An SQL condition on ``q.speaker`` for a typed name in any spelling; None when nobody matches."""
        names = self.speaker_names(speaker)
        if not names:
            return None
        return f"q.speaker IN ({','.join('?' * len(names))})", names

    def quotes(
        self,
        speaker: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[QuoteRow]:
        """Quotes matching every filter given, in statement-date order (undated last)."""
        where, args = [], []
        if speaker:
            condition = self.speaker_filter(speaker)
            if condition is None:
                return []
            where.append(condition[0])
            args.extend(condition[1])
        if outlet:
            where.append("a.outlet = ? COLLATE NOCASE")
            args.append(outlet)
        date_expr = "COALESCE(q.said_on, a.published)"
        if since:
            where.append(f"{date_expr} >= ?")
            args.append(since)
        if until:
            where.append(f"{date_expr} <= ?")
            args.append(until)
        if search:
            where.append("q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            args.append(_fts_query(search))
        # Each row's source sentence is stored with the quote: no article text is read or sorted
        # (carrying texts through the ORDER BY made SQLite sort megabytes: 8,000 rows, 205 ms).
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM quotes q"
            " JOIN articles a ON a.id = q.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {date_expr} IS NULL, {date_expr}, a.id, q.position"
            + (f" LIMIT {int(limit)}" if limit else "")
        )
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples, in QuoteRow's field order
        return [QuoteRow._make(r) for r in cursor.execute(sql, args)]

    def positions(self, speaker: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored positions (stances, questions, denials), by publication date; ``speaker`` in any
        spelling the record knows (its canonical name or an alias)."""
        where, args = "", []
        if speaker:
            names = self.speaker_names(speaker) or [speaker]
            marks = ",".join("?" * len(names))
            where = (
                f" WHERE p.speaker IN ({marks}) OR p.speaker IN"
                f" (SELECT alias FROM speaker_aliases WHERE speaker IN ({marks}))"
            )
            args = [*names, *names]
        sql = (
            "SELECT p.id, p.article_id, p.kind, p.text, p.sentence, p.speaker, p.role, p.cue_lemma,"
            " a.published, a.outlet, a.title, a.source FROM positions p JOIN articles a ON a.id = p.article_id"
            + where
            + " ORDER BY a.published IS NULL, a.published, a.id, p.position"
            + (f" LIMIT {int(limit)}" if limit else "")
        )
        return [dict(r) for r in self.db.execute(sql, args)]

    def articles(self) -> Iterator[Article]:
        """Every stored article with its quotes and positions, quote speakers in their canonical form."""
        for a in self.db.execute("SELECT * FROM articles ORDER BY published IS NULL, published, id"):
            quotes = [
                _quote_of(q, q["medium"], q["said_on"])
                for q in self.db.execute("SELECT * FROM quotes WHERE article_id = ? ORDER BY position", (a["id"],))
            ]
            positions = [
                _quote_of(p, None, None)
                for p in self.db.execute("SELECT * FROM positions WHERE article_id = ? ORDER BY position", (a["id"],))
            ]
            yield Article(
                id=a["id"],
                source=a["source"],
                text=a["text"],
                title=a["title"],
                outlet=a["outlet"],
                published=a["published"],
                author=a["author"],
                url=a["url"],
                quotes=tuple(quotes),
                positions=tuple(positions),
            )

    def speakers(self) -> list[dict[str, object]]:
        rows = self.db.execute("SELECT * FROM speakers ORDER BY quotes DESC, name").fetchall()
        aliases: dict[str, list[str]] = {}
        for r in self.db.execute("SELECT alias, speaker FROM speaker_aliases ORDER BY alias"):
            aliases.setdefault(r["speaker"], []).append(r["alias"])
        roles: dict[str, list[str]] = {}
        for r in self.db.execute(
            "SELECT speaker, role, COUNT(*) n FROM quotes WHERE role IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC"
        ):
            roles.setdefault(r["speaker"], []).append(r["role"])
        return [
            {
                "name": r["name"],
                "kind": r["kind"],
                "quotes": r["quotes"],
                "aliases": aliases.get(r["name"], []),
                "roles": roles.get(r["name"], []),
            }
            for r in rows
        ]


def _quote_of(row: sqlite3.Row, medium: str | None, said_on: str | None) -> Quote:
    """A stored quote or position row back as the data model's ``Quote``."""
    mention = Span(row["mention_start"], row["mention_end"]) if row["mention_start"] is not None else None
    return Quote(
        id=row["id"],
        kind=row["kind"],
        content=tuple(Span(c["start"], c["end"]) for c in json.loads(row["content"])),
        cue=Span(row["cue_start"], row["cue_end"]) if row["cue_start"] is not None else None,
        cue_lemma=row["cue_lemma"],
        speaker=SpeakerRef(row["speaker"], mention, row["role"], row["speaker_kind"] or "unknown"),
        medium=medium,
        said_on=said_on,
        stage=row["stage"] or "",
    )


def _fts_query(text: str) -> str:
    """Plain words as an FTS5 query: every word must occur (quoted, so no syntax errors)."""
    words = [w.replace('"', "") for w in text.split() if w.strip('"')]
    return " ".join(f'"{w}"' for w in words) or '""'


_AFTER_STOP = re.compile(r"[.!?] ")
_STOP = re.compile(r"[.!?](?=[ \n]|\Z)")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` that hold ``start:end``: what an analyst cites.

    Left: back to the line start, or to just after ". " before an upper-case letter or an opening
    quotation mark. Right: on to
    the line end, or through the first ". " / "!" / "?" that ends the text or is followed by an
    upper-case letter or an opening quote (and any closing quotes after it). Searched with regular
    expressions, not char by char: a timeline builds this for thousands of rows
    (tests/unit/test_store_names.py checks it against the char-by-char reading).
    """
    left = text.rfind("\n", 0, start) + 1
    for m in _AFTER_STOP.finditer(text, left, start):
        nxt = text[m.end() : m.end() + 1]
        if nxt.isupper() or (nxt and nxt in '“"‘«'):  # a new sentence may open with a quotation
            left = m.end()
    right = text.find("\n", end)
    if right == -1:
        right = len(text)
    for m in _STOP.finditer(text, end):
        stop = m.start()
        if stop >= right:
            break
        nxt = text[stop + 2 : stop + 3]
        if not nxt or nxt.isupper() or nxt in '“"‘«':
            right = stop + 1
            while right < len(text) and text[right] in '”"’»':
                right += 1
            break
    return text[left:right].strip()


_ROW_COLUMNS = (
    "q.id, q.article_id, q.kind, q.text, q.sentence, q.speaker, q.role, q.cue_lemma, q.medium, q.said_on,"
    " a.published, a.outlet, a.title, a.source"
)


def _sentence_of(content: str, text: str) -> str:
    spans = json.loads(content)
    return sentence_around(text, spans[0]["start"], spans[-1]["end"])
