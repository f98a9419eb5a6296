"""What changed between two texts: word by word, readable, and cut short around changes."""

from letters.authoring import diff


def pieces(old, new):
    return [(piece.kind, piece.text) for piece in diff.word_diff(old, new)]


def test_a_fixed_typo_is_one_word_struck_and_one_added():
    assert pieces("We ask you to act nwo.", "We ask you to act now.") == [
        ("same", "We ask you to act "),
        ("removed", "nwo."),
        ("added", "now."),
    ]


def test_an_added_sentence_leaves_the_rest_unchanged():
    assert pieces("We ask.", "We ask. Now.") == [("same", "We ask."), ("added", " Now.")]


def test_long_unchanged_text_is_cut_to_the_words_beside_the_change():
    old = " ".join(f"w{n}" for n in range(100))
    new = old.replace("w50", "CHANGED")

    (change,) = diff.compare({"body": old}, {"body": new})

    text = "".join(piece.text for piece in change.pieces)
    assert text.startswith("… w38 w39")
    assert "w37 " not in text and "w63" not in text
    assert "w49 w50CHANGED w51" in text
    assert change.plain.endswith("w61 w62…")  # the run after the change keeps its head
    assert "[-w50-]{+CHANGED+}" in change.plain


def test_only_the_fields_that_changed_are_compared():
    old = {"title": "Carta", "body": "Hola", "closing": "Atentamente,"}
    new = {"title": "Carta", "body": "Hola a todas", "closing": "Atentamente,"}

    assert [change.name for change in diff.compare(old, new)] == ["body"]
    assert diff.compare(old, old) == []
