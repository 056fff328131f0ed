"""The cross-article record in the store: corrections replayed after every ingest, roles with
dates, statement dates (a day or an interval). Hand-built articles: no parser needed."""

from __future__ import annotations

from onrecord.model import Article, Quote, Span, SpeakerRef, stable_id
from onrecord.store import Store
from onrecord.store.record import add_correction, corrections, remove_correction, speaker_roles


def article(
    text: str, published: str | None, quotes: list[tuple[str, str, str, str | None]], outlet: str = "Test News"
) -> Article:
    """quotes: (content words, cue word, speaker as written, role) -- spans found in ``text``."""
    aid = stable_id(text)
    built = []
    for content, cue, speaker, role in quotes:
        c = text.index(content)
        k = text.index(cue, c + len(content)) if cue in text[c + len(content) :] else text.index(cue)
        built.append(
            Quote(
                kind="direct",
                content=(Span(c, c + len(content)),),
                cue=Span(k, k + len(cue)),
                cue_lemma=cue.split()[0],
                speaker=SpeakerRef(speaker, None, role, "person"),
            ).with_id(aid)
        )
    return Article(id=aid, source=f"<{aid}>", text=text, outlet=outlet, published=published, quotes=tuple(built))


A1 = article(
    "“We will respond,” John Smith said on Monday. “It is final,” he said.",
    "2023-11-29",
    [("We will respond,", "said", "John Smith", "Senator"), ("It is final,", "said", "John Smith", None)],
)
A2 = article("“No deal,” Jon Smith said last month.", "2023-11-29", [("No deal,", "said", "Jon Smith", None)])
A3 = article("“Not again,” Jon Smith said.", "2024-01-05", [("Not again,", "said", "Jon Smith", None)])


def speaker_of(store: Store, text: str) -> str:
    return store.db.execute("SELECT speaker FROM quotes WHERE text = ?", (text,)).fetchone()[0]


def test_merge_survives_reingest_and_new_data(tmp_path):
    """A merge is replayed after every relink: the same input again, then a new article, stay merged."""
    with Store(tmp_path / "db") as store:
        store.add_articles([A1, A2])
        store.relink()
        assert speaker_of(store, "No deal,") == "Jon Smith"  # different first names: not merged automatically
        add_correction(store.db, "merge", "John Smith", "Jon Smith")
        store.relink()
        assert speaker_of(store, "No deal,") == "John Smith"
        store.add_articles([A1, A2])  # re-ingest: nothing new, relink again
        store.relink()
        store.add_articles([A3])  # new data with the folded spelling
        store.relink()
        assert speaker_of(store, "Not again,") == "John Smith"
        assert {r["name"] for r in store.speakers()} == {"John Smith"}
        assert store.speaker_names("Jon Smith") == ["John Smith"]


def test_split_by_article_and_rename_survive_new_data(tmp_path):
    """Quotes of one article move to a new speaker; a rename keeps the old name as an alias."""
    with Store(tmp_path / "db") as store:
        store.add_articles([A1, A2])
        add_correction(store.db, "merge", "John Smith", "Jon Smith")
        add_correction(store.db, "split", "John Smith", "John Smith (Kentucky)", articles=(A2.id[:8],))
        add_correction(store.db, "rename", "John Smith", "John Q. Smith")
        store.relink()
        store.add_articles([A3])
        store.relink()
        assert speaker_of(store, "No deal,") == "John Smith (Kentucky)"
        assert speaker_of(store, "We will respond,") == "John Q. Smith"
        assert speaker_of(store, "Not again,") == "John Q. Smith"  # new data follows merge then rename
        assert "John Q. Smith" in store.speaker_names("John Smith")
        assert [c.action for c in corrections(store.db)] == ["merge", "split", "rename"]
        assert remove_correction(store.db, corrections(store.db)[-1].id)
        store.relink()
        assert speaker_of(store, "We will respond,") == "John Smith"


def test_split_needs_what_moves(tmp_path):
    """A split with neither spellings nor articles is refused, not stored."""
    import pytest

    with Store(tmp_path / "db") as store, pytest.raises(ValueError):
        add_correction(store.db, "split", "John Smith", "Other")


def test_statement_dates_days_intervals_and_same_article(tmp_path):
    """'said on Monday' pins a day and the article's other quote from him shares it; 'last month'
    is an interval; roles keep the dates they were seen."""
    with Store(tmp_path / "db") as store:
        store.add_articles([A1, A2])
        store.relink()
        rows = {
            r[0]: r[1:]
            for r in store.db.execute(
                "SELECT q.text, d.said_on, d.earliest, d.latest, d.rule FROM quotes q"
                " JOIN statement_dates d ON d.quote_id = q.id"
            )
        }
        assert rows["We will respond,"][:3] == ("2023-11-27", "2023-11-27", "2023-11-27")
        assert rows["It is final,"][0] == "2023-11-27" and rows["It is final,"][3] == "same speaker, same article"
        assert rows["No deal,"][:3] == (None, "2023-10-01", "2023-10-31")
        roles = speaker_roles(store.db)["John Smith"]
        assert roles == [{"role": "Senator", "first_seen": "2023-11-27", "last_seen": "2023-11-27", "quotes": 1}]


