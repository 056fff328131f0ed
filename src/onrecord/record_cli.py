"""The commands over the cross-article record: speakers (and analysts' corrections), timeline,
outlets, statements, topics, and ``eval statements``. Each is a thin veneer over the library
(``onrecord.store.record``, ``.timeline``, ``.statements``); ``register`` adds them to the main CLI.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from onrecord import config

SHARED_POLNEAR = (
    Path(os.environ.get("ONRECORD_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
    / "polnear"
    / "data"
    / "train"
)


def _db_ok(db: str) -> None:
    from onrecord.cli import _require_db

    _require_db(db)


def _emit(records: list[dict[str, Any]], fmt: str) -> bool:
    """jsonl / csv output; False when the caller should print its table instead."""
    from onrecord.cli import _csv

    if fmt == "jsonl":
        for rec in records:
            click.echo(json.dumps(rec, ensure_ascii=False))
        return True
    if fmt == "csv":
        flat = [
            {k: "; ".join(map(_cell, v)) if isinstance(v, list | tuple) else v for k, v in r.items()} for r in records
        ]
        _csv(flat, list(flat[0]) if flat else ["name"])
        return True
    return False


def _cell(item: Any) -> str:
    """One item of a list-valued CSV cell: a role as the table shows it, other records as JSON."""
    if isinstance(item, dict):
        return _role_label(item, with_count=True) if "role" in item else json.dumps(item, ensure_ascii=False)
    return str(item)


def _role_label(r: dict[str, Any], with_count: bool = False) -> str:
    """ "Senator 2007-01-01..2007-12-31": the role, and the days it was seen held when the text dates them."""
    label = str(r["role"])
    if r.get("first_seen"):
        label += f" {r['first_seen']}"
        if r.get("last_seen") and r["last_seen"] != r["first_seen"]:
            label += f"..{r['last_seen']}"
    if with_count and r.get("quotes") is not None:
        label += f" ({r['quotes']} quote{'' if r['quotes'] == 1 else 's'})"
    return label


# -- speakers -------------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.pass_context
def speakers(ctx: click.Context, db: str, fmt: str) -> None:
    """Speakers with quote counts, aliases and roles (with the dates seen); corrections below."""
    if ctx.invoked_subcommand is not None:
        return
    from onrecord.store import Store
    from onrecord.store.record import speaker_roles

    _db_ok(db)
    with Store(db) as store:
        rows = store.speakers()
        roles = speaker_roles(store.db)
    for s in rows:
        s["roles"] = roles.get(str(s["name"]), [])
    if _emit(rows, fmt):
        return
    for s in rows:
        aliases = ", ".join(a for a in s["aliases"] if a != s["name"])  # type: ignore[attr-defined]
        # Dated roles first (they say when the title held), then the most used.
        ranked = sorted(s["roles"], key=lambda r: (r["first_seen"] is None, -r["quotes"]))  # type: ignore[union-attr]
        seen = [_role_label(r) for r in ranked[:3]]  # type: ignore[arg-type]
        click.echo(
            f"{s['quotes']:>5}  {s['name']}  [{s['kind']}]"
            + (f"  aka {aliases}" if aliases else "")
            + (f"  ({'; '.join(seen)})" if seen else "")
        )


def _correct(
    db: str, action: str, name: str, other: str, aliases: tuple[str, ...] = (), articles: tuple[str, ...] = ()
) -> None:
    from onrecord.store import Store
    from onrecord.store.record import add_correction

    _db_ok(db)
    with Store(db) as store:
        try:
            c = add_correction(store.db, action, name, other, aliases, articles)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        store.relink()
        counts = {r["name"]: r["quotes"] for r in store.speakers()}
    click.echo(f"stored {c.describe()}; it is replayed after every ingest (undo: onrecord speakers undo {c.id})")
    for n in dict.fromkeys([name, other]):
        if n in counts:
            click.echo(f"{counts[n]:>5}  {n}")


@speakers.command()
@click.argument("keep")
@click.argument("fold")
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
def merge(keep: str, fold: str, db: str) -> None:
    """Make FOLD the same speaker as KEEP (KEEP's name stays)."""
    _correct(db, "merge", keep, fold)


@speakers.command()
@click.argument("name")
@click.argument("new")
@click.option("--alias", "aliases", multiple=True, help="A name as written whose quotes move to NEW (repeatable).")
@click.option("--article", "articles", multiple=True, help="An article id (or prefix) whose quotes move (repeatable).")
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
def split(name: str, new: str, aliases: tuple[str, ...], articles: tuple[str, ...], db: str) -> None:
    """Move some of NAME's quotes (by spelling or by article) to a separate speaker NEW."""
    _correct(db, "split", name, new, aliases, articles)


@speakers.command()
@click.argument("old")
@click.argument("new")
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
def rename(old: str, new: str, db: str) -> None:
    """Call speaker OLD by the name NEW from now on (OLD stays an alias)."""
    _correct(db, "rename", old, new)


@speakers.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
def corrections(db: str) -> None:
    """The stored corrections, in the order they are replayed."""
    from onrecord.store import Store
    from onrecord.store.record import corrections as stored

    _db_ok(db)
    with Store(db) as store:
        for c in stored(store.db):
            click.echo(c.describe())


@speakers.command()
@click.argument("correction_id", type=int)
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
def undo(correction_id: int, db: str) -> None:
    """Remove a stored correction (by its number in `speakers corrections`) and relink."""
    from onrecord.store import Store
    from onrecord.store.record import remove_correction

    _db_ok(db)
    with Store(db) as store:
        if not remove_correction(store.db, correction_id):
            raise click.ClickException(f"no correction #{correction_id}")
        store.relink()
    click.echo(f"removed correction #{correction_id}")


# -- timeline, outlets, statements, topics --------------------------------------------------


@click.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option("--speaker", help="A name in any spelling (Ryabkov, Sergei Ryabkov, Sergey Ryabkov).")
@click.option("--topic", help="Only statements tagged with a topic containing these words.")
@click.option("--since", help="YYYY-MM-DD (statement date, else interval start, else published).")
@click.option("--until", help="YYYY-MM-DD.")
@click.option(
    "--topics", "topic_file", type=click.Path(exists=True, dir_okay=False), help="A topic file to use from now on."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "png", "html"]), default="table", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File for png/html (default timeline.png/.html).")
