from indexer.chunker import Chunker
from indexer.sentences import SpacySentences, regex_sentences
from indexer.types import Block, Document


def words(s: str) -> int:
    return len(s.split())


def doc_from(parts: list[tuple[str, str, dict]]) -> Document:
    """Build a document from (kind, text, extra) parts separated by blank lines."""
    text, blocks = "", []
    for kind, body, extra in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(kind, len(text), len(text) + len(body), **extra))
        text += body
    return Document("mini", text, blocks)


MINI = doc_from([
    ("heading", "Le pacte", {"level": 1}),
    ("paragraph", "M. Dupont a signé le « Pacte » le 18 février. L’accès aux droits est "
                  "un préalable. Les associations, etc. sont présentes.", {}),
    ("heading", "Les piliers", {"level": 2}),
    ("paragraph", "Ils sont organisés autour de 2 piliers :", {}),
    ("item", "L’accès aux droits, préalable indispensable", {"commitment": True}),
    ("item", "Prévenir, pour éviter la rue", {"commitment": True}),
])


def test_offsets_slice_back_and_sections():
    chunks = Chunker(words, SpacySentences(), chunk_tokens=12, overlap_sentences=1).chunk(MINI)
    for c in chunks:
        assert MINI.text[c.start:c.end] == c.text
    assert [(c.kind, c.section) for c in chunks] == [
        ("text", "Le pacte"), ("text", "Le pacte"),
        ("text", "Le pacte > Les piliers"),
        ("commitment", "Le pacte > Les piliers"), ("commitment", "Le pacte > Les piliers")]
    # spaCy keeps "M. Dupont" together; 9 + 7 words > 12, so one sentence per chunk, with the
    # previous sentence carried over when it fits.
    assert chunks[0].text == "M. Dupont a signé le « Pacte » le 18 février."
    assert chunks[1].text == ("L’accès aux droits est un préalable. "
                              "Les associations, etc. sont présentes.")
    # Each item is a commitment of its own, which keeps the sentence introducing its list.
    assert chunks[3].text == "L’accès aux droits, préalable indispensable"
    assert {c.context for c in chunks[3:]} == {"Ils sont organisés autour de 2 piliers :"}
    assert {c.context for c in chunks[:3]} == {""}


def test_sentence_overlap():
    text = "Un deux trois. Quatre cinq six. Sept huit neuf. Dix onze douze."
    doc = Document("d", text, [Block("paragraph", 0, len(text))])
    chunks = Chunker(words, regex_sentences, chunk_tokens=8, overlap_sentences=1).chunk(doc)
    assert [c.text for c in chunks] == [
        "Un deux trois. Quatre cinq six.",
        "Quatre cinq six. Sept huit neuf.",
        "Sept huit neuf. Dix onze douze.",
    ]
    # Each chunk records its sentences, as spans into its own text.
    assert [[c.text[a:b] for a, b in c.sentences] for c in chunks] == [
        ["Un deux trois.", "Quatre cinq six."], ["Quatre cinq six.", "Sept huit neuf."],
        ["Sept huit neuf.", "Dix onze douze."]]


def test_commitment_and_long_sentence_record_their_sentences():
    long = " ".join(str(i) for i in range(1, 21))  # 20 words: longer than a chunk of 16
    chunks = Chunker(words, regex_sentences, chunk_tokens=16).chunk(doc_from([
        ("paragraph", "Deux engagements :", {}),
        ("item", "Ouvrir des droits. Les garder.", {"commitment": True}),
        ("paragraph", long, {})]))
    assert [(c.kind, [c.text[a:b] for a, b in c.sentences]) for c in chunks] == [
        ("text", ["Deux engagements :"]),
        ("commitment", ["Ouvrir des droits.", "Les garder."]),
        # cut into pieces of an eighth of a chunk (2 words), which are its sentences; the
        # last piece is carried over
        ("text", ["1 2", "3 4", "5 6", "7 8", "9 10", "11 12", "13 14", "15 16"]),
        ("text", ["15 16", "17 18", "19 20"])]


