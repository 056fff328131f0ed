"""Throughput and memory of onrecord end to end, against bare spaCy and against textacy (issue 5).

In ONE run over one corpus, each configuration in a fresh child process (so its peak RSS is its own):

- ``spacy``: bare ``nlp.pipe`` over the cleaned article texts, with the model and components onrecord
  loads (``onrecord.quotes.stage.load_nlp``), 1 and 2 processes. The baseline.
- ``textacy``: ``nlp.pipe`` + ``textacy.extract.direct_quotations`` per article (the peer; 1 process).
  textacy raises on an odd number of quotation marks; such a text counts as a failure and the run
  goes on. textacy is not a dependency of onrecord: ``make bench`` installs it (bench/requirements.txt).
- ``onrecord``: end to end, what ``onrecord ingest --processes N`` does (``Pipeline.ingest``): read
  files, clean, parse, extract, store in a fresh SQLite file, relink speakers. 1 and 2 processes.

Timers start after the spaCy model is loaded (a fixed ~1 s either way) and cover the rest; the
baseline's texts are read and cleaned before its timer starts. Words are whitespace-separated
tokens of the cleaned texts, counted once in this process for all configurations.

Memory: onrecord with the most processes is run again on the corpus replicated 2x and 5x (copies
written under /tmp, each file with trailing newlines added so its content hash, and so its article
id, differs while the cleaned text is the same); peak RSS at 5x must stay within 10 % of 1x.

Peak RSS per configuration is the child's own ``ru_maxrss`` plus, with worker processes, the largest
worker's ``ru_maxrss`` times the number of workers (an upper bound: forked workers share pages).
CPU seconds (user + system, child and its workers) are printed too: on a machine shared with other
work they move less than wall time.

    python bench/throughput.py            # the train texts of ../shared/data/polnear (~620k words)
    python bench/throughput.py --quick    # a subset, under 2 minutes
    python bench/throughput.py --corpus DIR
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "polnear" / "data" / "train" / "text"
QUICK_FILES = 30
"""Files in the --quick subset (~20k words of PolNeAR): the whole run stays under 2 minutes on 2 cores."""
BASELINE_BATCH = 32
"""Articles per nlp.pipe batch for the baseline and textacy (the setting of the speeds in STACK.md),
smaller on a small corpus so that every worker gets batches (``_batch``)."""
MEMORY_TOLERANCE = 0.10
"""Peak RSS on the corpus replicated 5x may exceed 1x by at most this fraction (issue 5)."""


# -- child side: one configuration, its figures as one JSON line on stdout ----------------------


def _texts(paths: list[str]) -> list[str]:
    from onrecord.ingest import read_all
    from onrecord.pipeline import clean_documents

    return [a.text for a in clean_documents(read_all(paths), lambda p: None)]


def _batch(texts: list[str], processes: int) -> int:
    # spaCy hands each worker whole batches: 30 texts in one batch of 32 would leave a second worker idle.
    return max(1, min(BASELINE_BATCH, len(texts) // (4 * processes)))


def _usage() -> dict[str, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        # ru_maxrss is in KiB on Linux.
        "rss_self_mb": me.ru_maxrss / 1024,
        "rss_worker_mb": kids.ru_maxrss / 1024,
    }


def run_spacy(paths: list[str], processes: int) -> dict[str, Any]:
    from onrecord.quotes.stage import load_nlp

    nlp = load_nlp()
    texts = _texts(paths)
    list(nlp.pipe(texts[:2]))  # first-call set-up out of the timing, as for onrecord
    cpu0 = _usage()["cpu_s"]
    start = time.perf_counter()
    docs = 0
    for _doc in nlp.pipe(texts, batch_size=_batch(texts, processes), n_process=processes):
        docs += 1
    seconds = time.perf_counter() - start
    usage = _usage()
    return {"seconds": seconds, "cpu_s": usage["cpu_s"] - cpu0, "docs": docs, "components": nlp.pipe_names, **usage}


def run_textacy(paths: list[str], processes: int) -> dict[str, Any]:
    try:
        from textacy.extract import direct_quotations
    except ImportError:
        return {"skipped": "textacy is not installed: `make bench` installs bench/requirements.txt"}
    from onrecord.quotes.stage import load_nlp

    nlp = load_nlp()
    texts = _texts(paths)
    list(nlp.pipe(texts[:2]))
    cpu0 = _usage()["cpu_s"]
    start = time.perf_counter()
    quotes = failures = docs = 0
    for doc in nlp.pipe(texts, batch_size=_batch(texts, processes), n_process=processes):
        docs += 1
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except Exception:  # textacy raises on odd quotation marks: one text lost, the run goes on
            failures += 1
    seconds = time.perf_counter() - start
    usage = _usage()
    return {
        "seconds": seconds,
        "cpu_s": usage["cpu_s"] - cpu0,
        "docs": docs,
        "quotes": quotes,
        "failures": failures,
        **usage,
    }


def run_onrecord(paths: list[str], processes: int, db: str) -> dict[str, Any]:
    from onrecord.pipeline import Pipeline
    from onrecord.store import Store

    pipeline = Pipeline(n_process=processes)
    _ = pipeline.extractor.nlp  # load the model before the timer, as for the baseline
    problems: list[Any] = []
    cpu0 = _usage()["cpu_s"]
    start = time.perf_counter()
    with Store(db) as store:
        added = pipeline.ingest(paths, store, problems.append)
        counts = store.counts()
    seconds = time.perf_counter() - start
    usage = _usage()
    return {
        "seconds": seconds,
        "cpu_s": usage["cpu_s"] - cpu0,
        "docs": added,
        "quotes": counts["quotes"],
        "problems": len(problems),
        **usage,
    }


def child(spec: dict[str, Any]) -> None:
    paths = json.loads(Path(spec["paths"]).read_text())
    if spec["kind"] == "spacy":
        result = run_spacy(paths, spec["processes"])
    elif spec["kind"] == "textacy":
        result = run_textacy(paths, spec["processes"])
    else:
        result = run_onrecord(paths, spec["processes"], spec["db"])
    print(json.dumps(result))


# -- parent side ---------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    kind: str
    processes: int
    copies: int
    words: int
    figures: dict[str, Any]

    @property
    def words_per_s(self) -> float:
        return self.words / self.figures["seconds"]

    @property
    def words_per_cpu_s(self) -> float:
        return self.words / self.figures["cpu_s"]

    @property
    def peak_rss_mb(self) -> float:
        workers = self.processes if self.processes > 1 else 0
        return self.figures["rss_self_mb"] + workers * self.figures["rss_worker_mb"]


def corpus_files(folder: Path, quick: bool) -> list[Path]:
    from onrecord.ingest.files import discover

    files = [p for p in discover([folder]) if isinstance(p, Path)]
    if not files:
        sys.exit(f"no .txt/.html/.jsonl files under {folder}")
    return files[:QUICK_FILES] if quick else files


def replicate(files: list[Path], copies: int, into: Path) -> list[str]:
    """The corpus ``copies`` times: copy k of each file gets k trailing newlines (a new id, the same text)."""
    if copies == 1:
        return [str(f) for f in files]
    out = []
    for k in range(copies):
        folder = into / f"x{copies}" / f"copy{k}"
        folder.mkdir(parents=True, exist_ok=True)
        for i, f in enumerate(files):
            target = folder / f"{i:05d}-{f.name}"
            if k == 0:
                shutil.copyfile(f, target)
            else:
                target.write_bytes(f.read_bytes() + b"\n" * k)
            out.append(str(target))
    return out


def count_words(paths: list[str]) -> tuple[int, int]:
    """(articles, words) of the cleaned texts, as every configuration sees them."""
    from onrecord.ingest import read_all
    from onrecord.pipeline import clean_documents

    articles = words = 0
    for a in clean_documents(read_all(paths), lambda p: None):
        articles += 1
        words += len(a.text.split())
    return articles, words


def run_config(kind: str, processes: int, paths_file: Path, work: Path, tag: str) -> dict[str, Any]:
    spec = {"kind": kind, "processes": processes, "paths": str(paths_file), "db": str(work / f"{tag}.db")}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"{kind} with {processes} process(es) failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    import spacy

    return (
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), {platform.system()}, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"the first {QUICK_FILES} files only")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt/.html/.jsonl")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--scale", type=int, nargs="*", help="replications for the scaling and memory check (default 2 5; --quick 5)"
    )
    parser.add_argument("--no-textacy", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return
    if args.scale is None:
        args.scale = [5] if args.quick else [2, 5]
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}: pass --corpus DIR")

    started = time.perf_counter()
    files = corpus_files(args.corpus, args.quick)
    work = Path(tempfile.mkdtemp(prefix="onrecord-bench-"))
    try:
        results = measure(args, files, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, args, files, time.perf_counter() - started)


def measure(args: argparse.Namespace, files: list[Path], work: Path) -> list[Result]:
    corpora: dict[int, tuple[Path, int, int]] = {}
    for copies in [1, *args.scale]:
        paths = replicate(files, copies, work)
        paths_file = work / f"paths-x{copies}.json"
        paths_file.write_text(json.dumps(paths))
        corpora[copies] = (paths_file, *count_words(paths))
    articles, words = corpora[1][1:]
    print(
        f"corpus: {args.corpus}{' (--quick subset)' if args.quick else ''}: {len(files)} files, "
        f"{articles} articles, {words} words",
        flush=True,
    )
    print(f"machine: {machine()}", flush=True)

    results: list[Result] = []

    def run(label: str, kind: str, processes: int, copies: int = 1) -> Result:
        paths_file, _, n_words = corpora[copies]
        figures = run_config(kind, processes, paths_file, work, f"{kind}-{processes}-x{copies}")
        result = Result(label, kind, processes, copies, n_words, figures)
        results.append(result)
        if "skipped" in figures:
            print(f"  {label}: skipped ({figures['skipped']})", flush=True)
        else:
            print(
                f"  {label}, {processes} process(es), {copies}x: {figures['seconds']:.1f} s, "
                f"{result.words_per_s:,.0f} words/s",
                flush=True,
            )
        return result

    # Each baseline right before the onrecord run it is compared with, so a change in the machine's
    # load between configurations biases the ratio as little as possible.
    for n in args.processes:
        run("spacy nlp.pipe (baseline)", "spacy", n)
        run("onrecord end to end", "onrecord", n)
    if not args.no_textacy:
        run("textacy direct_quotations", "textacy", 1)
    most = max(args.processes)
    for copies in args.scale:
        run("onrecord end to end", "onrecord", most, copies)
    return results


def report(results: list[Result], args: argparse.Namespace, files: list[Path], elapsed: float) -> None:
    done = [r for r in results if "skipped" not in r.figures]
    print()
    print(
        f"{'configuration':<28} {'proc':>4} {'size':>4} {'words':>9} {'seconds':>8} {'words/s':>8} "
        f"{'cpu_s':>7} {'words/cpu_s':>11} {'peak_rss_mb':>11}"
    )
    for r in done:
        print(
            f"{r.label:<28} {r.processes:>4} {r.copies:>3}x {r.words:>9} {r.figures['seconds']:>8.1f} "
            f"{r.words_per_s:>8,.0f} {r.figures['cpu_s']:>7.1f} {r.words_per_cpu_s:>11,.0f} "
            f"{r.peak_rss_mb:>11.0f}"
        )
    print()
    for r in done:
        if r.kind == "textacy":
            print(
                f"textacy: {r.figures['quotes']} direct quotes; failed on {r.figures['failures']} of "
                f"{r.figures['docs']} texts (odd quotation marks)"
            )
        if r.kind == "onrecord" and r.copies == 1:
            print(
                f"onrecord ({r.processes} process(es)): {r.figures['docs']} articles, {r.figures['quotes']} quotes "
                f"stored, {r.figures['problems']} input problems"
            )
    by = {(r.kind, r.processes, r.copies): r for r in done}
    for n in args.processes:
        mine, base = by.get(("onrecord", n, 1)), by.get(("spacy", n, 1))
        if mine and base:
            print(
                f"end_to_end_vs_spacy: {mine.words_per_s / base.words_per_s:.2f}  ({n} process(es), wall clock; "
                f"per CPU second: {mine.words_per_cpu_s / base.words_per_cpu_s:.2f})"
            )
    for r in done:
        if r.copies == 1:
            print(f"peak_rss_mb: {r.peak_rss_mb:.0f}  ({r.label}, {r.processes} process(es))")
    most = max(args.processes)
    one = by.get(("onrecord", most, 1))
    for copies in args.scale:
        big = by.get(("onrecord", most, copies))
        if one and big:
            growth = big.peak_rss_mb / one.peak_rss_mb - 1
            time_ratio = big.figures["seconds"] / one.figures["seconds"]
            print(
                f"scaling {copies}x vs 1x (onrecord, {most} process(es)): time x{time_ratio:.2f}, "
                f"words/s {big.words_per_s:,.0f} vs {one.words_per_s:,.0f}, peak RSS {growth:+.1%}"
            )
    biggest = max(args.scale, default=None)
    if one and biggest and ("onrecord", most, biggest) in by:
        growth = by[("onrecord", most, biggest)].peak_rss_mb / one.peak_rss_mb - 1
        verdict = "ok" if growth <= MEMORY_TOLERANCE else "NOT FLAT"
        print(f"memory_flat: {verdict} ({biggest}x vs 1x peak RSS {growth:+.1%}, limit +{MEMORY_TOLERANCE:.0%})")
    print(f"bench took {elapsed:.0f} s")


if __name__ == "__main__":
    main()
