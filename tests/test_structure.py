"""Plain-text structure: headings, paragraphs, list items, commitments (no model)."""

from __future__ import annotations

from pathlib import Path

from indexer.boilerplate import is_boilerplate
from indexer.lists import mark_commitments
from indexer.readers import read_document
from indexer.structure import structure_text, unwrap
from indexer.types import Block, DocMeta

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def assert_valid(blocks: list[Block], text: str) -> None:
    """Every span is stripped non-empty text; blocks are sorted and do not overlap."""
    previous_end = 0
    for b in blocks:
        span = text[b.start : b.end]
        assert span and span == span.strip(), b
        assert b.start >= previous_end, b
        previous_end = b.end


def described(blocks: list[Block], text: str) -> list[tuple[str, int, str, bool]]:
    return [(b.kind, b.level, text[b.start : b.end], b.commitment) for b in blocks]


# A French mini-corpus: elisions, « guillemets », bullets, accents, abbreviations.
MINI = """Le Pacte parisien

L’État et la Ville s’engagent : « personne ne doit dormir à la rue ».
M. Dupont, adjoint au maire, a présenté le bilan n° 3, etc.

Nos priorités :

• L’accès aux droits ;
• Prévenir les expulsions ;
1. Coordonner l’action.
2) Évaluer chaque année.

Gouvernance

Un comité réunit les partenaires : associations, État, etc.
"""


def test_mini_corpus_exact_blocks() -> None:
    blocks = mark_commitments(structure_text(MINI), MINI)
    assert_valid(blocks, MINI)
    assert described(blocks, MINI) == [
        ("heading", 1, "Le Pacte parisien", False),
        ("paragraph", 0, "L’État et la Ville s’engagent : « personne ne doit dormir à la rue ».\n"
                         "M. Dupont, adjoint au maire, a présenté le bilan n° 3, etc.", False),
        ("paragraph", 0, "Nos priorités :", False),
        ("item", 0, "L’accès aux droits ;", True),
        ("item", 0, "Prévenir les expulsions ;", True),
        ("item", 0, "Coordonner l’action.", True),
        ("item", 0, "Évaluer chaque année.", True),
        ("heading", 2, "Gouvernance", False),
        ("paragraph", 0, "Un comité réunit les partenaires : associations, État, etc.", False),
    ]


def test_heading_rules() -> None:
    text = ("Titre du document\n\nune ligne en minuscule\n\nUne phrase courte.\n\n"
            "Intro qui annonce :\n\n" + "Un titre beaucoup trop long " * 4 + "\n\nSection 2"
            "\n\nSon texte.")
    kinds = [(b.kind, b.level) for b in structure_text(text)]
    assert kinds == [("heading", 1), ("paragraph", 0), ("paragraph", 0), ("paragraph", 0),
                     ("paragraph", 0), ("heading", 2), ("paragraph", 0)]


def test_first_heading_is_level_one_only_before_any_block() -> None:
    text = "Un paragraphe d’abord.\n\nPuis un titre\n\nEt son texte."
    assert [(b.kind, b.level) for b in structure_text(text)] == [
        ("paragraph", 0), ("heading", 2), ("paragraph", 0)]


def test_bullet_joined_paragraph_becomes_items() -> None:
    text = "Les 3 axes :\n\nPrévenir • Intervenir, vite • Insérer durablement"
    blocks = mark_commitments(structure_text(text), text)
    assert_valid(blocks, text)
    assert described(blocks, text)[1:] == [
        ("item", 0, "Prévenir", True), ("item", 0, "Intervenir, vite", True),
        ("item", 0, "Insérer durablement", True)]


def test_list_markers_and_continuation_lines() -> None:
    text = "Constats\n- premier point\n  qui continue\n– deuxième point\n* troisième\nFin du texte."
    blocks = structure_text(text)
    assert_valid(blocks, text)
    assert described(blocks, text) == [
        ("heading", 1, "Constats", False),
        ("item", 0, "premier point\n  qui continue", False),
        ("item", 0, "deuxième point", False),
        ("item", 0, "troisième", False),
        ("paragraph", 0, "Fin du texte.", False),
    ]