def test_same_statement_across_outlets(tmp_path):
    """A direct quote and another outlet's indirect report of it are one statement, first seen in
    the earlier outlet; a different claim by the same speaker stays apart; --compare shows both."""
    from onrecord.store.statements import refresh
    from onrecord.store.timeline import compare_wording, timeline

    tass = article(
        "“There is basically no trust in NATO,” Ryabkov said. “We will deploy new missiles,” he said.",
        "2023-11-29",
        [
            ("There is basically no trust in NATO,", "said", "Sergey Ryabkov", None),
            ("We will deploy new missiles,", "said", "Sergey Ryabkov", None),
        ],
        outlet="TASS",
    )
    ria = article(
        "Ryabkov said that there was basically no trust in NATO anymore.",
        "2023-11-30",
        [("there was basically no trust in NATO anymore", "said", "Sergei Ryabkov", None)],
        outlet="RIA Novosti",
    )
    with Store(tmp_path / "db") as store:
        store.add_articles([ria, tass])
        store.relink()
        assert refresh(store.db) and not refresh(store.db)  # the second run finds nothing new
        rows = {r.text: r for r in timeline(store, speaker="Ryabkov")}
        trust = rows["There is basically no trust in NATO,"]
        assert trust.group == rows["there was basically no trust in NATO anymore"].group
        assert trust.group != rows["We will deploy new missiles,"].group
        assert (trust.first_seen_outlet, trust.first_seen_date) == ("TASS", "2023-11-29")
        assert set(trust.group_outlets) == {"TASS", "RIA Novosti"}
        [side_by_side] = compare_wording(store)
        assert [w.outlet for w in side_by_side] == ["TASS", "RIA Novosti"]


def test_unknown_speaker_does_not_bridge_two_speakers():
    """A quote with no resolved speaker joins one speaker's statement, never links two speakers'."""
    import numpy as np

    from onrecord.link.statements import StatementInput, group_statements

    items = [
        StatementInput("a", "a ban on Muslims entering the United States", "Donald Trump", "2016-01-01"),
        StatementInput("b", "a ban on Muslims entering the United States", None, "2016-01-02"),
        StatementInput("c", "a ban on Muslims entering the United States", "Hillary Clinton", "2016-01-03"),
    ]
    vectors = np.ones((3, 4), dtype=np.float32) / 2.0  # identical unit vectors: cosine 1.0
    groups = group_statements(items, vectors)
    together = next(g for g in groups if 0 in g)
    assert 2 not in together and len(groups) == 2


def test_a_speakers_kind_is_the_one_most_quotes_carry(tmp_path):
    """Two quotes of Glenn Beck as a person and one where the entity tagger made him an organisation:
    the speaker is a person (the alphabetically first kind used to win)."""
    from dataclasses import replace

    text = "“One,” Glenn Beck said. “Two,” Glenn Beck said. “Three,” Glenn Beck said."
    built = article(text, None, [(w, "said", "Glenn Beck", None) for w in ("One,", "Two,", "Three,")])
    last = built.quotes[-1]
    org = replace(last, speaker=replace(last.speaker, kind="organisation"))
    with Store(tmp_path / "k.db") as store:
        store.add_articles([replace(built, quotes=(*built.quotes[:-1], org))])
        store.relink()
        assert tuple(store.db.execute("SELECT kind, quotes FROM speakers WHERE name = 'Glenn Beck'").fetchone()) == (
            "person",
            3,
        )


def test_statement_fingerprint_does_not_change_without_new_data(tmp_path):
    """The fingerprint that says whether statements need regrouping depends on the data only: the
    store's rows are sqlite3.Row objects, and other rows alive in between must not change it."""
    from onrecord.store.statements import _fingerprint, ensure

    text = "“We will respond,” Ryabkov said."
    with Store(tmp_path / "db") as store:
        store.add_articles([article(text, "2023-11-27", [("We will respond,", "said", "Sergey Ryabkov", None)])])
        store.relink()
        ensure(store.db)
        first = _fingerprint(store.db)
        held = [store.db.execute("SELECT 1").fetchone() for _ in range(50)]
        assert _fingerprint(store.db) == first
        assert len(held) == 50


def test_a_shared_surname_is_the_person_named_with_that_office(tmp_path):
    """'Obama' is Barack and Michelle; an article's 'President Obama' is Barack, as is every
    'Obama' of that article; an article that gives no office leaves 'Obama' as written."""
    texts = [
        ("“We act,” Barack Obama said.", "We act,", "Barack Obama", "President"),
        ("“We wait,” Barack Obama said.", "We wait,", "Barack Obama", "President"),
        ("“We read,” Michelle Obama said.", "We read,", "Michelle Obama", "first lady"),
    ]
    with Store(tmp_path / "db") as store:
        store.add_articles(
            [article(t, "2016-01-0" + str(i + 1), [(c, "said", w, r)]) for i, (t, c, w, r) in enumerate(texts)]
        )
        store.add_articles(
            [
                article(
                    "“We go,” President Obama said. “We stay,” Obama said.",
                    "2016-02-01",
                    [("We go,", "said", "Obama", "President"), ("We stay,", "said", "Obama", None)],
                ),
                article("“We run,” Obama said.", "2016-03-01", [("We run,", "said", "Obama", None)]),
            ]
        )
        store.relink()
        said = dict(store.db.execute("SELECT text, speaker FROM quotes"))
    assert said["We go,"] == said["We stay,"] == "Barack Obama"
    assert said["We run,"] == "Obama"
    assert said["We read,"] == "Michelle Obama"
