"""The attribution encoder: all-MiniLM-L6-v2 fine-tuned to label cue, source and content words.

It reads one parsed paragraph plus what the rules (``candidates.py``) found in it and labels every
word ``B-``/``I-``/``L-``/``U-`` of ``CUE``, ``SRC`` or ``CON``, or ``O``, like the CRF in
``tagger.py``. The labels are read back as BIO, and the CRF's ``assemble`` turns them into quotes.
The encoder sees the words in context (a whole paragraph, both directions) and, beside them, a few
parse features per word (the rules' label, quotation state, dependency, part of speech, entity, the
path to the nearest cue word), so it learns the long tail of cues and content boundaries the rules
and a linear model miss. Its per-word log-probabilities are mixed with the CRF's marginals (the
"companion") and nudged per role before a decoding that keeps every span well formed. The two
models err in different places.

Trained on PolNeAR's ``train`` compartment by ``scripts/train_encoder.py`` (torch, CPU); shipped
as int8 ONNX in ``quotes/models/`` with its feature vocabulary, and run here on onnxruntime:
no torch at run time, nothing downloaded. The WordPiece tokenizer is the MiniLM one vendored
in ``link/data``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from onrecord.errors import ModelNotFoundError
from onrecord.quotes.candidates import Candidate
from onrecord.quotes.crf import best_paths
from onrecord.quotes.parsed import columns
from onrecord.quotes.tagger import (
    AttributionTagger,
    assemble,
    lexicon_cue,
    polnear_cue,
    quote_state,
    rule_labels,
    to_bio,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc

MODEL_FILE = "attribution-encoder.onnx"
VOCAB_FILE = "attribution-encoder.json"
TAGS = ("O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON")
"""BIO tags: what ``decode`` hands on (via ``to_bio``), and the label set of an encoder whose
vocabulary file names none."""
BILOU_TAGS = ("O", *(f"{p}-{role}" for role in ("CUE", "SRC", "CON") for p in "BILU"))
"""The tags the encoder is trained on: a span's last word (``L-``) and one-word spans (``U-``)
apart, as the CRF's (``tagger.to_bilou``)."""
FEATURES = ("r", "q", "cue", "dep", "pos", "ent", "anc", "side")
"""The parse features each word carries into the encoder, one embedding table each."""
MAX_PIECES = 256
"""Word pieces per encoder window, [CLS] and [SEP] included; longer paragraphs are cut at sentences."""
COMPANION_WEIGHT = 0.7
"""The encoder's share when its log-probabilities are mixed with the CRF companion's marginals."""
LABEL_BIAS = {"CUE": 0.5, "SRC": 1.0, "CON": 0.25}
"""Log-score added to each role's tags before decoding: both models under-predict (precision runs
10-15 points above recall), and these bring them closer. Chosen on the train holdout with the weight
above: content exact +2.2, source +1.4, cue +1.6 F1 over the 3-epoch encoder alone and unbiased. For
the shipped 4-epoch encoder a grid (weight 0.6-0.8, each bias 0-2) on the same holdout found nothing
better by more than 0.2 F1 on any figure, so these stay. The same held for the BILOU-trained encoder
(weight 0.6 / 0.8, source bias 0.5, cue and content bias doubled, or no mix: within 0.4)."""


