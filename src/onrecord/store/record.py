"""One record across articles, in the database: speaker entities, analysts' corrections, roles
with the dates they were seen, and statement dates (a day, or an interval where the text gives
only a range).

Everything here is recomputed from the stored quotes by ``relink`` (run after every ingest), and
analysts' corrections are stored as an ordered log that ``relink`` replays on top of the automatic
linking: that is how a merge, split or rename survives re-ingestion and new data.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from onrecord.link.speakers import NameSeen, canonical_entities, country_in, name_key
from onrecord.quotes.mentions import offices
from onrecord.quotes.when import cue_time_words, statement_date

SCHEMA = """
CREATE TABLE IF NOT EXISTS speaker_corrections (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'rename')),
    name TEXT NOT NULL,             -- merge: the speaker kept; split/rename: the speaker changed
    other TEXT NOT NULL,            -- merge: the speaker folded in; split/rename: the new name
    aliases TEXT NOT NULL DEFAULT '[]',   -- split: names as written that move (JSON list)
    articles TEXT NOT NULL DEFAULT '[]',  -- split: article ids (or prefixes) whose quotes move
    made_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS speaker_roles (
    speaker TEXT NOT NULL,
    role TEXT NOT NULL,
    first_seen TEXT,                -- statement date, else published date, of the first quote with it
    last_seen TEXT,
    quotes INTEGER NOT NULL,
    PRIMARY KEY (speaker, role)
);
CREATE TABLE IF NOT EXISTS statement_dates (
    quote_id TEXT PRIMARY KEY,
    said_on TEXT,                   -- one day, when the text pins it (or the article's other quotes do)
    earliest TEXT,                  -- the interval the words were said in; = said_on for a day
    latest TEXT,
    rule TEXT,                      -- which rule gave it (see quotes/when.py)
    words TEXT                      -- the time words it came from
);
"""


@dataclass(frozen=True, slots=True)
class Correction:
    """One analyst's correction, replayed in order after every automatic relink."""

    id: int
    action: str
    name: str
    other: str
    aliases: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.action == "merge":
            return f"#{self.id} merge {self.other!r} into {self.name!r}"
        if self.action == "rename":
            return f"#{self.id} rename {self.name!r} to {self.other!r}"
        what = [*(f"written {a!r}" for a in self.aliases), *(f"article {a}" for a in self.articles)]
        return f"#{self.id} split {self.other!r} out of {self.name!r} ({', '.join(what)})"


def ensure_schema(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


# -- corrections ----------------------------------------------------------------------------


def add_correction(
    db: sqlite3.Connection,
    action: str,
    name: str,
    other: str,
    aliases: tuple[str, ...] = (),
    articles: tuple[str, ...] = (),
) -> Correction:
    """Store a correction (it takes effect at the next ``relink``) and return it."""
    ensure_schema(db)
    if action == "split" and not aliases and not articles:
        raise ValueError("split needs the names as written (--alias) or the articles (--article) that move")
    with db:
        cur = db.execute(
            "INSERT INTO speaker_corrections (action, name, other, aliases, articles) VALUES (?, ?, ?, ?, ?)",
            (action, name, other, json.dumps(list(aliases)), json.dumps(list(articles))),
        )
    return Correction(int(cur.lastrowid or 0), action, name, other, tuple(aliases), tuple(articles))


def corrections(db: sqlite3.Connection) -> list[Correction]:
    ensure_schema(db)
    return [
        Correction(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5])))
        for r in db.execute("SELECT id, action, name, other, aliases, articles FROM speaker_corrections ORDER BY id")
    ]


def remove_correction(db: sqlite3.Connection, correction_id: int) -> bool:
    with db:
        return db.execute("DELETE FROM speaker_corrections WHERE id = ?", (correction_id,)).rowcount > 0


# -- relink ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _QuoteSpeaker:
    id: str
    article: str
    written: str
    kind: str
    role: str | None
    speaker: str = ""


