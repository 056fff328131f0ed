"""What a speaker said over time, and how each outlet framed it: the reads behind
``onrecord timeline`` and ``onrecord outlets``.

A statement's date is its ``said_on`` (the day the words were said, or the day the article's other
quotes from the same speaker pin), else the start of the interval the text gives ("last month"),
else the article's published date; with none of them it is undated and sorts last.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from onrecord.store.sqlite import Store
from onrecord.store.statements import refresh, topics_of


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One report of a statement, with its group's other outlets and its date's provenance."""

    date: str | None
    """said_on, else the interval's start, else published; None: undated."""
    date_basis: str
    """'said_on', 'interval', 'published' or 'undated'."""
    said_on: str | None
    said_from: str | None
    said_until: str | None
    date_rule: str | None
    published: str | None
    speaker: str | None
    outlet: str | None
    kind: str
    cue_lemma: str | None
    text: str
    sentence: str
    group: str
    group_first: bool
    group_outlets: tuple[str, ...]
    first_seen_outlet: str | None
    first_seen_date: str | None
    topics: tuple[str, ...]
    quote_id: str
    article_id: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__slots__}
        out["group_outlets"] = list(self.group_outlets)
        out["topics"] = list(self.topics)
        return out


def timeline(
    store: Store,
    speaker: str | None = None,
    topic: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[TimelineRow]:
    """Statements in date order (undated last), the reports of one statement together."""
    db = store.db
    refresh(db)
    where, args = [], []
    if speaker:
        condition = store.speaker_filter(speaker)
        if condition is None:
            return []
        where.append(condition[0])
        args.extend(condition[1])
    rows = db.execute(
        "SELECT q.id, q.article_id, q.kind, q.text, q.content, q.speaker, q.cue_lemma, q.said_on AS q_said_on,"
        " d.said_on, d.earliest, d.latest, d.rule, a.published, a.outlet, a.source, q.sentence,"
        " g.group_id, g.rank FROM quotes q JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN statement_dates d ON d.quote_id = q.id LEFT JOIN statement_groups g ON g.quote_id = q.id"
        + (" WHERE " + " AND ".join(where) if where else ""),
        args,
    ).fetchall()
    topics = topics_of(db)
    group_info = _groups(db, {r["group_id"] for r in rows if r["group_id"]})
    out = []
    for r in rows:
        said_on = r["said_on"] or r["q_said_on"]
        if said_on:
            date, basis = said_on, "said_on"
        elif r["earliest"]:
            date, basis = r["earliest"], "interval"
        elif r["published"]:
            date, basis = r["published"], "published"
        else:
            date, basis = None, "undated"
        if since and (date is None or date < since):
            continue
        if until and (date is None or date > until[:10]):
            continue
        tags = tuple(topics.get(r["id"], ()))
        if topic and not any(topic.lower() in t.lower() for t in tags):
            continue
        gid = r["group_id"] or r["id"]
        outlets, first_outlet, first_date = group_info.get(gid, ((), None, None))
        out.append(
            TimelineRow(
                date=date,
                date_basis=basis,
                said_on=said_on,
                said_from=r["earliest"],
                said_until=r["latest"],
                date_rule=r["rule"],
                published=r["published"],
                speaker=r["speaker"],
                outlet=r["outlet"],
                kind=r["kind"],
                cue_lemma=r["cue_lemma"],
                text=r["text"],
                sentence=r["sentence"],
                group=gid,
                group_first=(r["rank"] or 0) == 0,
                group_outlets=outlets,
                first_seen_outlet=first_outlet,
                first_seen_date=first_date,
                topics=tags,
                quote_id=r["id"],
                article_id=r["article_id"],
                source=r["source"],
            )
        )
    # A group sits at its earliest dated report; undated groups last; reports in date order within.
    start: dict[str, str] = {}
    for row in out:
        key = row.date or "~"
        start[row.group] = min(start.get(row.group, "~"), key)
    out.sort(key=lambda x: (start[x.group], x.group, x.date or "~", x.outlet or "", x.article_id, x.quote_id))
    return out


def _groups(db: sqlite3.Connection, ids: set[str]) -> dict[str, tuple[tuple[str, ...], str | None, str | None]]:
    """group -> (every outlet that carried it, first-seen outlet, first-seen date)."""
    if not ids:
        return {}
    info: dict[str, list[tuple[int, str | None, str | None]]] = defaultdict(list)
    marks = ",".join("?" * len(ids))
    for gid, rank, outlet, day in db.execute(
        "SELECT g.group_id, g.rank, a.outlet, COALESCE(d.said_on, q.said_on, d.earliest, a.published)"
        " FROM statement_groups g JOIN quotes q ON q.id = g.quote_id JOIN articles a ON a.id = q.article_id"
        f" LEFT JOIN statement_dates d ON d.quote_id = q.id WHERE g.group_id IN ({marks}) ORDER BY g.rank",
        sorted(ids),
    ):
        info[gid].append((rank, outlet, day))
    out = {}
    for gid, members in info.items():
        outlets = tuple(dict.fromkeys(o or "?" for _, o, _ in members))
        _, first_outlet, first_day = members[0]
        out[gid] = (outlets, first_outlet, first_day)
    return out


# -- framing per outlet -----------------------------------------------------------------------


@dataclass(slots=True)
class OutletSpeaker:
    """How one outlet quotes one speaker."""

    outlet: str
    speaker: str
    quotes: int = 0
    direct: int = 0
    mixed: int = 0
    indirect: int = 0
    cues: Counter[str] = field(default_factory=Counter)
    headline_cues: Counter[str] = field(default_factory=Counter)

    @property
    def direct_share(self) -> float:
        return self.direct / self.quotes if self.quotes else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "speaker": self.speaker,
            "quotes": self.quotes,
            "direct": self.direct,
            "mixed": self.mixed,
            "indirect": self.indirect,
            "direct_share": round(self.direct_share, 3),
            "cues": dict(self.cues.most_common()),
            "headline_cues": dict(self.headline_cues.most_common()),
        }