def word_features(doc: Doc, rules: list[str]) -> tuple[list[int], list[str], list[list[str]]]:
    """The paragraph's words (spaCy tokens that are not whitespace): token indices, texts and
    feature values in ``FEATURES`` order.

    Read off plain per-token lists built once (as ``tagger.token_features`` does): walking spaCy
    Token objects per word, and scanning every cue word per word, cost as much as the encoder."""
    quotes = quote_state(doc)
    cols = columns(doc)
    n = len(doc)
    head, dep, pos = cols.head, cols.dep, cols.pos
    lex = [lexicon_cue(pos[i], cols.lemma[i], cols.lower[i]) for i in range(n)]
    cue = [lex[i] or polnear_cue(pos[i], cols.lemma[i]) for i in range(n)]
    cue_words = {i for i, c in enumerate(cue) if c}
    # Where two cue words are equally near, the first in the set's own order wins: the encoder was
    # trained on features that broke ties that way.
    rank = {i: k for k, i in enumerate(cue_words)}
    sent_cues: list[set[int]] = [set() for _ in range(n)]
    for start, end in cols.sents:
        here = {i for i in range(start, end) if cue[i]}
        for i in range(start, end):
            sent_cues[i] = here
    index: list[int] = []
    words: list[str] = []
    feats: list[list[str]] = []
    for i in range(n):
        if cols.space[i]:
            continue
        # The first cue word above; a root cue word is its own, at depth 1 (the shipped weights
        # were trained on features that walked Token objects, which never stopped at the root).
        rel, depth, cur = "none", 0, i
        for d in range(1, 9):
            below, cur = cur, head[cur]
            if cue[cur]:
                rel, depth = dep[below], min(d, 4)
                break
        side = "none"
        if near := sent_cues[i]:
            gap = min(abs(c - i) for c in near)
            j = min((c for c in (i - gap, i + gap) if c in near), key=rank.__getitem__)
            reach = "1" if gap == 1 else "3" if gap <= 3 else "9" if gap <= 9 else "far"
            side = "self" if gap == 0 else ("before" if j < i else "after") + reach
        index.append(i)
        words.append(cols.text[i])
        feats.append(
            [
                rules[i],
                quotes[i],
                "lex" if lex[i] else "cue" if cue[i] else "-",
                dep[i],
                pos[i],
                cols.ent[i],
                f"{rel}/{depth}",
                side,
            ]
        )
    return index, words, feats


@dataclass(slots=True)
class Window:
    """One encoder input: word pieces of a run of whole words, with the word each piece starts."""

    pieces: list[int]  # token ids, [CLS] … [SEP]
    feats: list[list[int]]  # per piece, the feature ids of its word (zeros for [CLS]/[SEP])
    first: list[int]  # piece position of each word's first piece
    words: list[int]  # which word (index into the paragraph's word list) each ``first`` is


def windows(
    tokenizer: Any, words: list[str], feat_ids: list[list[int]], sent_starts: set[int], max_pieces: int = MAX_PIECES
) -> list[Window]:
    """Word pieces for the paragraph, cut into windows of at most ``max_pieces`` at sentence starts
    (at any word when one sentence is longer than a window)."""
    if not words:
        return []
    enc = tokenizer.encode(words, is_pretokenized=True, add_special_tokens=False)
    per_word: list[list[int]] = [[] for _ in words]
    for piece, w in zip(enc.ids, enc.word_ids, strict=True):
        if w is not None:
            per_word[w].append(piece)
    for w, pieces in enumerate(per_word):
        if not pieces:  # a character the vocabulary lacks entirely
            per_word[w] = [_UNK]
    budget = max_pieces - 2
    out: list[Window] = []
    start = 0
    while start < len(words):
        end, used, last_cut = start, 0, None
        while end < len(words) and used + min(len(per_word[end]), budget) <= budget:
            used += min(len(per_word[end]), budget)
            end += 1
            if end in sent_starts:
                last_cut = end
        if end < len(words) and last_cut is not None and last_cut > start:
            end = last_cut
        pieces, feats, first, which = [_CLS], [[0] * len(FEATURES)], [], []
        for w in range(start, end):
            first.append(len(pieces))
            which.append(w)
            for p in per_word[w][:budget]:
                pieces.append(p)
                feats.append(feat_ids[w])
        pieces.append(_SEP)
        feats.append([0] * len(FEATURES))
        out.append(Window(pieces, feats, first, which))
        start = end
    return out


_CLS, _SEP, _UNK = 101, 102, 100  # the MiniLM (bert-base-uncased) vocabulary's special tokens