def test_commitments_need_a_keyword_in_intro_or_heading() -> None:
    text = ("Calendrier\n\nLes dates :\n\n- mars ;\n- juin.\n\nLes mesures\n\n"
            "Voici la liste.\n\n- Ouvrir des places ;\n- Former les agents.")
    blocks = mark_commitments(structure_text(text), text)
    assert [(text[b.start : b.end], b.commitment) for b in blocks if b.kind == "item"] == [
        ("mars ;", False), ("juin.", False),
        ("Ouvrir des places ;", True), ("Former les agents.", True)]


def test_hard_wrapped_text_splits_paragraphs_and_titles() -> None:
    text = ("Le Pacte réunit les partenaires de la Ville autour d’un plan d’action commun\n"
            "pour la période 2015-2020.\n"
            "Les publics\n"
            "Les personnes à la rue sont accompagnées par les maraudes et les accueils de jour\n"
            "de la Ville.")
    blocks = structure_text(text)
    assert_valid(blocks, text)
    assert [(b.kind, text[b.start : b.end][:20]) for b in blocks] == [
        ("paragraph", "Le Pacte réunit les "), ("heading", "Les publics"),
        ("paragraph", "Les personnes à la r")]


def test_title_line_right_after_a_title_line() -> None:
    text = ("Rapport d’activité 2023\nIntroduction\n"
            "Le centre d’hébergement et de réinsertion sociale accueille 45 personnes.\n"
            "Il est financé par l’État.")
    assert described(structure_text(text), text) == [
        ("heading", 1, "Rapport d’activité 2023", False),
        ("heading", 2, "Introduction", False),
        ("paragraph", 0, "Le centre d’hébergement et de réinsertion sociale accueille 45 "
                         "personnes.\nIl est financé par l’État.", False)]


def test_ignored_lines_act_as_blank_lines() -> None:
    text = "Accueil > Actualités\nTitre\n\nTexte."
    blocks = structure_text(text, ignore=is_boilerplate)
    assert described(blocks, text) == [("heading", 1, "Titre", False),
                                        ("paragraph", 0, "Texte.", False)]


def test_seed_2015_pillars() -> None:
    doc = read_document(CORPUS / "pacte-2015-aurore.txt", "pacte-2015", DocMeta())
    assert_valid(doc.blocks, doc.text)
    commitments = [doc.block_text(b) for b in doc.blocks if b.commitment]
    assert commitments == [
        "L’accès aux droits, préalable indispensable à la lutte contre l’exclusion",
        "Prévenir, pour éviter que des personnes ne se retrouvent à la rue",
        "Intervenir, pour apporter des solutions efficaces aux situations de rue, dans le "
        "respect des droits fondamentaux des personnes",
        "Insérer durablement, pour permettre une insertion sociale et professionnelle par un "
        "accompagner global",
        "Coordonner, Piloter et mettre en place une gouvernance partenariale",
    ]
    headings = [(b.level, doc.block_text(b)) for b in doc.blocks if b.kind == "heading"]
    assert headings == [(1, "Signature du Pacte parisien contre la grande exclusion"),
                        (2, "Signature dans les salons de l'Hôtel de Ville"),
                        (2, "Les engagements du pacte")]
    assert len(doc.blocks) == 14


def test_seed_2015_has_no_web_boilerplate() -> None:
    doc = read_document(CORPUS / "pacte-2015-aurore.txt", "pacte-2015", DocMeta())
    for b in doc.blocks:
        for junk in ("Lire aussi", "CAO dans les Deux-Sèvres", "Illustration WP", "Accueil >",
                     "Tous les articles", "mairiedeparis", "Actualités - Evénements"):
            assert junk not in doc.block_text(b)
    assert doc.block_text(doc.blocks[-1]).endswith("lorsqu’on les poursuit. »")


