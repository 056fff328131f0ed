"""Worker processes (onrecord.workers): same results, same order, as one process."""

from collections.abc import Iterable, Iterator

import pytest

from onrecord.workers import in_processes


class Numbered:
    """A toy stage: pipes strings to (string, length); picklable like the pipeline's stages."""

    def pipe(self, items: Iterable[str]) -> Iterator[str]:
        for item in items:
            yield f"{item}:{len(item)}"


def test_workers_keep_input_order_across_many_chunks():
    """Two workers over many small chunks give exactly the one-process output, in input order."""
    items = [f"item{'x' * (i % 7)}{i}" for i in range(41)]
    assert list(in_processes(Numbered(), iter(items), processes=2, chunk_size=3)) == list(Numbered().pipe(items))


def test_one_process_runs_in_place():
    """processes=1 is the stage's own pipe (no pool is started)."""
    assert list(in_processes(Numbered(), ["a", "bb"], processes=1)) == ["a:1", "bb:2"]


def test_pipeline_refuses_zero_processes():
    """n_process below 1 is a clear error, not a hang."""
    from onrecord.pipeline import Pipeline

    with pytest.raises(ValueError, match="at least 1"):
        Pipeline(n_process=0)


def _failing_extractor(nlp):
    from onrecord.quotes import QuoteExtractor

    class Failing(QuoteExtractor):
        """The real extractor, with a defect that shows on one article."""

        def extract(self, article, docs):
            if "BOOM" in article.text:
                raise IndexError("list index out of range")
            return super().extract(article, docs)

    return Failing(nlp=nlp)


@pytest.mark.parametrize("processes", [1, 2])
def test_an_extraction_bug_on_one_article_does_not_end_the_batch(tmp_path, extractor, processes):
    """A defect that raises on one article is reported with its path and reason; the articles
    before and after it are stored, and it is not, so a run after the fix extracts it."""
    from onrecord.pipeline import Pipeline
    from onrecord.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in [
        ("a.txt", "The mayor said the bridge would reopen."),
        ("b.txt", "BOOM went the pier."),
        ("c.txt", "The harbour master said the port would reopen on Monday."),
    ]:
        (folder / name).write_text(f"Harbour news\n\n{body}\n")
    problems = []
    with Store(tmp_path / "x.db") as store:
        added = Pipeline(_failing_extractor(extractor.nlp), n_process=processes).ingest(
            [folder], store, problems.append
        )
        stored = {row[0] for row in store.db.execute("SELECT source FROM articles")}
    assert added == 2 and {p.rsplit("/", 1)[-1] for p in stored} == {"a.txt", "c.txt"}
    [problem] = problems
    assert problem.source.endswith("b.txt") and problem.code == "extract-failed"
    assert "IndexError" in problem.reason


def test_the_api_raises_on_an_extraction_bug(extractor):
    from onrecord.clean import clean
    from onrecord.errors import ExtractionError
    from onrecord.model import RawDocument

    with pytest.raises(ExtractionError, match="IndexError"):
        _failing_extractor(extractor.nlp)(clean(RawDocument(source="x.txt", text="Pier\n\nBOOM went the pier.")))