def test_long_sentence_is_cut_with_exact_offsets():
    body = ", ".join(f"mot{i} mot{i}b" for i in range(40)) + "."
    doc = Document("d", body, [Block("paragraph", 0, len(body))])
    chunks = Chunker(words, regex_sentences, chunk_tokens=10, overlap_sentences=0).chunk(doc)
    assert len(chunks) > 5
    assert all(words(c.text) <= 10 for c in chunks)
    assert all(body[c.start:c.end] == c.text for c in chunks)


def test_ids_stable_across_rebuilds_and_unique():
    a = Chunker(words, SpacySentences(), chunk_tokens=12).chunk(MINI)
    b = Chunker(words, SpacySentences(), chunk_tokens=12).chunk(MINI)
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == len(a)
    assert all(c.chunk_id.startswith("mini:") for c in a)


def test_gap_of_left_out_text_cuts_the_run():
    text = "Première phrase utile.\n\nPartager sur Facebook\n\nDeuxième phrase utile."
    # the middle line is boilerplate: not a block
    doc = Document("d", text, [Block("paragraph", 0, 22), Block("paragraph", 47, 70)])
    chunks = Chunker(words, regex_sentences, chunk_tokens=100).chunk(doc)
    assert [c.text for c in chunks] == ["Première phrase utile.", "Deuxième phrase utile."]


def test_page_break_cuts_the_run():
    # Two short PDF pages fit in one chunk by size, but a passage cites one page only.
    doc = doc_from([("paragraph", "Les bains-douches sont gratuits.", {"page": 1}),
                    ("paragraph", "La domiciliation concerne 20 000 personnes.", {"page": 2}),
                    ("paragraph", "Elle est gratuite.", {"page": 2})])
    chunks = Chunker(words, regex_sentences, chunk_tokens=100).chunk(doc)
    assert [(c.page, c.text) for c in chunks] == [
        (1, "Les bains-douches sont gratuits."),
        (2, "La domiciliation concerne 20 000 personnes.\n\nElle est gratuite.")]


def test_ordinary_list_stays_with_its_introduction():
    text = ("Il faut fournir les pièces suivantes :\n- une pièce d’identité ;\n"
            "- un justificatif de domicile.\nLe dossier est instruit en deux mois.")
    a = text.index("une pièce")
    b = text.index("un justificatif")
    c = text.index("Le dossier")
    doc = Document("d", text, [Block("paragraph", 0, a - 3), Block("item", a, b - 3),
                               Block("item", b, c - 1), Block("paragraph", c, len(text))])
    chunks = Chunker(words, regex_sentences, chunk_tokens=100).chunk(doc)
    # The "- " markers between the blocks are not left-out text: one passage.
    assert [c.text for c in chunks] == [text]


def test_long_commitment_is_cut_and_keeps_its_kind_and_intro():
    item = " ".join(f"Phrase numéro {i} de l’engagement." for i in range(6))  # 6 × 5 words
    text = "Deux engagements :\n\n- " + item + "\n\n- Prévenir."
    a = text.index("Phrase")
    doc = Document("d", text, [Block("paragraph", 0, 18),
                               Block("item", a, a + len(item), commitment=True),
                               Block("item", len(text) - 9, len(text), commitment=True)])
    chunks = Chunker(words, regex_sentences, chunk_tokens=12, overlap_sentences=0).chunk(doc)
    assert [(c.kind, c.context, words(c.text)) for c in chunks] == [
        ("text", "", 3),
        ("commitment", "Deux engagements :", 10), ("commitment", "Deux engagements :", 10),
        ("commitment", "Deux engagements :", 10), ("commitment", "Deux engagements :", 1)]
    assert " ".join(c.text for c in chunks[1:4]) == item


def test_long_sentence_pieces_keep_their_text_when_they_overlap():
    # A sentence with no punctuation is cut between words into pieces of an eighth of a
    # chunk (2 words), packed 8 to a chunk with the last piece carried over: two words of
    # overlap, far more than two characters. Each chunk must start where its own text is
    # (langchain's start_index gave -1 here, so a shifted or empty text).
    body = " ".join(f"m{i:02d}" for i in range(40))
    doc = Document("d", body, [Block("paragraph", 0, len(body))])
    chunks = Chunker(words, regex_sentences, chunk_tokens=16, overlap_sentences=1).chunk(doc)
    assert [(c.start, c.text) for c in chunks] == [
        (0, " ".join(f"m{i:02d}" for i in range(0, 16))),
        (56, " ".join(f"m{i:02d}" for i in range(14, 30))),
        (112, " ".join(f"m{i:02d}" for i in range(28, 40))),
    ]