def test_seed_acte2_commitments() -> None:
    doc = read_document(CORPUS / "pacte-acte2-2021-2026-prefecture.txt", "acte2", DocMeta())
    assert_valid(doc.blocks, doc.text)
    assert [doc.block_text(b) for b in doc.blocks if b.commitment] == [
        "Changer le regard ;",
        "Développer une offre de proximité pour une ville du quart d'heure solidaire ;",
        "Assurer l'accès effectif aux droits et aux dispositifs d'aide ;",
        "Garantir un accompagnement sans rupture.",
    ]
    first = doc.blocks[0]
    assert (first.kind, first.level, doc.block_text(first)) == (
        "heading", 1, "Présentation de l'acte 2 du Pacte de lutte contre l'exclusion à Paris, "
                      "2021-2026")
    texts = [doc.block_text(b) for b in doc.blocks]
    assert "Actualité" not in texts
    assert not any(t.startswith("Mise à jour") for t in texts)


def test_arrows_checks_word_bullets_and_letters_mark_items():
    # "➢", "✓" and Word's Symbol-font bullet (U+F0B7, kept by PDF and text exports) start
    # items like "-" does, and so does "a)"; the list under "engagements :" is commitments.
    text = ("Nos engagements :\n➢ Prévenir les ruptures ;\n✓ Aller vers ;\n"
            "\uf0b7 Insérer durablement.")
    blocks = mark_commitments(structure_text(text), text)
    assert [(b.kind, text[b.start:b.end], b.commitment) for b in blocks] == [
        ("paragraph", "Nos engagements :", False),
        ("item", "Prévenir les ruptures ;", True),
        ("item", "Aller vers ;", True),
        ("item", "Insérer durablement.", True),
    ]


def test_a_heading_line_that_heads_nothing_is_content() -> None:
    # One-line paragraphs without a final stop look like headings; the one followed by
    # another such line, and the last line of the text, head nothing: they are content.
    text = ("Communiqué\n\nRendez-vous le 12 mars à 18 heures devant l'Hôtel de Ville\n\n"
            "Contact presse Marie Dupont 06 12 34 56 78")
    assert described(structure_text(text), text) == [
        ("heading", 1, "Communiqué", False),
        ("paragraph", 0, "Rendez-vous le 12 mars à 18 heures devant l'Hôtel de Ville", False),
        ("paragraph", 0, "Contact presse Marie Dupont 06 12 34 56 78", False)]


def test_numbered_headings_are_sections_and_numbered_lists_stay_lists() -> None:
    # « 1. » set apart (on its own line, text after it) heads a section, under the title;
    # « 2. » heads « 2.3 », one level deeper. A list after its introduction stays a list,
    # and so does a numbered line alone between blank lines (a text's spaced-out list).
    text = ("Rapport 2023\n1. Introduction\nLe rapport dresse le bilan de l'année écoulée.\n"
            "2. Les maraudes\n2.3 Les maraudes de nuit\nElles sortent chaque soir à minuit.\n\n"
            "Nos trois axes :\n1. Accès aux droits\n2. Hébergement\n\n3. Insertion\n\n"
            "Le comité de suivi se réunit deux fois par an à la mairie.")
    assert described(structure_text(text), text) == [
        ("heading", 1, "Rapport 2023", False),
        ("heading", 3, "1. Introduction", False),
        ("paragraph", 0, "Le rapport dresse le bilan de l'année écoulée.", False),
        ("heading", 3, "2. Les maraudes", False),
        ("heading", 4, "2.3 Les maraudes de nuit", False),
        ("paragraph", 0, "Elles sortent chaque soir à minuit.", False),
        ("paragraph", 0, "Nos trois axes :", False),
        ("item", 0, "Accès aux droits", False),
        ("item", 0, "Hébergement", False),
        ("item", 0, "Insertion", False),
        ("paragraph", 0, "Le comité de suivi se réunit deux fois par an à la mairie.", False)]


def test_a_quotation_after_a_full_stop_ends_a_sentence_a_bracket_does_not() -> None:
    text = ("Le mot de la fin\n\n« Personne ne doit être contraint de dormir à la rue. »\n\n"
            "Service intégré d'accueil et d'orientation (S.I.A.O.)\n\nIl oriente.")
    assert [b.kind for b in structure_text(text)] == [
        "heading", "paragraph", "heading", "paragraph"]


