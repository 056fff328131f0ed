"""Topic files (TOML or YAML) and discovered topics."""

from __future__ import annotations

import numpy as np
import pytest

from onrecord.errors import InputError
from onrecord.link.topics import auto_topics, load_topic_file, user_topics
from tests.conftest import ROOT


def test_toml_and_yaml_topic_files_read_the_same(tmp_path):
    """A bare list means keywords; a table gives keywords and examples; both formats agree."""
    toml = tmp_path / "t.toml"
    toml.write_text(
        '[topics]\nUkraine = ["Ukraine", "Kyiv"]\n[topics.trust]\nkeywords = ["trust"]\nexamples = ["no trust"]\n'
    )
    yaml = tmp_path / "t.yaml"
    yaml.write_text("Ukraine: [Ukraine, Kyiv]\ntrust:\n  keywords: [trust]\n  examples: [no trust]\n")
    assert load_topic_file(toml) == load_topic_file(yaml)
    assert [t.name for t in load_topic_file(ROOT / "examples" / "topics.toml")][:2] == [
        "NATO expansion",
        "arms control (INF, New START)",
    ]


def test_bad_topic_files_say_why(tmp_path):
    """A topic with nothing to match, or a file that is not TOML/YAML, is an InputError."""
    empty = tmp_path / "t.toml"
    empty.write_text("[topics.nothing]\n")
    with pytest.raises(InputError, match="no keywords"):
        load_topic_file(empty)
    other = tmp_path / "t.txt"
    other.write_text("x")
    with pytest.raises(InputError, match="toml"):
        load_topic_file(other)


def test_keywords_match_whole_words_any_case():
    """'INF' tags 'the INF Treaty' but not 'information'."""
    from onrecord.link.topics import Topic

    found = user_topics([Topic("arms", ("INF",))], ["the INF Treaty expired", "no information"], None, None)
    assert [(m.quote, m.topic) for m in found] == [(0, "arms")]


def test_auto_topics_are_deterministic_and_labelled():
    """The same vectors give the same clusters, each with a readable word label."""
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(2, 8))
    vectors = np.vstack([centres[i % 2] + 0.05 * rng.normal(size=8) for i in range(12)])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [("NATO expansion eastward" if i % 2 == 0 else "arms control treaty") for i in range(12)]
    first = auto_topics(texts, vectors)
    assert first == auto_topics(texts, vectors)
    assign, labels = first
    assert len(set(assign)) == 2 and all(assign[i] == assign[i % 2] for i in range(12))
    assert {labels[assign[0]].split(", ")[0], labels[assign[1]].split(", ")[0]} <= {
        "nato", "expansion", "eastward", "arms", "control", "treaty",
    }  # fmt: skip