@lru_cache(maxsize=4)
def _transitions(tags: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-penalties (0 or -1e9) of each tag to tag move, and of each tag first and last.

    An ``I-``/``L-`` tag only continues a ``B-``/``I-`` of its own role; with BILOU tags a ``B-``/``I-``
    must go on with one of those, so no span is left open."""
    bilou = any(t.startswith("L-") for t in tags)

    def opens(t: str) -> bool:
        return bilou and t[:2] in ("B-", "I-")

    def continues(t: str) -> bool:
        return t[:2] in ("I-", "L-")

    def allowed(fr: str, to: str) -> bool:
        if continues(to):
            return fr[:2] in ("B-", "I-") and fr[2:] == to[2:]
        return not opens(fr)

    move = np.array([[0.0 if allowed(fr, to) else -1e9 for to in tags] for fr in tags])
    first = np.array([-1e9 if continues(t) else 0.0 for t in tags])
    last = np.array([-1e9 if opens(t) else 0.0 for t in tags])
    return move, first, last


def decode(scores: np.ndarray, tags: Sequence[str] = TAGS) -> list[str]:
    """The best valid tag sequence (BIO or BILOU, as ``tags``) for per-word log-probabilities
    (words × tags)."""
    move, first, last = _transitions(tuple(tags))
    return [tags[t] for t in best_paths([scores], move, first, last)[0]]


class FeatureVocab:
    """Feature value → id, one table per feature; 0 pads, 1 is any value unseen in training."""

    def __init__(self, tables: dict[str, dict[str, int]]) -> None:
        self.tables = tables

    @classmethod
    def build(cls, rows: list[list[str]], min_count: int = 3) -> FeatureVocab:
        counts: list[dict[str, int]] = [{} for _ in FEATURES]
        for row in rows:
            for k, v in enumerate(row):
                counts[k][v] = counts[k].get(v, 0) + 1
        tables = {}
        for k, name in enumerate(FEATURES):
            kept = sorted(v for v, c in counts[k].items() if c >= min_count)
            tables[name] = {v: i + 2 for i, v in enumerate(kept)}
        return cls(tables)

    def ids(self, row: list[str]) -> list[int]:
        return [self.tables[name].get(v, 1) for name, v in zip(FEATURES, row, strict=True)]

    def sizes(self) -> list[int]:
        return [len(self.tables[name]) + 2 for name in FEATURES]


def paragraph_inputs(doc: Doc, rules: list[str], vocab: FeatureVocab, tokenizer: Any) -> tuple[list[int], list[Window]]:
    """Everything the encoder needs for one paragraph: the token index of each word and its windows."""
    index, words, feats = word_features(doc, rules)
    return index, windows(tokenizer, words, [vocab.ids(f) for f in feats], sentence_starts(doc, index))


def sentence_starts(doc: Doc, index: list[int]) -> set[int]:
    """Which words (positions in ``index``, the words' token indices) begin a sentence."""
    word_at = {t: w for w, t in enumerate(index)}
    return {word_at[s.start] for s in doc.sents if s.start in word_at}


class EncoderTagger:
    """Loads the ONNX encoder once (lazily) and tags parsed paragraphs; same interface as the CRF's
    ``AttributionTagger``."""

    def __init__(
        self,
        path: str | Path | None = None,
        companion: AttributionTagger | None = None,
        weight: float = COMPANION_WEIGHT,
        bias: dict[str, float] | None = None,
    ) -> None:
        self.path = str(path) if path else None
        # The CRF whose marginals are mixed in: it sees the same paragraph through hand-built
        # features and errs elsewhere, so the mix finds more cues and sources than either.
        self.companion = companion
        self.weight = weight
        self.bias = dict(LABEL_BIAS if bias is None else bias)
        self._tags: tuple[str, ...] = TAGS
        self._bias_row = np.zeros(len(TAGS), dtype=np.float32)
        self._session: Any = None
        self._tokenizer: Any = None
        self._vocab: FeatureVocab | None = None

    def __getstate__(self) -> dict[str, Any]:
        # An onnxruntime session cannot be pickled: each worker opens the file itself.
        return {"path": self.path, "companion": self.companion, "weight": self.weight, "bias": self.bias}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["path"], state.get("companion"), state.get("weight", COMPANION_WEIGHT), state.get("bias")
        )

    @property
    def model_path(self) -> str:
        if self.path:
            return self.path
        return str(resources.files("onrecord.quotes").joinpath("models", MODEL_FILE))

    def _open(self) -> tuple[Any, Any, FeatureVocab]:
        if self._session is None:
            try:
                import onnxruntime as ort
                from tokenizers import Tokenizer
            except ImportError as exc:  # pragma: no cover - both are core dependencies
                raise ModelNotFoundError(f"the attribution encoder needs {exc.name}") from exc
            from onrecord.link.embed import TOKENIZER

            model = Path(self.model_path)
            if not model.exists():
                raise ModelNotFoundError(f"attribution encoder weights missing: {model}")
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1  # one per worker process; ingest --processes scales out
            options.inter_op_num_threads = 1
            meta = json.loads(model.with_suffix(".json").read_text())
            # The vocabulary file names the tags the model was trained on (BIO before BILOU).
            self._tags = tuple(meta.get("tags", TAGS))
            self._bias_row = np.array([self.bias.get(t.partition("-")[2], 0.0) for t in self._tags], dtype=np.float32)
            self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            self._tokenizer = Tokenizer.from_file(str(TOKENIZER))
            self._vocab = FeatureVocab(meta["features"])
        assert self._vocab is not None
        return self._session, self._tokenizer, self._vocab

    def tag(self, doc: Doc, rules: list[str], companion: np.ndarray | None = None) -> list[str]:
        """BIO tags per token (a BILOU-trained model's read back with ``to_bio``); ``companion``:
        the CRF's marginals over this model's tags, when the caller computed them for many paragraphs."""
        tags = ["O"] * len(doc)
        index, scores = self.scores(doc, rules)
        if self.companion is not None and index:
            if companion is None:
                companion = self.companion.marginals(doc, rules, self._tags)
            crf = companion.astype(np.float32)[index]
            scores = self.weight * scores + (1 - self.weight) * np.log(np.clip(crf, 1e-9, 1.0))
        scores = scores + self._bias_row
        for i, tag in zip(index, to_bio(decode(scores, self._tags)), strict=True):
            tags[i] = tag
        return tags

    def scores(self, doc: Doc, rules: list[str]) -> tuple[list[int], np.ndarray]:
        """The tokens the encoder labels (words, not spaces) and their per-tag log-probabilities."""
        session, tokenizer, vocab = self._open()
        index, wins = paragraph_inputs(doc, rules, vocab, tokenizer)
        scores = np.zeros((len(index), len(self._tags)), dtype=np.float32)
        for win in wins:
            logits = session.run(
                None,
                {
                    "input_ids": np.array([win.pieces], dtype=np.int64),
                    "attention_mask": np.ones((1, len(win.pieces)), dtype=np.int64),
                    "features": np.array([win.feats], dtype=np.int64),
                },
            )[0][0]
            picked = logits[win.first]
            top = picked.max(1, keepdims=True)
            scores[win.words] = picked - top - np.log(np.exp(picked - top).sum(1, keepdims=True))
        return index, scores

    def candidates_many(self, items: Sequence[tuple[Doc, int, list[Candidate]]]) -> list[list[Candidate]]:
        """Each paragraph's quotes, as ``candidates`` gives them. The encoder runs a paragraph at a
        time; the CRF companion's marginals are computed for all of them at once."""
        self._open()  # the tag set the companion's marginals are asked in
        labelled = [(doc, rule_labels(doc, offset, cands)) for doc, offset, cands in items]
        crf = (
            self.companion.marginals_many(labelled, self._tags)
            if self.companion is not None
            else [None] * len(labelled)
        )
        return [
            assemble(doc, offset, self.tag(doc, rules, marginals), stage="encoder")
            for (doc, offset, _), (_, rules), marginals in zip(items, labelled, crf, strict=True)
        ]

    def candidates(self, doc: Doc, offset: int, rule_candidates: list[Candidate]) -> list[Candidate]:
        """The paragraph's quotes as the encoder sees them, the rules' candidates as its evidence."""
        return self.candidates_many([(doc, offset, rule_candidates)])[0]