def test_short_lines_in_a_row_are_a_list_not_headings() -> None:
    # A table or a list of names from a PDF: no blank line, no final stop, each line short.
    text = ("Le pacte a été signé par les institutions suivantes, réunies à l’Hôtel de Ville.\n"
            "Ville de Paris\nPréfecture de la région Île-de-France\n"
            "Caisse d'allocations familiales de Paris\nAgence régionale de santé\n\n"
            "Suite du texte.")
    assert described(structure_text(text), text) == [
        ("paragraph", 0, "Le pacte a été signé par les institutions suivantes, réunies à "
                         "l’Hôtel de Ville.", False),
        ("paragraph", 0, "Ville de Paris\nPréfecture de la région Île-de-France\n"
                         "Caisse d'allocations familiales de Paris\n"
                         "Agence régionale de santé", False),
        ("paragraph", 0, "Suite du texte.", False)]


def test_a_commitment_word_in_an_idiom_announces_no_commitments() -> None:
    text = ("Dans une large mesure, les bénévoles viennent des quartiers suivants :\n\n"
            "- Belleville ;\n- La Chapelle.\n\nLes mesures retenues :\n\n- Ouvrir des places."
            "\n\nNotre objectif prioritaire :\n\n- Aucun enfant à la rue.")
    blocks = mark_commitments(structure_text(text), text)
    assert [(text[b.start : b.end], b.commitment) for b in blocks if b.kind == "item"] == [
        ("Belleville ;", False), ("La Chapelle.", False), ("Ouvrir des places.", True),
        ("Aucun enfant à la rue.", True)]


def test_a_hard_wrapped_item_goes_on_after_a_capital_or_a_digit() -> None:
    # Hard wrapping (PDF, e-mail) cut the items before "Parisiens", "120" and, after a comma,
    # the title-like "EDF et la Fondation FACE": still their items' text. "Gouvernance",
    # after an item line with no comma and before prose, heads a section as before.
    text = ("Nos engagements :\n"
            "- Assurer l'accès effectif aux droits et aux dispositifs d'aide pour les\n"
            "Parisiens les plus éloignés des services publics ;\n"
            "- Ouvrir des places d'hébergement pour les familles à la rue, soit en tout\n"
            "120 places de plus ;\n"
            "- Développer une offre de proximité pour une ville du quart d'heure solidaire\n"
            "Gouvernance\n"
            "Un comité réunit les partenaires de la Ville et de l'État chaque trimestre.\n\n"
            "Les signataires :\n"
            "- la Ville, l'État, la CAF, l'ARS, la CPAM, Pôle emploi, la RATP, la SNCF,\n"
            "EDF et la Fondation FACE\n")
    blocks = mark_commitments(structure_text(text), text)
    assert_valid(blocks, text)
    assert described(blocks, text) == [
        ("paragraph", 0, "Nos engagements :", False),
        ("item", 0, "Assurer l'accès effectif aux droits et aux dispositifs d'aide pour les\n"
                    "Parisiens les plus éloignés des services publics ;", True),
        ("item", 0, "Ouvrir des places d'hébergement pour les familles à la rue, soit en tout\n"
                    "120 places de plus ;", True),
        ("item", 0, "Développer une offre de proximité pour une ville du quart d'heure solidaire",
         True),
        ("heading", 2, "Gouvernance", False),
        ("paragraph", 0, "Un comité réunit les partenaires de la Ville et de l'État chaque "
                         "trimestre.", False),
        ("paragraph", 0, "Les signataires :", False),
        ("item", 0, "la Ville, l'État, la CAF, l'ARS, la CPAM, Pôle emploi, la RATP, la SNCF,\n"
                    "EDF et la Fondation FACE", False)]


