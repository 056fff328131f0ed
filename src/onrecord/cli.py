"""The command line: one small function per command, each calling the library."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from onrecord import config
from onrecord.errors import OnrecordError
from onrecord.model import Article, Problem

EXIT_PROBLEMS = 2
"""Exit status when some input was skipped or recovered with a warning (all else was stored)."""

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def _report(problem: Problem) -> None:
    click.echo(f"warning: {problem.source}: {problem.reason}", err=True)


def _progress(items: Iterable[Article], show: bool) -> Iterable[Article]:
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="articles", unit=" art", file=sys.stderr, dynamic_ncols=True)


class _Commands(click.Group):
    """The command group: an error onrecord raises on purpose (a bad setting, a missing model) ends
    the command with its message and exit status 1, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OnrecordError as exc:
            raise click.ClickException(f"{exc} [{exc.code}]") from exc


attribution_option = click.option(
    "--attribution",
    type=click.Choice(config.ATTRIBUTIONS),
    default=None,
    help="Which attribution model runs on top of the rules: crf (fast), encoder (better, about half "
    "the speed) or rules alone (default: ONRECORD_ATTRIBUTION, else crf).",
)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onrecord")
def main() -> None:
    """onrecord: who said what, when, and which outlet reported it."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", default=config.DEFAULT_DB, show_default=True, help="SQLite database file.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when on a terminal).")
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=config.PROCESSES,
    show_default=True,
    help="Processes that parse and extract (2 uses both cores of a 2-core machine); same stored quotes.",
)
@attribution_option
def ingest(paths: tuple[str, ...], db: str, progress: bool | None, processes: int, attribution: str | None) -> None:
    """Read files or folders (.txt, .html, .jsonl) and store articles and quotes in DB."""
    from onrecord.pipeline import Pipeline
    from onrecord.quotes import QuoteExtractor
    from onrecord.store import Store

    problems: list[Problem] = []

    def on_problem(p: Problem) -> None:
        problems.append(p)
        _report(p)

    show = sys.stderr.isatty() if progress is None else progress
    kept: set[str] = set()  # an article given twice is kept once
    with Store(db) as store:
        before = store.counts()
        pipeline = Pipeline(QuoteExtractor(attribution=attribution), n_process=processes)
        added = pipeline.ingest(paths, store, on_problem, lambda a: _progress(a, show), on_kept=kept.add)
        after = store.counts()
    click.echo(
        f"{added} new articles ({after['articles']} in all), {after['quotes'] - before['quotes']} new quotes "
        f"({after['quotes']} in all), {after['positions'] - before['positions']} new positions, "
        f"{after['speakers']} speakers; database: {Path(db).resolve()}"
    )
    if kept:
        # Said every time: an analyst who switches --attribution expects new quotes and would
        # otherwise see the old ones with no hint why.
        click.echo(
            f"{len(kept)} article(s) were already stored and keep the quotes they were stored with; "
            "to extract them again (another --attribution, a newer onrecord), ingest into a new --db.",
            err=True,
        )
    if problems:
        click.echo(f"{len(problems)} input problem(s) reported above; everything else was stored.", err=True)
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@attribution_option
def extract(paths: tuple[str, ...], fmt: str, attribution: str | None) -> None:
    """Run the pipeline without a database: one JSON object per article on stdout."""
    from onrecord.pipeline import Pipeline
    from onrecord.quotes import QuoteExtractor

    run = Pipeline(QuoteExtractor(attribution=attribution)).run(paths)
    for p in run.problems:
        _report(p)
    for article in run.articles:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
    if run.problems:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option("--speaker", help="A name in any spelling (Ryabkov, Sergei Ryabkov, Sergey Ryabkov).")
@click.option("--outlet")
@click.option("--since", help="YYYY-MM-DD (statement date, else published date).")
@click.option("--until", help="YYYY-MM-DD.")
@click.option("--search", help="Words that must occur in the quote.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.option("--limit", type=int)
def quotes(
    db: str,
    speaker: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    search: str | None,
    fmt: str,
    limit: int | None,
) -> None:
    """Query stored quotes, in the order they were said (undated last)."""
    from onrecord.store import Store

    _require_db(db)
    with Store(db) as store:
        rows = store.quotes(speaker=speaker, outlet=outlet, since=since, until=until, search=search, limit=limit)
    records = [r.to_dict() for r in rows]
    if fmt == "jsonl":
        for rec in records:
            click.echo(json.dumps(rec, ensure_ascii=False))
    elif fmt == "csv":
        _csv(records, list(records[0]) if records else ["id"])
    else:
        for r in rows:
            when = r.said_on or (f"{r.published} (published)" if r.published else "undated")
            click.echo(f"{when} | {r.outlet or '?'} | {r.speaker or '?'} | {r.kind} | {r.cue_lemma or ''}")
            click.echo(f"    {r.text}")
            if r.sentence != r.text:
                click.echo(f"    source: {r.sentence}")
        click.echo(f"{len(rows)} quote(s)", err=True)


@main.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option("--speaker", help="A name in any spelling the record knows.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--limit", type=int)
def positions(db: str, speaker: str | None, fmt: str, limit: int | None) -> None:
    """Positions attributed to speakers that are not their words: stances ("backed Cruz"),
    questions, denials. Quotes (`onrecord quotes`) hold what was said."""
    from onrecord.store import Store

    _require_db(db)
    with Store(db) as store:
        rows = store.positions(speaker=speaker, limit=limit)
    for r in rows:
        if fmt == "jsonl":
            click.echo(json.dumps(r, ensure_ascii=False))
        else:
            when, outlet, who = r["published"] or "undated", r["outlet"] or "?", r["speaker"] or "?"
            click.echo(f"{when} | {outlet} | {who} | {r['cue_lemma'] or ''}")
            click.echo(f"    {r['text']}")
            click.echo(f"    source: {r['sentence']}")
    click.echo(f"{len(rows)} position(s)", err=True)


@main.command()
@click.option("--db", default=config.DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
def export(db: str, fmt: str) -> None:
    """Everything in the database, in the export schema (jsonl) or one row per quote (csv)."""
    from onrecord.store import Store

    _require_db(db)
    with Store(db) as store:
        if fmt == "jsonl":
            for article in store.articles():
                click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
        else:
            rows = [r.to_dict() for r in store.quotes()]
            _csv(rows, list(rows[0]) if rows else ["id"])


@main.group(name="eval")
def eval_group() -> None:
    """Score the pipeline against annotated data."""


@eval_group.command(name="seeds")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", is_flag=True, help="List every miss and extra quote.")
def eval_seeds(folder: str | None, as_json: bool, errors: bool) -> None:
    """Score against gold.json in FOLDER (default: the bundled example articles)."""
    from onrecord.evaluation.seeds import evaluate_seeds

    report = evaluate_seeds(folder or EXAMPLES)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(report.format())
    if errors:
        click.echo("\n".join(report.errors))


@eval_group.command(name="extraction")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--split",
    type=click.Choice(["all", "dev"]),
    default="all",
    show_default=True,
    help="all: every page with gold and HTML in FOLDER; dev: only the pages splits.json lists as dev.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures (and per-page scores) as JSON.")
def eval_extraction(folder: str, split: str, as_json: bool) -> None:
    """Score the HTML -> text path on an article-extraction benchmark FOLDER, next to its reference outputs."""
    from onrecord.evaluation.extraction import evaluate_extraction

    try:
        report = evaluate_extraction(folder, split)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if as_json else report.format())


@eval_group.command(name="polnear")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--split",
    type=click.Choice(["train", "dev", "test"]),
    help="The compartment to score [default: dev, or the folder's only compartment].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--limit", type=int, help="Score only the first N articles of the split (sorted by name).")
@attribution_option
def eval_polnear(folder: str, split: str | None, as_json: bool, limit: int | None, attribution: str | None) -> None:
    """Score against the PolNeAR corpus in FOLDER (content, source, cue; direct vs indirect/mixed)."""
    from onrecord.evaluation.polnear import evaluate_polnear
    from onrecord.quotes import QuoteExtractor

    try:
        extractor = QuoteExtractor(attribution=attribution)
        report = evaluate_polnear(folder, split, limit=limit, extractor=extractor)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format())


@eval_group.command(name="speakers")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@attribution_option
def eval_speakers(folder: str, as_json: bool, attribution: str | None) -> None:
    """Score whom pronouns and roles go to, on hand-labelled mentions of PolNeAR train in FOLDER."""
    from onrecord.evaluation.speakers import evaluate_speakers
    from onrecord.quotes import QuoteExtractor

    try:
        reports = evaluate_speakers(folder, extractor=QuoteExtractor(attribution=attribution))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports.values()], indent=2))
    else:
        click.echo("\n".join(r.format() for r in reports.values()))


def _require_db(db: str) -> None:
    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `onrecord ingest PATH --db {db}` first")


def _csv(records: list[dict[str, Any]], fields: list[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)


def _register_record_commands() -> None:
    # speakers (a group: list, merge, split, rename), timeline, outlets, statements, topics,
    # eval statements: the cross-article record, kept in their own module to keep this one small.
    from onrecord.record_cli import register

    register(main, eval_group)


_register_record_commands()
