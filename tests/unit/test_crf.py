"""The numpy CRF: exact against brute force on small models, and against CRFsuite on models it trained."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.quotes.crf import LinearChainCRF, ModelFormatError


def _model(k: int, transition: np.ndarray) -> LinearChainCRF:
    return LinearChainCRF(
        labels=tuple(f"L{i}" for i in range(k)), attributes={}, state=np.zeros((1, k)), transition=transition
    )


def _score(path: tuple[int, ...], emission: np.ndarray, transition: np.ndarray) -> float:
    total = sum(emission[t, y] for t, y in enumerate(path))
    return total + sum(transition[a, b] for a, b in itertools.pairwise(path))


weights = st.floats(-4, 4, allow_nan=False, width=32)


@st.composite
def small_problems(draw):  # type: ignore[no-untyped-def]
    """A random 2–3 label model and 1–6 paragraphs of 0–5 tokens each."""
    k = draw(st.integers(2, 3))
    transition = np.array(draw(st.lists(weights, min_size=k * k, max_size=k * k))).reshape(k, k)
    lengths = draw(st.lists(st.integers(0, 5), min_size=1, max_size=6))
    emissions = [np.array(draw(st.lists(weights, min_size=n * k, max_size=n * k))).reshape(n, k) for n in lengths]
    return k, transition, emissions


@settings(max_examples=150, deadline=None)
@given(small_problems())
def test_viterbi_finds_the_best_path_of_every_paragraph_in_a_batch(problem):
    """Batched decoding gives each paragraph a path whose score equals the brute-force best."""
    k, transition, emissions = problem
    paths = _model(k, transition).viterbi(emissions)
    assert [len(p) for p in paths] == [len(e) for e in emissions]
    for path, emission in zip(paths, emissions, strict=True):
        if not len(emission):
            continue
        best = max(_score(p, emission, transition) for p in itertools.product(range(k), repeat=len(emission)))
        assert _score(tuple(path), emission, transition) == pytest.approx(best, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(small_problems())
def test_marginals_match_enumeration(problem):
    """Each token's label probabilities are the normalised sums over all paths that pass through it,
    for every paragraph of a batch."""
    k, transition, emissions = problem
    model = _model(k, transition)
    batch = model.marginals_many(emissions)  # paragraphs of different lengths in one pass
    for emission, got in zip(emissions, batch, strict=True):
        n = len(emission)
        assert got.shape == (n, k)
        if not n:
            continue
        want = np.zeros((n, k))
        for path in itertools.product(range(k), repeat=n):
            p = math.exp(_score(path, emission, transition))
            for t, y in enumerate(path):
                want[t, y] += p
        want /= want[0].sum()
        assert np.allclose(got, want, atol=1e-9)


def test_emissions_sum_the_rows_of_present_attributes():
    model = LinearChainCRF(
        labels=("A", "B"),
        attributes={"x": 1, "y": 2},
        state=np.array([[0.0, 0.0], [1.0, -1.0], [0.5, 2.0]]),
        transition=np.zeros((2, 2)),
    )
    rows = np.array([[1, 2, 0], [2, 0, 0]])  # (columns, tokens): token 0 has x, y; token 1 y; token 2 none
    assert model.emissions(rows).tolist() == [[1.5, 1.0], [0.5, 2.0], [0.0, 0.0]]


def test_a_file_that_is_not_a_crfsuite_model_is_refused(tmp_path):
    bad = tmp_path / "model.crfsuite"
    bad.write_bytes(b"not a model at all, but long enough to hold a header")
    with pytest.raises(ModelFormatError, match="not a CRFsuite"):
        LinearChainCRF.read(bad)
    bad.write_bytes(b"lCRF")
    with pytest.raises(ModelFormatError, match="too short"):
        LinearChainCRF.read(bad)


def test_reads_what_crfsuite_trains_and_tags_as_crfsuite_does(tmp_path):
    """A model trained by CRFsuite here, read back: same tags and marginals on unseen sequences,
    features the model never saw included (they weigh nothing, as in CRFsuite)."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    rng = np.random.default_rng(7)
    labels = ["O", "B-X", "I-X", "B-Y"]
    # Odd attribute names on purpose: unicode, '=', ':', spaces and a newline survive the file format.
    vocab = [f"w={w}" for w in ("a", "b", "ç", "=", "-1:x", "two words", "line\nbreak")] + ["BOP", "pos=N"]

    def sequence(n: int) -> list[list[str]]:
        return [list(rng.choice(vocab, size=int(rng.integers(1, 4)), replace=False)) for _ in range(n)]

    trainer = pycrfsuite.Trainer(verbose=False)
    for _ in range(60):
        n = int(rng.integers(1, 8))
        trainer.append(sequence(n), list(rng.choice(labels, size=n)))
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 30})
    path = tmp_path / "tiny.crfsuite"
    trainer.train(str(path))

    model = LinearChainCRF.read(path)
    reference = pycrfsuite.Tagger()
    reference.open(str(path))
    assert sorted(model.labels) == sorted(reference.labels())
    tests = [sequence(int(rng.integers(1, 10))) for _ in range(40)]
    tests[0][0].append("never=seen")
    emissions = []
    for features in tests:
        width = max(len(f) for f in features)
        rows = np.zeros((width, len(features)), dtype=np.int64)
        for t, f in enumerate(features):
            rows[: len(f), t] = [model.attributes.get(a, 0) for a in f]
        emissions.append(model.emissions(rows))
    for features, emission, path_ids in zip(tests, emissions, model.viterbi(emissions), strict=True):
        assert [model.labels[y] for y in path_ids] == reference.tag(features)
        reference.set(features)
        want = [[reference.marginal(y, t) for y in model.labels] for t in range(len(features))]
        assert np.allclose(model.marginals(emission), want, atol=1e-9)