def relink(db: sqlite3.Connection) -> None:
    """Recompute speaker entities (automatic linking, then the corrections), roles and dates."""
    ensure_schema(db)
    rows = [
        _QuoteSpeaker(r[0], r[1], r[2], r[3] or "unknown", r[4])
        for r in db.execute(
            "SELECT id, article_id, speaker_as_written, speaker_kind, role FROM quotes"
            " WHERE speaker_as_written IS NOT NULL ORDER BY article_id, position"
        )
    ]
    # A role's country is evidence for every quote of that name in the same article.
    country: dict[tuple[str, str], str] = {}
    for q in rows:
        c = country_in(q.role) if q.kind == "person" else None
        if c:
            country.setdefault((q.article, q.written), c)
    entities = canonical_entities(NameSeen(q.written, q.kind, country.get((q.article, q.written))) for q in rows)
    for q in rows:
        q.speaker = entities.get((q.written, country.get((q.article, q.written))), q.written)
    _link_by_office(rows)
    renamed: list[tuple[str, str]] = []
    for c in corrections(db):
        renamed.extend(_apply(c, rows))
    with db:
        db.executemany("UPDATE quotes SET speaker = ? WHERE id = ?", [(q.speaker, q.id) for q in rows])
        db.execute("UPDATE quotes SET speaker = NULL WHERE speaker_as_written IS NULL")
        _write_aliases(db, rows, renamed)
        db.execute("DELETE FROM speakers")
        # A speaker's kind is the one most of their quotes carry: one quote where the entity tagger
        # took "Glenn Beck" for an organisation must not make the person an organisation.
        db.execute(
            "INSERT INTO speakers (name, kind, quotes)"
            " WITH k AS (SELECT speaker, speaker_kind, COUNT(*) AS n FROM quotes"
            "   WHERE speaker IS NOT NULL GROUP BY speaker, speaker_kind),"
            " r AS (SELECT speaker, speaker_kind, SUM(n) OVER (PARTITION BY speaker) AS total,"
            "   ROW_NUMBER() OVER (PARTITION BY speaker ORDER BY n DESC, CASE speaker_kind"
            "     WHEN 'person' THEN 0 WHEN 'organisation' THEN 1 WHEN 'country' THEN 2 ELSE 3 END) AS rank"
            "   FROM k)"
            " SELECT speaker, speaker_kind, total FROM r WHERE rank = 1"
        )
        _write_dates(db)
        _write_roles(db)


def _link_by_office(rows: list[_QuoteSpeaker]) -> None:
    """A bare surname that several people share ("Obama": Barack and Michelle) is the one of them
    quoted with the office the article gives it ("President Obama", "Secretary Clinton"): the one
    holding it in at least three times as many quotes as anyone else of that surname, since a role
    now and then lands on the wrong person."""
    persons = [q for q in rows if q.kind == "person"]
    keys = {q.written: name_key(q.written) for q in persons}  # once per name: relink runs on every ingest
    held: dict[str, Counter[str]] = defaultdict(Counter)
    people: dict[str, set[str]] = defaultdict(set)
    given: dict[tuple[str, str], set[str]] = defaultdict(set)
    for q in persons:
        first, last = keys[q.written]
        found = offices(q.role)
        given[(q.article, q.written)] |= found
        if first:
            people[last].add(q.speaker)
            held[q.speaker].update(found)
    for q in persons:
        # Only a surname the linking left as written: one it joined to a full name stays joined.
        first, last = keys[q.written]
        if first or q.speaker != q.written or not (wanted := given[(q.article, q.written)]):
            continue
        ranked = sorted(((sum(held[p][o] for o in wanted), p) for p in people[last]), reverse=True)
        if ranked and ranked[0][0] and (len(ranked) == 1 or ranked[0][0] >= 3 * ranked[1][0]):
            q.speaker = ranked[0][1]


def _apply(c: Correction, rows: list[_QuoteSpeaker]) -> list[tuple[str, str]]:
    """Replay one correction on the per-quote speakers; returns (old name, new name) aliases to keep."""

    def resolve(name: str) -> set[str]:
        # A name in a correction means the entity it is now, or the one its spelling was linked to:
        # so a merge made on "Sergey Ryabkov" still applies if new data makes "Sergei" the canonical.
        found = {q.speaker for q in rows if q.speaker == name or q.written == name}
        return found or {name}

    if c.action == "merge":
        into = resolve(c.name)
        target = c.name if c.name in into or len(into) != 1 else next(iter(into))
        folded = resolve(c.other) | into
        for q in rows:
            if q.speaker in folded:
                q.speaker = target
        return [(c.other, target)]
    if c.action == "rename":
        old = resolve(c.name)
        for q in rows:
            if q.speaker in old:
                q.speaker = c.other
        return [(c.name, c.other)]
    old = resolve(c.name)
    for q in rows:
        if q.speaker in old and (
            q.written in c.aliases or any(q.article == a or q.article.startswith(a) for a in c.articles)
        ):
            q.speaker = c.other
    return []


