"""Topics: the user's own (a TOML or YAML file: name -> keywords and examples) and discovered ones
(k-means clusters of quote embeddings, labelled by their most distinctive words).

A topic file looks like this (TOML; YAML with the same shape works too)::

    [topics."NATO expansion"]
    keywords = ["NATO expansion", "eastward", "enlargement", "open door"]
    examples = ["NATO must not move an inch eastwards"]

    [topics]
    "arms control" = ["INF", "New START", "arms control", "moratorium"]   # a bare list: keywords

A quote has a user topic when one of its keywords occurs in it (whole words, any case) or its
embedding is close to one of the examples.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onrecord.errors import InputError
from onrecord.link.statements import content_words

if TYPE_CHECKING:
    import numpy as np

EXAMPLE_COSINE = 0.65
"""Cosine to a topic example at or above which a quote gets the topic. Set on the 67 seed quotes
with examples/topics.toml, counting the quotes that only an example (no keyword) tagged: at 0.55,
12 such tags and most wrong ("There's basically no trust in NATO" as NATO expansion); at 0.6, 4
with 2 wrong; at 0.65, 1 and right. MiniLM cosines of short political sentences crowd together,
so examples catch close paraphrases only; keywords do most of the work."""
MAX_AUTO_TOPICS = 12


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(slots=True)
class TopicMatch:
    quote: int
    topic: str
    score: float
    source: str = "user"
    why: list[str] = field(default_factory=list)


def load_topic_file(path: str | Path) -> list[Topic]:
    """Topics from a .toml, .yaml or .yml file (name -> keywords list, or {keywords, examples})."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            data: Any = tomllib.loads(raw)
        elif path.suffix.lower() in (".yaml", ".yml"):
            try:
                import yaml
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise InputError(
                    str(path), "YAML topic files need PyYAML: pip install pyyaml", "missing-extra"
                ) from exc
            data = yaml.safe_load(raw)
        else:
            raise InputError(str(path), "a topic file is .toml, .yaml or .yml", "bad-topics")
    except (ValueError, TypeError) as exc:
        raise InputError(str(path), f"not a valid topic file: {exc}", "bad-topics") from exc
    return parse_topics(data, str(path))


def parse_topics(data: Any, where: str = "<topics>") -> list[Topic]:
    if isinstance(data, dict) and isinstance(data.get("topics"), dict):
        data = data["topics"]
    if not isinstance(data, dict):
        raise InputError(where, "expected a table of topics: name -> keywords or {keywords, examples}", "bad-topics")
    topics = []
    for name, spec in data.items():
        if isinstance(spec, list):
            spec = {"keywords": spec}
        if not isinstance(spec, dict):
            raise InputError(where, f"topic {name!r}: expected a list of keywords or a table", "bad-topics")
        keywords = tuple(str(k) for k in spec.get("keywords", []) if str(k).strip())
        examples = tuple(str(e) for e in spec.get("examples", []) if str(e).strip())
        if not keywords and not examples:
            raise InputError(where, f"topic {name!r} has no keywords and no examples", "bad-topics")
        topics.append(Topic(str(name), keywords, examples))
    return topics


def user_topics(
    topics: Sequence[Topic], texts: Sequence[str], vectors: np.ndarray | None, example_vectors: np.ndarray | None
) -> list[TopicMatch]:
    """Each (quote, topic) a keyword or an example gives."""
    out: list[TopicMatch] = []
    offset = 0
    for topic in topics:
        patterns = [re.compile(rf"(?<!\w){re.escape(k)}(?!\w)", re.I) for k in topic.keywords]
        ex = None
        if example_vectors is not None and topic.examples:
            ex = example_vectors[offset : offset + len(topic.examples)]
        offset += len(topic.examples)
        for i, text in enumerate(texts):
            hits = [p.pattern for p in patterns if p.search(text)]
            score = 1.0 if hits else 0.0
            why = [f"keyword {k}" for k, p in zip(topic.keywords, patterns, strict=True) if p.pattern in hits]
            if ex is not None and vectors is not None and len(ex):
                best = float((ex @ vectors[i]).max())
                if best >= EXAMPLE_COSINE:
                    score = max(score, best)
                    why.append(f"example cosine {best:.2f}")
            if score:
                out.append(TopicMatch(i, topic.name, score, "user", why))
    return out


def auto_topics(texts: Sequence[str], vectors: np.ndarray, seed: int = 0) -> tuple[list[int], list[str]]:
    """(cluster of each quote, readable label of each cluster): k-means on the embeddings, k = √(n/2)
    (at most ``MAX_AUTO_TOPICS``), labelled by the three words most particular to each cluster."""
    import numpy as np

    n = len(texts)
    if n == 0:
        return [], []
    k = max(1, min(MAX_AUTO_TOPICS, round(math.sqrt(n / 2))))
    rng = np.random.default_rng(seed)
    # k-means++ seeding, then Lloyd iterations on unit vectors (spherical k-means).
    centres = [vectors[int(rng.integers(n))]]
    for _ in range(1, k):
        d = 1.0 - np.max(vectors @ np.array(centres).T, axis=1)
        d = np.clip(d, 0, None) ** 2
        if d.sum() <= 0:
            break
        centres.append(vectors[int(rng.choice(n, p=d / d.sum()))])
    c = np.array(centres)
    assign = np.zeros(n, dtype=int)
    for _ in range(30):
        new = np.argmax(vectors @ c.T, axis=1)
        if _ and np.array_equal(new, assign):
            break
        assign = new
        for j in range(len(c)):
            members = vectors[assign == j]
            if len(members):
                m = members.mean(axis=0)
                c[j] = m / max(float(np.linalg.norm(m)), 1e-12)
    # Renumber clusters by size, biggest first, so labels read in a stable order.
    sizes = Counter(assign.tolist())
    order = {old: new for new, (old, _) in enumerate(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])))}
    assign_list = [order[a] for a in assign.tolist()]
    return assign_list, _labels(texts, assign_list, len(order))


def _labels(texts: Sequence[str], assign: list[int], k: int) -> list[str]:
    """c-TF-IDF: a word's count in the cluster times log(1 + clusters / clusters using it); each
    word shown in its commonest spelling in the cluster (the stem groups "militarily"/"military")."""
    per: list[Counter[str]] = [Counter() for _ in range(k)]
    surface: list[dict[str, Counter[str]]] = [{} for _ in range(k)]
    for text, a in zip(texts, assign, strict=True):
        seen = set()
        for word in re.findall(r"[^\W\d_][\w'’-]*", text.lower()):
            stem = next(iter(content_words(word)), None)
            if stem is None or len(word) <= 2:
                continue
            surface[a].setdefault(stem, Counter())[word.replace("’", "'").removesuffix("'s")] += 1
            if stem not in seen:
                seen.add(stem)
                per[a][stem] += 1
    df = Counter(w for c in per for w in c)
    labels = []
    for c, forms in zip(per, surface, strict=True):
        # Words used by at least two of the cluster's quotes, where there are any: one quote's
        # odd word ("climate") is not what a cluster is about.
        shared = [w for w in c if c[w] >= 2] or list(c)
        scored = sorted(shared, key=lambda w: (-c[w] * math.log(1 + k / df[w]), w))
        labels.append(", ".join(forms[w].most_common(1)[0][0] for w in scored[:3]) or "misc")
    seen_labels: Counter[str] = Counter()
    out = []
    for label in labels:
        seen_labels[label] += 1
        out.append(label if seen_labels[label] == 1 else f"{label} ({seen_labels[label]})")
    return out