def test_a_capital_line_after_a_whole_item_is_not_its_text() -> None:
    # Not wrapped, each item ends before the next line: it ends with ";", its line is short
    # of the wrapping column ("Cette" would have fitted), its wrapped lines are indented
    # while the next one is flush left, or its group's lines are all short (no column).
    text = ("Les mesures :\n"
            "- Former les agents d'accueil aux droits des personnes sans domicile stable ;\n"
            "Le comité de suivi se réunit chaque trimestre à l'Hôtel de Ville de Paris.\n\n"
            "Les objectifs :\n"
            "- Ouvrir des places d'hébergement pour les familles et les femmes seules\n"
            "Cette coopération entre l'État et les 22 partenaires permet d'assurer une réponse."
            "\n\nLes axes :\n"
            "- Assurer l'accès effectif aux droits et aux dispositifs d'aide aux\n"
            "  Parisiens les plus éloignés des services publics, en particulier les jeunes\n"
            "Ce travail doit permettre de résorber l'exclusion.\n\n"
            "Calendrier :\n- mars et avril\nLe bilan suit.\n")
    assert described(structure_text(text), text) == [
        ("paragraph", 0, "Les mesures :", False),
        ("item", 0, "Former les agents d'accueil aux droits des personnes sans domicile stable ;",
         False),
        ("paragraph", 0, "Le comité de suivi se réunit chaque trimestre à l'Hôtel de Ville de "
                         "Paris.", False),
        ("paragraph", 0, "Les objectifs :", False),
        ("item", 0, "Ouvrir des places d'hébergement pour les familles et les femmes seules",
         False),
        ("paragraph", 0, "Cette coopération entre l'État et les 22 partenaires permet d'assurer "
                         "une réponse.", False),
        ("paragraph", 0, "Les axes :", False),
        ("item", 0, "Assurer l'accès effectif aux droits et aux dispositifs d'aide aux\n"
                    "  Parisiens les plus éloignés des services publics, en particulier les "
                    "jeunes", False),
        ("paragraph", 0, "Ce travail doit permettre de résorber l'exclusion.", False),
        ("paragraph", 0, "Calendrier :", False),
        ("item", 0, "mars et avril", False),
        ("paragraph", 0, "Le bilan suit.", False)]


# --- Line breaks that wrapping made (unwrap, PDF text) -------------------------------------

def unwrapped(*lines: str) -> str:
    """The lines as one block, its wrapping breaks read as spaces."""
    text = "\n".join(lines)
    return unwrap(text, [Block("paragraph", 0, len(text))])


def test_a_capital_that_ends_a_sentence_cut_by_wrapping_goes_on_its_line() -> None:
    # « … grâce au dispositif » is full and ends no sentence, inside a sentence that
    # wrapping already cut (the line before it went on in lowercase): the next line, which
    # ends the sentence, goes on with it, though it starts with a name.
    lines = ("En 2024, l'association ouvrira une halte de jour pour les femmes et renforcera",
             "l'accompagnement vers le logement, pour reloger 60 ménages grâce au dispositif",
             "Logement d'abord.")
    assert unwrapped(*lines) == " ".join(lines)


def test_names_one_per_line_keep_their_breaks_even_ending_with_a_stop() -> None:
    # Lines as wide as each other, each a name: no line goes on with a cut sentence, so the
    # last name ending with a stop joins nothing; nor does a whole line after a sentence.
    names = ("Agence régionale de santé d'Île-de-France",
             "Caisse d'allocations familiales de Paris",
             "Caisse primaire d'assurance maladie de Paris.")
    assert unwrapped(*names) == "\n".join(names)
    lines = ("Le pacte est signé par les institutions et les associations du",
             "territoire parisien, réunies à l'Hôtel de Ville en janvier 2015.",
             "Accompagnement social et accès aux droits des personnes",
             "Les travailleurs sociaux reçoivent chaque personne sans rendez-vous.")
    assert unwrapped(*lines) == f"{lines[0]} {lines[1]}\n{lines[2]}\n{lines[3]}"