def _write_aliases(db: sqlite3.Connection, rows: list[_QuoteSpeaker], renamed: list[tuple[str, str]]) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for q in rows:
        counts[q.written][q.speaker] += 1
        counts[q.speaker][q.speaker] += 1
    alias_of = {alias: c.most_common(1)[0][0] for alias, c in counts.items()}
    live = {q.speaker for q in rows}
    for old, new in renamed:
        final = alias_of.get(new, new)
        if final in live:
            alias_of.setdefault(old, final)
    db.execute("DELETE FROM speaker_aliases")
    db.executemany("INSERT INTO speaker_aliases VALUES (?, ?)", sorted(alias_of.items()))


def _write_roles(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM speaker_roles")
    db.execute(
        "INSERT INTO speaker_roles (speaker, role, first_seen, last_seen, quotes)"
        " SELECT q.speaker, q.role, MIN(COALESCE(d.said_on, d.earliest, a.published)),"
        " MAX(COALESCE(d.said_on, d.latest, a.published)), COUNT(*)"
        " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN statement_dates d ON d.quote_id = q.id"
        " WHERE q.speaker IS NOT NULL AND q.role IS NOT NULL GROUP BY q.speaker, q.role"
    )


def _write_dates(db: sqlite3.Connection) -> None:
    """Statement dates for the quotes that have none yet (articles never change once stored)."""
    todo = db.execute(
        "SELECT DISTINCT q.article_id FROM quotes q LEFT JOIN statement_dates d ON d.quote_id = q.id"
        " WHERE d.quote_id IS NULL"
    ).fetchall()
    out: list[tuple[str, str | None, str | None, str | None, str | None, str | None]] = []
    for (article_id,) in todo:
        text, published = db.execute("SELECT text, published FROM articles WHERE id = ?", (article_id,)).fetchone()
        quotes = db.execute(
            "SELECT id, speaker_as_written, cue_start, cue_end, said_on FROM quotes WHERE article_id = ?"
            " ORDER BY position",
            (article_id,),
        ).fetchall()
        dated: dict[str, tuple[str | None, str | None, str | None, str | None, str | None]] = {}
        for qid, _speaker, cue_start, cue_end, stage_day in quotes:
            words = cue_time_words(text, cue_start, cue_end) if cue_start is not None else None
            found = statement_date(words, published)
            if stage_day:
                # The stage read the parse; its day wins. The rule says which rule agrees, if any.
                rule = found.rule if found and found.said_on == stage_day else "extraction"
                dated[qid] = (stage_day, stage_day, stage_day, rule, words)
            elif found:
                dated[qid] = (found.said_on, found.earliest, found.latest, found.rule, words)
        # An article's undated quotes from a speaker it dates exactly once share that date: news
        # reports one interview or statement per speaker ("said on Wednesday ... he said").
        per_speaker: dict[str, set[tuple[str | None, str | None, str | None]]] = defaultdict(set)
        for qid, speaker, *_ in quotes:
            if qid in dated and speaker:
                per_speaker[speaker].add(dated[qid][:3])
        for qid, speaker, *_ in quotes:
            if qid in dated:
                out.append((qid, *dated[qid]))
            elif speaker and len(per_speaker.get(speaker, ())) == 1:
                day, first, last = next(iter(per_speaker[speaker]))
                out.append((qid, day, first, last, "same speaker, same article", None))
            else:
                out.append((qid, None, None, None, None, None))
    db.executemany("INSERT OR REPLACE INTO statement_dates VALUES (?, ?, ?, ?, ?, ?)", out)


# -- reads ----------------------------------------------------------------------------------


def speaker_roles(db: sqlite3.Connection) -> dict[str, list[dict[str, object]]]:
    """speaker -> [{role, first_seen, last_seen, quotes}], most used first."""
    ensure_schema(db)
    out: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in db.execute(
        "SELECT speaker, role, first_seen, last_seen, quotes FROM speaker_roles ORDER BY quotes DESC, first_seen"
    ):
        out[r[0]].append({"role": r[1], "first_seen": r[2], "last_seen": r[3], "quotes": r[4]})
    return dict(out)
