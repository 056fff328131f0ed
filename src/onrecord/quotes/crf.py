"""Linear-chain CRF inference in numpy, over a model file that CRFsuite trained.

CRFsuite trains the attribution tagger (``scripts/train_attribution.py``). Tagging through
python-crfsuite meant building every feature of every token as a string and handing the paragraph
across one at a time, which cost twice the features' own logic (README, "Performance"). Here the
model file is read once into a weight matrix; features arrive as row numbers, and Viterbi and
forward-backward run over all the paragraphs of an article at once. The scores are CRFsuite's:
the sum of the present attributes' state weights plus the transition weight, with no start or end
weights, and ties go to the first label, as CRFsuite breaks them.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1


class ModelFormatError(ValueError):
    """The file is not a CRFsuite first-order model this reader understands."""


def _strings(data: bytes, offset: int) -> list[str]:
    """The id → string table of one CQDB chunk (CRFsuite's string store), read by its backward array."""
    if data[offset : offset + 4] != b"CQDB":
        raise ModelFormatError(f"no string table at byte {offset}")
    _size, _flag, _order, count, backward = struct.unpack_from("<IIIII", data, offset + 4)
    out = [""] * count
    for pos in np.frombuffer(data, "<u4", count=count, offset=offset + backward).tolist():
        ident, size = struct.unpack_from("<II", data, offset + pos)
        # The key is stored with its terminating NUL.
        out[ident] = data[offset + pos + 8 : offset + pos + 7 + size].decode("utf-8")
    return out


@dataclass(frozen=True, slots=True)
class LinearChainCRF:
    """A first-order CRF's weights: what ``viterbi`` and ``marginals`` need, nothing of training."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    """Attribute string → its row in ``state``; row 0 is all zeros, for what the model never saw."""
    state: np.ndarray
    """(attributes + 1, labels): the weight of each attribute for each label."""
    transition: np.ndarray
    """(labels, labels): the weight of going from the row's label to the column's."""

    @classmethod
    def read(cls, path: str | Path) -> LinearChainCRF:
        data = Path(path).read_bytes()
        if len(data) < _HEADER.size:
            raise ModelFormatError(f"{path}: too short for a CRFsuite model")
        magic, _size, kind, _version, _nf, n_labels, n_attrs, off_feat, off_labels, off_attrs, _lr, _ar = (
            _HEADER.unpack_from(data)
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ModelFormatError(f"{path}: not a CRFsuite first-order model ({magic!r}, {kind!r})")
        if data[off_feat : off_feat + 4] != b"FEAT":
            raise ModelFormatError(f"{path}: no feature chunk")
        (count,) = struct.unpack_from("<I", data, off_feat + 8)
        features = np.frombuffer(data, _FEATURE, count=count, offset=off_feat + 12)
        labels = _strings(data, off_labels)
        names = _strings(data, off_attrs)
        if len(labels) != n_labels or len(names) != n_attrs:
            raise ModelFormatError(f"{path}: {len(labels)} labels and {len(names)} attributes, header says otherwise")
        state = np.zeros((n_attrs + 1, n_labels))
        transition = np.zeros((n_labels, n_labels))
        is_state = features["type"] == _STATE
        st = features[is_state]
        state[st["src"].astype(np.int64) + 1, st["dst"].astype(np.int64)] = st["weight"]
        tr = features[features["type"] == _TRANSITION]
        transition[tr["src"].astype(np.int64), tr["dst"].astype(np.int64)] = tr["weight"]
        return cls(
            labels=tuple(labels),
            attributes={name: i + 1 for i, name in enumerate(names)},
            state=state,
            transition=transition,
        )

    def emissions(self, rows: np.ndarray) -> np.ndarray:
        """(tokens, labels) state scores from (k, tokens) attribute rows: row 0 where a token has
        fewer than k attributes. One gather per column: a single (tokens, k, labels) gather and
        sum moved five times the memory and took six times as long."""
        if rows.shape[1] == 0:
            return np.zeros((0, len(self.labels)))
        out = self.state.take(rows[0], axis=0)
        for column in rows[1:]:
            out += self.state.take(column, axis=0)
        return out

    def viterbi(self, emissions: Sequence[np.ndarray]) -> list[list[int]]:
        """The best label sequence of each paragraph, all decoded in one pass over the longest."""
        return best_paths(emissions, self.transition)

    def marginals(self, emission: np.ndarray) -> np.ndarray:
        """(tokens, labels): each token's probability of each label given the whole paragraph."""
        return self.marginals_many([emission])[0]

    def marginals_many(self, emissions: Sequence[np.ndarray]) -> list[np.ndarray]:
        """``marginals`` of each paragraph, forward and backward passes run over all at once.

        Probabilities are carried rescaled at every step (each step's scores shifted by their
        maximum before ``exp``, each step's vector summing to 1): a token's marginal is the product
        of its forward and backward vectors, normalised, whatever the scale of either."""
        order, scores, lengths, going = _batch(emissions, len(self.labels))
        n, longest, k = scores.shape
        out: list[np.ndarray] = [np.zeros((0, k)) for _ in emissions]
        if n == 0 or longest == 0:
            return out
        gain = np.exp(scores - scores.max(axis=2, keepdims=True))
        move = np.exp(self.transition)
        forward = np.zeros_like(scores)
        backward = np.ones_like(scores)
        forward[:, 0] = gain[:, 0]
        forward[:, 0] /= forward[:, 0].sum(axis=1, keepdims=True)
        for t in range(1, longest):
            m = going[t]
            step = (forward[:m, t - 1] @ move) * gain[:m, t]
            forward[:m, t] = step / step.sum(axis=1, keepdims=True)
        for t in range(longest - 2, -1, -1):
            m = going[t + 1]  # paragraphs with a token after t
            step = (backward[:m, t + 1] * gain[:m, t + 1]) @ move.T
            backward[:m, t] = step / step.sum(axis=1, keepdims=True)
        joint = forward * backward
        for rank, i in enumerate(order):
            p = joint[rank, : lengths[rank]]
            out[i] = p / p.sum(axis=1, keepdims=True)
        return out


def best_paths(
    emissions: Sequence[np.ndarray],
    transition: np.ndarray,
    first: np.ndarray | None = None,
    last: np.ndarray | None = None,
) -> list[list[int]]:
    """The best label sequence of each paragraph under (tokens, labels) scores and a (from, to)
    transition matrix, all decoded in one pass over the longest; ``first``/``last`` add to the
    scores of a paragraph's first and last labels (the encoder forbids some there)."""
    order, scores, lengths, going = _batch(emissions, transition.shape[0])
    n, longest, k = scores.shape
    if n == 0 or longest == 0:
        return [[] for _ in emissions]
    back = np.zeros((n, longest, k), dtype=np.int64)
    delta = scores[:, 0] + first if first is not None else scores[:, 0].copy()
    for t in range(1, longest):
        m = going[t]
        step = delta[:m, :, None] + transition  # (paragraph, from, to)
        back[:m, t] = step.argmax(axis=1)
        delta[:m] = step.max(axis=1) + scores[:m, t]
    if last is not None:
        delta = delta + last  # each paragraph's delta stopped changing at its own last token
    path = np.zeros((n, longest), dtype=np.int64)
    has = lengths > 0
    path[has, lengths[has] - 1] = delta[has].argmax(axis=1)
    for t in range(longest - 1, 0, -1):
        m = going[t]
        path[:m, t - 1] = back[np.arange(m), t, path[:m, t]]
    out: list[list[int]] = [[] for _ in emissions]
    for rank, i in enumerate(order):
        out[i] = path[rank, : lengths[rank]].tolist()
    return out


def _batch(emissions: Sequence[np.ndarray], k: int) -> tuple[list[int], np.ndarray, np.ndarray, list[int]]:
    """The paragraphs longest first, padded into one (paragraphs, longest, k) array, with their
    lengths and, per step, how many are still going: longest first makes those a prefix."""
    order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
    lengths = np.array([len(emissions[i]) for i in order], dtype=np.int64)
    longest = int(lengths.max()) if len(lengths) else 0
    scores = np.zeros((len(emissions), longest, k))
    for rank, i in enumerate(order):
        scores[rank, : lengths[rank]] = emissions[i]
    going = [int((lengths > t).sum()) for t in range(longest)]
    return order, scores, lengths, going