def outlet_framing(store: Store, speaker: str | None = None) -> list[OutletSpeaker]:
    """For each outlet and speaker: cue verbs, headline cue verbs, direct / mixed / indirect counts."""
    where, args = ["q.speaker IS NOT NULL"], []
    if speaker:
        condition = store.speaker_filter(speaker)
        if condition is None:
            return []
        where.append(condition[0])
        args.extend(condition[1])
    table: dict[tuple[str, str], OutletSpeaker] = {}
    for r in store.db.execute(
        # Where the title sits in the text is found by SQLite: shipping every article's text to Python
        # once per quote only to locate its title would dominate this query on a large store.
        "SELECT a.outlet, instr(a.text, a.title) - 1 AS title_at, length(a.title) AS title_len,"
        " q.speaker, q.kind, q.cue_lemma, q.content FROM quotes q"
        " JOIN articles a ON a.id = q.article_id WHERE " + " AND ".join(where),
        args,
    ):
        outlet = r["outlet"] or "?"
        entry = table.setdefault((outlet, r["speaker"]), OutletSpeaker(outlet, r["speaker"]))
        entry.quotes += 1
        setattr(entry, r["kind"], getattr(entry, r["kind"]) + 1)
        lemma = r["cue_lemma"] or "(none)"
        entry.cues[lemma] += 1
        if _in_headline(r["title_at"], r["title_len"], json.loads(r["content"])[0]["start"]):
            entry.headline_cues[lemma] += 1
    return sorted(table.values(), key=lambda e: (e.outlet, -e.quotes, e.speaker))


def _in_headline(title_at: int | None, title_len: int | None, start: int) -> bool:
    """The quote sits in the article's headline: its start falls inside the title where the text has it."""
    if not title_len or title_at is None:
        return False
    return title_at >= 0 and title_at <= start < title_at + title_len


@dataclass(slots=True)
class Wording:
    """One outlet's words for a statement that several outlets carried."""

    outlet: str
    published: str | None
    speaker: str | None
    kind: str
    cue_lemma: str | None
    text: str


def compare_wording(store: Store, speaker: str | None = None, min_outlets: int = 2) -> list[list[Wording]]:
    """For each statement group carried by at least ``min_outlets`` outlets, each report's wording."""
    refresh(store.db)
    where, args = "", []
    if speaker:
        names = store.speaker_names(speaker)
        if not names:
            return []
        where = f" WHERE q.speaker IN ({','.join('?' * len(names))})"
        args = names
    groups: dict[str, list[Wording]] = defaultdict(list)
    for r in store.db.execute(
        "SELECT g.group_id, a.outlet, a.published, q.speaker, q.kind, q.cue_lemma, q.text FROM statement_groups g"
        " JOIN quotes q ON q.id = g.quote_id JOIN articles a ON a.id = q.article_id"
        + where
        + " ORDER BY g.group_id, g.rank",
        args,
    ):
        groups[r[0]].append(Wording(r[1] or "?", r[2], r[3], r[4], r[5], r[6]))
    return [w for w in groups.values() if len({x.outlet for x in w}) >= min_outlets]