def test_a_capital_after_a_cut_sentence_keeps_its_break_when_the_sentence_goes_on() -> None:
    # The next line starts an entry of its own (it ends no sentence): a list after prose
    # keeps its lines; so does a line after a stop, even one in brackets.
    lines = ("Les personnes accueillies peuvent joindre l'accueil de jour de l'association",
             "par courrier ou par téléphone aux heures d'ouverture de la permanence",
             "Téléphone de la permanence sociale : 01 23 45 67 89",
             "Adresse : 12 rue des Lilas, 75018 Paris.")
    assert unwrapped(*lines) == f"{lines[0]} {lines[1]}\n{lines[2]}\n{lines[3]}"
    lines = ("Les horaires changent pendant l'été et les jours fériés de l'année en cours",
             "selon le planning affiché à l'accueil (voir le tableau ci-dessous.)",
             "Le centre ferme le 15 août.")
    assert unwrapped(*lines) == f"{lines[0]} {lines[1]}\n{lines[2]}"


def test_headings_and_paragraphs_that_label_themselves_are_commitments() -> None:
    # A partner's copy of a plan: its commitments are no list, each says what it is.
    text = ("Plan d'action\n\nEngagement 1 : Changer le regard\n\n"
            "Objectif opérationnel 1.1 : Sensibiliser les Parisiens aux réalités de la rue "
            "par des rencontres.\n\n"
            "Mesure n° 12. Former les agents d'accueil.\n\n"
            "Objectif 2030 : plus personne à la rue, dit le plan.\n\n"
            "Le comité compte 5 engagements suivis chaque année.")
    blocks = mark_commitments(structure_text(text), text)
    assert_valid(blocks, text)
    assert described(blocks, text) == [
        ("heading", 1, "Plan d'action", False),
        ("heading", 2, "Engagement 1 : Changer le regard", True),
        ("paragraph", 0, "Objectif opérationnel 1.1 : Sensibiliser les Parisiens aux réalités "
                         "de la rue par des rencontres.", True),
        ("paragraph", 0, "Mesure n° 12. Former les agents d'accueil.", True),
        ("paragraph", 0, "Objectif 2030 : plus personne à la rue, dit le plan.", False),
        ("paragraph", 0, "Le comité compte 5 engagements suivis chaque année.", False)]


def test_a_commitment_that_is_only_its_label_takes_its_title_from_the_next_line(
        tmp_path: Path) -> None:
    # « ENGAGEMENT 1 » alone, its title a line apart: the two make one commitment, which
    # heads what follows. A paragraph after the label is no title when it is long prose,
    # and a label with its own title takes nothing.
    long = "Le regard porté sur les personnes à la rue doit changer, " * 3
    text = (f"Plan d'action\n\nENGAGEMENT 1\n\nChanger le regard\n\n{long}\n\n"
            f"ENGAGEMENT 2\n\n{long}\n\nEngagement 3 : Agir\n\nVite.")
    blocks = mark_commitments(structure_text(text), text)
    assert_valid(blocks, text)
    assert described(blocks, text) == [
        ("heading", 1, "Plan d'action", False),
        ("heading", 2, "ENGAGEMENT 1\n\nChanger le regard", True),
        ("paragraph", 0, long.strip(), False),
        ("heading", 2, "ENGAGEMENT 2", True),
        ("paragraph", 0, long.strip(), False),
        ("heading", 2, "Engagement 3 : Agir", True),
        ("paragraph", 0, "Vite.", False)]
    # In Markdown, a label heading over a deeper title heading, or over a short paragraph.
    (tmp_path / "plan.md").write_text("# Plan\n\n## Engagement 1\n\n### Changer le regard\n\n"
                                      "Texte.\n\n## AXE II\n\nAgir vite\n\nOn agit.\n",
                                      encoding="utf-8")
    doc = read_document(tmp_path / "plan.md", "plan", DocMeta())
    assert described(doc.blocks, doc.text) == [
        ("heading", 1, "Plan", False),
        ("heading", 2, "Engagement 1\nChanger le regard", True),
        ("paragraph", 0, "Texte.", False),
        ("heading", 2, "AXE II\nAgir vite", True),
        ("paragraph", 0, "On agit.", False)]