def timeline(
    db: str,
    speaker: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    topic_file: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Statements in the order they were said, each with its outlets, cue and source sentence."""
    from onrecord.store import Store
    from onrecord.store.statements import set_topics
    from onrecord.store.timeline import timeline as read

    _db_ok(db)
    with Store(db) as store:
        if topic_file:
            set_topics(store.db, topic_file)
        rows = read(store, speaker=speaker, topic=topic, since=since, until=until)
    if fmt in ("png", "html"):
        from onrecord import chart

        title = f"{speaker or 'everyone'}: statements per topic over time"
        path = Path(output or f"timeline.{fmt}")
        if fmt == "png":
            path.write_bytes(chart.draw(rows, "png", title))
        else:
            path.write_text(chart.html_page(rows, title), encoding="utf-8")
        click.echo(f"{len(rows)} statement report(s) drawn: {path}")
        return
    if _emit([r.to_dict() for r in rows], fmt):
        return
    last_group = None
    for r in rows:
        if r.group != last_group:
            last_group = r.group
            when = r.date or "undated"
            basis = "" if r.date_basis in ("said_on", "undated") else f" ({r.date_basis})"
            if r.said_from and r.said_from != r.said_until and r.date_basis == "interval":
                basis = f" (said between {r.said_from} and {r.said_until})"
            first = f"first {r.first_seen_outlet or '?'} {r.first_seen_date or 'undated'}"
            click.echo(f"{when}{basis} | {r.speaker or '?'} | carried by {', '.join(r.group_outlets)}; {first}")
            if r.topics:
                click.echo(f"    topics: {'; '.join(r.topics)}")
        click.echo(f"  - {r.outlet or '?'} | {r.kind} | {r.cue_lemma or ''}: {r.text}")
        if r.sentence != r.text:
            click.echo(f"      source: {r.sentence}")
    click.echo(f"{len(rows)} statement report(s) in {len({r.group for r in rows})} statement(s)", err=True)


@click.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option("--speaker", help="Only this speaker (any spelling).")
@click.option("--compare", is_flag=True, help="Each outlet's wording of the statements several outlets carried.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def outlets(db: str, speaker: str | None, compare: bool, fmt: str) -> None:
    """How each outlet frames each speaker: cue verbs, headline verbs, direct vs indirect."""
    from onrecord.store import Store
    from onrecord.store.timeline import compare_wording, outlet_framing

    _db_ok(db)
    with Store(db) as store:
        if compare:
            groups = compare_wording(store, speaker=speaker)
            if fmt == "jsonl":
                for g in groups:
                    click.echo(json.dumps([w.__dict__ for w in g], ensure_ascii=False, default=str))
                return
            for g in groups:
                click.echo(f"{g[0].speaker or '?'}: one statement, {len({w.outlet for w in g})} outlets")
                for w in g:
                    click.echo(
                        f"  {w.outlet:<22} {w.published or 'undated':<10} {w.kind:<8} {w.cue_lemma or '':<10} {w.text}"
                    )
            if not groups:
                click.echo("no statement is carried by two or more outlets", err=True)
            return
        table = outlet_framing(store, speaker=speaker)
    if fmt == "jsonl":
        for e in table:
            click.echo(json.dumps(e.to_dict(), ensure_ascii=False))
        return
    current = None
    for e in table:
        if e.outlet != current:
            current = e.outlet
            click.echo(e.outlet)
        cues = ", ".join(f"{k} {v}" for k, v in e.cues.most_common(5))
        heads = ", ".join(f"{k} {v}" for k, v in e.headline_cues.most_common(3))
        click.echo(
            f"  {e.speaker}: {e.quotes} quotes, direct {e.direct} / mixed {e.mixed} / indirect {e.indirect}"
            f" ({e.direct_share:.0%} direct); cues: {cues}" + (f"; headline: {heads}" if heads else "")
        )


@click.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option("--speaker", help="Only this speaker (any spelling).")
@click.option("--all", "show_all", is_flag=True, help="Also statements reported once.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def statements(db: str, speaker: str | None, show_all: bool, fmt: str) -> None:
    """Statement groups: the same words or claim reported several times, first-seen outlet and date."""
    from onrecord.store import Store
    from onrecord.store.timeline import timeline as read

    _db_ok(db)
    with Store(db) as store:
        rows = read(store, speaker=speaker)
    groups: dict[str, list[Any]] = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    for gid, members in groups.items():
        if len(members) < 2 and not show_all:
            continue
        head = members[0]
        rec = {
            "group": gid,
            "speaker": head.speaker,
            "reports": len(members),
            "first_seen_outlet": head.first_seen_outlet,
            "first_seen_date": head.first_seen_date,
            "outlets": list(head.group_outlets),
            "texts": [m.text for m in members],
        }
        if fmt == "jsonl":
            click.echo(json.dumps(rec, ensure_ascii=False))
            continue
        click.echo(
            f"{gid}  {head.speaker or '?'}: {len(members)} reports, first {head.first_seen_outlet or '?'}"
            f" {head.first_seen_date or 'undated'}; outlets: {', '.join(head.group_outlets)}"
        )
        for m in members:
            click.echo(f"    {m.outlet or '?'}: {m.text}")


@click.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option(
    "--file", "topic_file", type=click.Path(exists=True, dir_okay=False), help="A TOML or YAML topic file to use."
)
def topics(db: str, topic_file: str | None) -> None:
    """Topics with their quote counts: the user's (from the topic file) and the discovered ones."""
    from onrecord.store import Store
    from onrecord.store.statements import refresh, set_topics

    _db_ok(db)
    with Store(db) as store:
        if topic_file:
            set_topics(store.db, topic_file)
        refresh(store.db)
        rows = store.db.execute(
            "SELECT source, topic, COUNT(*) FROM quote_topics GROUP BY 1, 2 ORDER BY source DESC, 3 DESC, 2"
        ).fetchall()
    for source, topic, n in rows:
        click.echo(f"{n:>5}  {topic}  [{source}]")


@click.command(name="statements")
@click.argument("corpus", required=False, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", is_flag=True, help="List every wrong decision.")
def eval_statements(corpus: str | None, as_json: bool, errors: bool) -> None:
    """Same-statement precision and recall on the labelled PolNeAR pairs (CORPUS: PolNeAR data/train)."""
    from onrecord.evaluation.statement_pairs import evaluate_statements

    folder = Path(corpus) if corpus else SHARED_POLNEAR
    if not folder.exists():
        raise click.ClickException(f"{folder} not found: pass the PolNeAR data/train folder")
    report = evaluate_statements(folder)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format())
    if errors:
        click.echo("\n".join(report.errors))
    sys.stdout.flush()


def register(main: click.Group, eval_group: click.Group) -> None:
    """Add the record commands to the main CLI (``speakers`` replaces the plain listing)."""
    main.add_command(speakers)
    main.add_command(timeline)
    main.add_command(outlets)
    main.add_command(statements)
    main.add_command(topics)
    eval_group.add_command(eval_statements)
