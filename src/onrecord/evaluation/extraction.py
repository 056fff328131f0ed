"""Score onrecord's HTML → text path on the article-extraction benchmark (Zyte / Scrapinghub layout).

The folder holds ``ground-truth.json`` (``id -> {"articleBody", "url"}``), ``html/<id>.html.gz``
(or ``.html``), optionally ``reference-outputs/<tool>.json`` (other extractors' predictions) and
``splits.json``. Every page that has both gold and HTML is scored, so the same command scores a
held-out folder laid out the same way; ``split="dev"`` keeps only the pages ``splits.json`` lists.

Metric (the benchmark's own): tokens are ``\\w+`` matches (Unicode, case kept); each text becomes a
multiset of 4-token shingles (a text of 1–3 tokens is one shorter shingle, an empty text none). Per
page TP = Σ min(gold, pred), FP = Σ max(0, pred − gold), FN = Σ max(0, gold − pred), all three
divided by TP + FP + FN. Precision is the mean per-page TP/(TP+FP) over pages with TP + FP > 0,
recall the mean TP/(TP+FN) over pages with TP + FN > 0 (both 1 on a page with FP = FN = 0); F1 is
the harmonic mean of those two means.

What is scored for onrecord: the ``text`` of the ``Article`` that ``onrecord.clean`` stores for the
page, less its first line when that line is the article's title. The gold is body text without the
headline, and onrecord keeps the headline separately in ``Article.title``, so counting it would only
measure a layout choice; ``with_title`` in the JSON output gives the figure with the title line kept.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalised TP, FP and FN of one page (they sum to 1, or are all 0 for two empty texts)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None


@dataclass(slots=True)
class SystemScore:
    """One extractor's figures over a set of pages."""

    name: str
    pages: dict[str, PageScore] = field(default_factory=dict)
    seconds: float | None = None
    """Wall time to extract every page (only for the extractors run here)."""

    @property
    def precision(self) -> float:
        values = [s.precision for s in self.pages.values() if s.precision is not None]
        return sum(values) / len(values) if values else 0.0

    @property
    def recall(self) -> float:
        values = [s.recall for s in self.pages.values() if s.recall is not None]
        return sum(values) / len(values) if values else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def pages_per_second(self) -> float | None:
        return len(self.pages) / self.seconds if self.seconds else None

    def to_dict(self, per_page: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "pages": len(self.pages),
        }
        if self.seconds is not None:
            out["seconds"] = self.seconds
            out["pages_per_second"] = self.pages_per_second
        if per_page:
            out["per_page"] = {k: {"precision": s.precision, "recall": s.recall} for k, s in self.pages.items()}
        return out


@dataclass(slots=True)
class ExtractionReport:
    folder: str
    split: str
    ours: SystemScore
    ours_with_title: SystemScore
    baseline: SystemScore
    references: list[SystemScore]
    chosen: Counter[str] = field(default_factory=Counter)
    """How often each extractor of the cascade was picked."""
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "split": self.split,
            "pages": len(self.ours.pages),
            "onrecord": self.ours.to_dict(per_page=True),
            "with_title": self.ours_with_title.to_dict(),
            "trafilatura_alone": self.baseline.to_dict(),
            "references": {r.name: r.to_dict() for r in self.references},
            "cascade_choices": dict(self.chosen),
            "problems": self.problems,
        }

    def format(self) -> str:
        rows = [self.ours, self.baseline, *sorted(self.references, key=lambda r: -r.f1)]
        lines = [
            f"{len(self.ours.pages)} pages ({self.split}) in {self.folder}",
            f"{'extractor':<34} {'P':>6} {'R':>6} {'F1':>6}  pages/s",
        ]
        for row in rows:
            speed = f"{row.pages_per_second:7.1f}" if row.pages_per_second else "      -"
            lines.append(f"{row.name:<34} {row.precision:6.3f} {row.recall:6.3f} {row.f1:6.3f}  {speed}")
        lines.append(
            f"(onrecord with the title line counted: P {self.ours_with_title.precision:.3f} "
            f"R {self.ours_with_title.recall:.3f} F1 {self.ours_with_title.f1:.3f})"
        )
        if self.chosen:
            lines.append("cascade picked: " + ", ".join(f"{k} {v}" for k, v in self.chosen.most_common()))
        lines.extend(f"problem: {p}" for p in self.problems)
        return "\n".join(lines)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    n = min(SHINGLE, len(tokens))
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def score_page(gold: str, predicted: str) -> PageScore:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def score_system(name: str, gold: dict[str, str], predicted: dict[str, str]) -> SystemScore:
    """Score predictions by page id; a page with no prediction counts as an empty one."""
    system = SystemScore(name)
    for key, body in gold.items():
        system.pages[key] = score_page(body, predicted.get(key, ""))
    return system


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str | None
    gold: str
    html_path: Path

    def html(self) -> str:
        data = self.html_path.read_bytes()
        if self.html_path.suffix == ".gz":
            data = gzip.decompress(data)
        return data.decode("utf-8", errors="replace")


