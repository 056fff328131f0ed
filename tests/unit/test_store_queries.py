"""Fast store reads: the speaker-name key index (store/names.py) and sentence_around, same results as before."""

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.store import Store
from onrecord.store.sqlite import sentence_around


def _aliases(store, pairs):
    with store.db:
        store.db.execute("DELETE FROM speaker_aliases")
        store.db.executemany("INSERT INTO speaker_aliases VALUES (?, ?)", pairs)


def test_spellings_and_surnames_find_the_speaker(tmp_path):
    """Sergey/Sergei, a bare surname, any case, and the canonical name all find Sergei Ryabkov."""
    with Store(tmp_path / "s.db") as store:
        _aliases(
            store,
            [
                ("Sergei Ryabkov", "Sergei Ryabkov"),
                ("Sergey Ryabkov", "Sergei Ryabkov"),
                ("Ryabkov", "Sergei Ryabkov"),
                ("John Smith", "John Smith"),
            ],
        )
        for query in ("Ryabkov", "sergey ryabkov", "Sergei Ryabkov", "RYABKOV"):
            assert store.speaker_names(query) == ["Sergei Ryabkov"], query
        assert store.speaker_names("Ivan Petrov") == []
        assert store.speaker_names("Smith") == ["John Smith"]


def test_keys_follow_changed_aliases(tmp_path):
    """After the aliases are rewritten (as relink does), lookups see the new ones, not stale keys."""
    with Store(tmp_path / "s.db") as store:
        _aliases(store, [("Volodymyr Zelensky", "Volodymyr Zelensky")])
        assert store.speaker_names("Zelenskyy") == ["Volodymyr Zelensky"]
        _aliases(store, [("Volodymyr Zelenskyy", "Volodymyr Zelenskyy")])
        assert store.speaker_names("Zelensky") == ["Volodymyr Zelenskyy"]
        assert store.speaker_names("Volodymyr Zelensky") == ["Volodymyr Zelenskyy"]


def _starts(ch: str) -> bool:
    return ch.isupper() or (ch != "" and ch in '“"‘«')


def _sentence_char_by_char(text, start, end):
    """The reading sentence_around must keep: the original character-by-character scan."""
    left = start
    while left > 0:
        ch = text[left - 1]
        if ch == "\n" or (ch == " " and left >= 2 and text[left - 2] in ".!?" and _starts(text[left : left + 1])):
            break
        left -= 1
    right = end
    while right < len(text) and text[right] != "\n":
        if text[right] in ".!?" and (right + 1 == len(text) or text[right + 1] in " \n"):
            nxt = text[right + 2 : right + 3]
            if not nxt or nxt.isupper() or nxt in '“"‘«':
                right += 1
                while right < len(text) and text[right] in '”"’»':
                    right += 1
                break
        right += 1
    return text[left:right].strip()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='aZ .!?\n“”"’«»É', max_size=60), st.data())
def test_sentence_around_reads_as_the_char_by_char_scan(text, data):
    """The regular-expression sentence_around gives exactly the char-by-char result."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert sentence_around(text, start, end) == _sentence_char_by_char(text, start, end)


def test_sentence_around_examples():
    """A quote inside its sentence, between two others on one line."""
    text = "First one. He said we go now. Then more.\nNext line."
    start = text.index("we")
    assert sentence_around(text, start, start + 9) == "He said we go now."


def test_a_file_from_schema_1_gains_stored_sentences(tmp_path):
    """Opening a database written before quotes carried their sentence fills the column in place."""
    import sqlite3

    from onrecord.model import Article, Quote, Span, SpeakerRef
    from onrecord.store import Store

    text = "Headline\n\nThe minister said the port would reopen. “It is ready,” she added."
    content = Span(text.index("It is"), text.index("ready") + len("ready"))
    quote = Quote("direct", (content,), None, "add", SpeakerRef("Ann Lee")).with_id("a1")
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.add_articles([Article(id="a1", source="x", text=text, quotes=(quote,))])
    with sqlite3.connect(db) as con:  # make it look like a schema-1 file
        con.execute("ALTER TABLE quotes DROP COLUMN sentence")
    with Store(db) as store:
        (row,) = store.quotes()
    assert row.sentence == "“It is ready,” she added."
