"""The chain of stages: read -> clean -> extract quotes -> (link speakers) -> store.

Each stage is a small callable over the data model, set up once and picklable. Bad input never
stops the chain: it leaves as a ``Problem`` beside the articles and the rest goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from onrecord import config
from onrecord.clean import clean
from onrecord.errors import ExtractionError, InputError
from onrecord.ingest import read_all
from onrecord.link import link_speakers
from onrecord.model import Article, Problem, RawDocument
from onrecord.quotes import QuoteExtractor

if TYPE_CHECKING:
    from onrecord.store import Store

ProblemSink = Callable[[Problem], None]


@dataclass(slots=True)
class Run:
    """What one run produced: articles and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def clean_documents(raws: Iterable[RawDocument | Problem], on_problem: ProblemSink) -> Iterator[Article]:
    """Clean each raw document; report (and skip) the ones with no usable text."""
    for raw in raws:
        if isinstance(raw, Problem):
            on_problem(raw)
            continue
        try:
            article = clean(raw)
        except InputError as exc:
            on_problem(Problem(exc.source, exc.reason, exc.code))
            continue
        except Exception as exc:  # a parser bug on one odd page must not end the batch
            on_problem(Problem(raw.source, f"could not clean: {type(exc).__name__}: {exc}", "clean-failed"))
            continue
        if len(article.text) > config.MAX_ARTICLE_CHARS:
            on_problem(Problem(raw.source, f"text cut to {config.MAX_ARTICLE_CHARS} characters", "truncated"))
            article = replace(article, text=article.text[: config.MAX_ARTICLE_CHARS])
        yield article


class Pipeline:
    """Files in, articles with attributed quotes out.

    ``n_process`` processes parse and extract (QuoteExtractor.pipe); reading, cleaning and storing
    stay in this process, in input order, so any ``n_process`` gives the same articles and quotes.
    """

    def __init__(self, extractor: QuoteExtractor | None = None, n_process: int = config.PROCESSES) -> None:
        if n_process < 1:
            raise ValueError(f"n_process must be at least 1, not {n_process}")
        self.extractor = extractor or QuoteExtractor()
        self.n_process = n_process

    def articles(
        self, paths: Iterable[str | Path], on_problem: ProblemSink, skip: Callable[[str], bool] | None = None
    ) -> Iterator[Article]:
        """Articles from files and folders, quotes extracted; ``skip(id)`` avoids re-parsing."""
        cleaned = clean_documents(read_all(paths), on_problem)
        if skip is not None:
            cleaned = (a for a in cleaned if not skip(a.id))
        for article in self.extractor.pipe(cleaned, n_process=self.n_process):
            if article.failure is not None:
                on_problem(Problem(article.source, article.failure, ExtractionError.code))
                continue
            yield article

    def run(self, paths: Iterable[str | Path]) -> Run:
        """Everything at once, speakers linked across the articles (for small sets and the API)."""
        result = Run()
        result.articles = link_speakers(list(self.articles(paths, result.problems.append)))
        return result

    def ingest(
        self,
        paths: Iterable[str | Path],
        store: Store,
        on_problem: ProblemSink,
        progress: Callable[[Iterable[Article]], Iterable[Article]] | None = None,
        on_kept: Callable[[str], None] | None = None,
    ) -> int:
        """Files into ``store``: new articles and quotes, problems, speakers relinked; returns articles added.

        Streams: articles go to the database in batched transactions as they come out of the parser,
        so memory does not grow with the input (bench/throughput.py checks it). An article already
        stored is not parsed again and keeps the quotes it was stored with; ``on_kept(id)`` hears of it.
        """
        problems: list[Problem] = []

        def report(problem: Problem) -> None:
            problems.append(problem)
            on_problem(problem)

        def stored(article_id: str) -> bool:
            if not store.has_article(article_id):
                return False
            if on_kept is not None:
                on_kept(article_id)
            return True

        articles: Iterable[Article] = self.articles(paths, report, skip=stored)
        if progress is not None:
            articles = progress(articles)
        added = store.add_articles(articles)
        store.add_problems(problems)
        store.relink()
        # The speaker-name index, rebuilt here once rather than by the first query after the ingest.
        from onrecord.store.names import refresh

        refresh(store.db)
        return added