def load_pages(folder: str | Path, split: str = "all") -> list[Page]:
    """Pages with gold and HTML, sorted by id; ``split="dev"`` keeps those splits.json lists."""
    folder = Path(folder)
    gold_path = folder / "ground-truth.json"
    if not gold_path.exists():
        raise FileNotFoundError(f"{gold_path} not found: is {folder} an article-extraction benchmark folder?")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    keep: set[str] | None = None
    if split != "all":
        splits_path = folder / "splits.json"
        if not splits_path.exists():
            raise FileNotFoundError(f"split {split!r} asked for but {splits_path} is missing")
        keep = set(json.loads(splits_path.read_text(encoding="utf-8")).get(split, []))
    pages = []
    for key in sorted(gold):
        if keep is not None and key not in keep:
            continue
        for name in (f"{key}.html.gz", f"{key}.html"):
            path = folder / "html" / name
            if path.exists():
                entry = gold[key]
                pages.append(Page(key, entry.get("url"), entry.get("articleBody") or "", path))
                break
    return pages


def load_reference(path: Path) -> dict[str, str]:
    """A reference output: ``{id: {"articleBody"}}`` or ``{"version", "output": {id: {...}}}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data.get("output"), dict):
        data = data["output"]
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out[key] = value.get("articleBody") or ""
        elif isinstance(value, str):
            out[key] = value
    return out


def onrecord_body(html: str, url: str | None) -> tuple[str, str, str]:
    """(body, full text, extractor) of the article onrecord stores for a page ("" when it finds none)."""
    from onrecord.clean.article import clean_with_extractor
    from onrecord.errors import InputError
    from onrecord.model import RawDocument

    try:
        article, extractor = clean_with_extractor(RawDocument(source=url or "<page>", html=html, url=url))
    except InputError:
        return "", "", "none"
    text = article.text
    body = text
    # clean_text puts the title first, then a blank line, then the body.
    if article.title and text.startswith(article.title + "\n\n"):
        body = text[len(article.title) + 2 :]
    return body, text, extractor


def trafilatura_alone(html: str, url: str | None) -> str:
    """The baseline: trafilatura 2.3 with its defaults and no comments, nothing of ours after it."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def evaluate_extraction(folder: str | Path, split: str = "all") -> ExtractionReport:
    """Run onrecord and trafilatura alone on every page and score them with the reference outputs."""
    folder = Path(folder)
    pages = load_pages(folder, split)
    if not pages:
        raise FileNotFoundError(f"no page in {folder} has both gold text and HTML (split {split!r})")
    gold = {p.id: p.gold for p in pages}
    problems: list[str] = []
    htmls: dict[str, str] = {}
    for page in pages:
        try:
            htmls[page.id] = page.html()
        except (OSError, EOFError) as exc:  # a corrupt .gz scores as an empty prediction
            problems.append(f"{page.id}: unreadable HTML ({exc})")
            htmls[page.id] = ""

    bodies: dict[str, str] = {}
    fulls: dict[str, str] = {}
    chosen: Counter[str] = Counter()
    ours_seconds = 0.0
    for page in pages:
        start = time.perf_counter()
        try:
            body, full, extractor = onrecord_body(htmls[page.id], page.url)
        except Exception as exc:  # one page that crashes the path is a reported miss, not a stopped run
            body, full, extractor = "", "", "error"
            problems.append(f"{page.id}: onrecord raised {type(exc).__name__}: {exc}")
        ours_seconds += time.perf_counter() - start
        bodies[page.id], fulls[page.id] = body, full
        chosen[extractor] += 1
        if not body and extractor != "error":
            problems.append(f"{page.id}: onrecord found no article text")

    baseline_text: dict[str, str] = {}
    base_seconds = 0.0
    for page in pages:
        start = time.perf_counter()
        try:
            baseline_text[page.id] = trafilatura_alone(htmls[page.id], page.url)
        except Exception:  # scored as an empty prediction, like any extractor that gives nothing
            baseline_text[page.id] = ""
        base_seconds += time.perf_counter() - start

    ours = score_system("onrecord", gold, bodies)
    ours.seconds = ours_seconds
    with_title = score_system("onrecord (title line kept)", gold, fulls)
    baseline = score_system(f"trafilatura {_version('trafilatura')} alone (this run)", gold, baseline_text)
    baseline.seconds = base_seconds
    references = []
    ref_dir = folder / "reference-outputs"
    if ref_dir.is_dir():
        for path in sorted(ref_dir.glob("*.json")):
            try:
                predicted = load_reference(path)
            except (ValueError, AttributeError) as exc:
                problems.append(f"{path.name}: unreadable reference output ({exc})")
                continue
            references.append(score_system(path.stem, gold, predicted))
    return ExtractionReport(
        folder=str(folder),
        split=split,
        ours=ours,
        ours_with_title=with_title,
        baseline=baseline,
        references=references,
        chosen=chosen,
        problems=problems,
    )
