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