def test_long_repetitive_sentence_is_cut_where_its_pieces_are():
    # The same word 40 times: every piece reads "mot mot", so only its position tells
    # them apart. Chunks start at words 0, 14 and 28 (4 characters a word) and hold 16,
    # 16 and 12 words: no text lost, none repeated beyond the carried-over piece.
    body = " ".join(["mot"] * 40)
    doc = Document("d", body, [Block("paragraph", 0, len(body))])
    chunks = Chunker(words, regex_sentences, chunk_tokens=16, overlap_sentences=1).chunk(doc)
    assert [(c.start, c.end, words(c.text)) for c in chunks] == [
        (0, 63, 16), (56, 119, 16), (112, 159, 12)]


def test_long_commitment_over_a_page_break_cites_each_piece_on_its_page():
    # A commitment item of 24 words, 12 on page 3 and 12 on page 4, cut into chunks of 16
    # words (pieces of 2): the second chunk starts at "b04", on page 4.
    first = " ".join(f"a{i:02d}" for i in range(12))
    second = " ".join(f"b{i:02d}" for i in range(12))
    body = f"{first}\n{second}"
    doc = Document("d", body, [Block("item", 0, len(body), page=3, commitment=True,
                                     page_breaks=(len(first) + 1,))])
    chunks = Chunker(words, regex_sentences, chunk_tokens=16, overlap_sentences=0).chunk(doc)
    assert [(c.kind, c.page, words(c.text)) for c in chunks] == [
        ("commitment", 3, 16), ("commitment", 4, 8)]
    assert chunks[1].text == "b04 b05 b06 b07 b08 b09 b10 b11"


def test_a_chunk_records_the_page_breaks_inside_it():
    # One PDF paragraph from page 3 to page 5: "Deux…" starts page 4, "Trois…" page 5.
    text = "Un un un un un. Deux deux deux. Trois trois trois."
    doc = Document("p", text, [Block("paragraph", 0, len(text), page=3, page_breaks=(16, 32))])
    chunks = Chunker(words, regex_sentences, chunk_tokens=8, overlap_sentences=0).chunk(doc)
    assert [(c.text, c.page, c.page_breaks) for c in chunks] == [
        ("Un un un un un. Deux deux deux.", 3, [16]), ("Trois trois trois.", 5, [])]
    whole = Chunker(words, regex_sentences, chunk_tokens=50).chunk(doc)
    assert [(c.page, c.page_breaks) for c in whole] == [(3, [16, 32])]


def test_a_heading_that_labels_itself_is_a_commitment_in_the_section_above_it():
    doc = doc_from([
        ("heading", "Plan d'action", {"level": 1}),
        ("heading", "Engagement 1 : Changer le regard", {"level": 2, "commitment": True}),
        ("paragraph", "Voici ce qui précède.", {}),
        ("paragraph", "Objectif 1.1 : Sensibiliser.", {"commitment": True}),
        ("paragraph", "Objectif 1.2 : Associer.", {"commitment": True}),
    ])
    chunks = Chunker(words, regex_sentences, chunk_tokens=12).chunk(doc)
    assert [(c.kind, c.section, c.context, c.text) for c in chunks] == [
        ("commitment", "Plan d'action", "", "Engagement 1 : Changer le regard"),
        ("text", "Plan d'action > Engagement 1 : Changer le regard", "", "Voici ce qui précède."),
        # A paragraph that labels itself takes no introduction from the one before it.
        ("commitment", "Plan d'action > Engagement 1 : Changer le regard", "",
         "Objectif 1.1 : Sensibiliser."),
        ("commitment", "Plan d'action > Engagement 1 : Changer le regard", "",
         "Objectif 1.2 : Associer.")]
    assert [c.sentences for c in chunks[:1]] == [[[0, 32]]]
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
