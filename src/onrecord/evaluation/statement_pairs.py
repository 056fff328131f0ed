"""Score same-statement grouping on labelled pairs of real attributions (``onrecord eval statements``).

The pairs file (``tests/data/statement_pairs.tsv``) keeps references only, never text: for each
pair, the label (1 = the same statement, 0 = not), and for each side the PolNeAR train article
name with the character spans of the content and of the source mention. The text is read from
the corpus folder at eval time (PolNeAR is copyrighted news; see ../shared/data/polnear/NOTICE.md).

How the 268 pairs were made: every attributed content of at least 40 characters in PolNeAR
train (13,727; one annotator per article) was embedded; pairs from different articles with
cosine >= 0.5 were sampled evenly from five cosine bands (0.5-0.64, 0.64-0.72, 0.72-0.8,
0.8-0.9, >= 0.9; one pair per article pair) plus 45 more from 0.64-0.9; pairs where either
content has no verb (a bare noun phrase such as "Republican presidential nominee Donald Trump",
which onrecord never extracts as a quote) were dropped; each remaining pair was labelled by
reading both contents and sources. Label 1: the same words or the same claim by the same
speaker (verbatim, trimmed, extended, paraphrased, or an indirect report of it); label 0:
otherwise, including the same proposal voiced by different people ("a ban on Muslims entering
the United States" said by Trump, and the same words as what poll respondents support).

Because candidates needed cosine >= 0.5, recall here is recall over pairs the embedding already
finds somewhat similar; same-statement pairs below that (very free translations) are not in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from onrecord.evaluation.brat import parse_spans, spans_text
from onrecord.link import statements as st

PAIRS = Path(__file__).resolve().parents[3] / "tests" / "data" / "statement_pairs.tsv"


@dataclass(frozen=True, slots=True)
class Pair:
    label: int
    article_a: str
    content_a: str
    source_a: str
    article_b: str
    content_b: str
    source_b: str


@dataclass(slots=True)
class StatementReport:
    pairs: int
    positives: int
    tp: int
    fp: int
    fn: int
    sweep: list[tuple[float, float, float]] = field(default_factory=list)
    """(COSINE, precision, recall) with the other thresholds as calibrated."""
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "pairs": self.pairs,
            "same_statement": self.positives,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "thresholds": {
                "cosine": st.COSINE,
                "cosine_same_speaker": st.COSINE_SAME_SPEAKER,
                "containment": st.CONTAINMENT,
                "containment_cosine": st.CONTAINMENT_COSINE,
            },
        }

    def format(self) -> str:
        lines = [
            f"same-statement pairs: {self.pairs} ({self.positives} the same statement)",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  (tp {self.tp}, fp {self.fp}, fn {self.fn})",
            f"thresholds: cosine {st.COSINE}, same known speaker {st.COSINE_SAME_SPEAKER}, "
            f"containment {st.CONTAINMENT} at cosine >= {st.CONTAINMENT_COSINE}",
            "cosine threshold sweep (others fixed):",
        ]
        lines += [f"  {c:.2f}  P {p:.3f}  R {r:.3f}" for c, p, r in self.sweep]
        return "\n".join(lines)


def read_pairs(path: Path = PAIRS) -> list[Pair]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, *rest = line.split("\t")
        out.append(Pair(int(label), *rest))
    return out


def evaluate_statements(corpus: str | Path, pairs_path: Path = PAIRS) -> StatementReport:
    """Precision and recall of ``same_statement`` on the labelled pairs (``corpus`` = PolNeAR ``train``)."""
    from onrecord.link.embed import shared_embedder

    corpus = Path(corpus)
    text_dir = corpus / "text" if (corpus / "text").is_dir() else corpus / "train" / "text"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"{corpus}: no text/ folder (expected PolNeAR data/train)")
    pairs = read_pairs(pairs_path)
    texts: dict[str, str] = {}

    def read(article: str, spans: str) -> str:
        if article not in texts:
            texts[article] = (text_dir / f"{article}.txt").read_text(encoding="utf-8")
        return spans_text(texts[article], parse_spans(spans)) if spans else ""

    a_text = [read(p.article_a, p.content_a) for p in pairs]
    b_text = [read(p.article_b, p.content_b) for p in pairs]
    a_speaker = [st.source_key(read(p.article_a, p.source_a)) for p in pairs]
    b_speaker = [st.source_key(read(p.article_b, p.source_b)) for p in pairs]
    vectors = shared_embedder().embed(a_text + b_text)
    n = len(pairs)
    cosines = [float(vectors[i] @ vectors[n + i]) for i in range(n)]
    words = [(st.content_words(a), st.content_words(b)) for a, b in zip(a_text, b_text, strict=True)]

    def decide(threshold: float | None = None) -> list[bool]:
        return [
            st.same_statement(cosines[i], words[i][0], words[i][1], a_speaker[i], b_speaker[i], threshold)
            for i in range(n)
        ]

    predicted = decide()
    labels = [p.label == 1 for p in pairs]
    report = StatementReport(
        pairs=n,
        positives=sum(labels),
        tp=sum(p and g for p, g in zip(predicted, labels, strict=True)),
        fp=sum(p and not g for p, g in zip(predicted, labels, strict=True)),
        fn=sum(g and not p for p, g in zip(predicted, labels, strict=True)),
    )
    for i, (p, g) in enumerate(zip(predicted, labels, strict=True)):
        if p != g:
            report.errors.append(
                f"{'extra' if p else 'missed'} cos={cosines[i]:.2f} [{a_speaker[i]}] {a_text[i][:80]!r}"
                f" ~ [{b_speaker[i]}] {b_text[i][:80]!r}"
            )
    for c in (0.86, 0.88, 0.90, 0.92, 0.94, 0.96):
        sweep = decide(c)
        tp = sum(p and g for p, g in zip(sweep, labels, strict=True))
        fp = sum(p and not g for p, g in zip(sweep, labels, strict=True))
        report.sweep.append((c, tp / (tp + fp) if tp + fp else 0.0, tp / max(sum(labels), 1)))
    return report
