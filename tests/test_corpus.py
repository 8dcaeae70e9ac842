"""Corpus manifest and file discovery (no model)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.build import load_documents
from indexer.corpus import SUPPORTED, assign_ids, discover, slugify
from indexer.errors import PacteError
from indexer.manifest import ManifestError, load_manifest, load_manifests
from indexer.types import DocMeta

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_bundled_manifest_describes_both_seeds() -> None:
    manifest = load_manifest(CORPUS / "corpus.toml")
    assert sorted(doc_id for doc_id, _ in manifest.values()) == [
        "pacte-2015-aurore", "pacte-acte2-2021-2026-prefecture"]
    doc_id, meta = manifest[str((CORPUS / "pacte-2015-aurore.txt").resolve())]
    assert doc_id == "pacte-2015-aurore"
    assert (meta.publisher, meta.date, meta.edition, meta.language) == (
        "Aurore", "2015-02-20", "2015-2020", "fr")
    _, acte2 = manifest[str((CORPUS / "pacte-acte2-2021-2026-prefecture.txt").resolve())]
    assert (acte2.date, acte2.edition) == ("2022-06-30", "acte2-2021-2026")
    assert acte2.url.startswith("https://www.prefectures-regions.gouv.fr/")
    for key in manifest:
        assert Path(key).is_file()


def test_bundled_corpus_discovery_skips_manifest_and_readme() -> None:
    found = discover([CORPUS])
    assert [f.name for f in found.files] == ["pacte-2015-aurore.txt",
                                             "pacte-acte2-2021-2026-prefecture.txt"]
    assert found.manifests == [CORPUS / "corpus.toml"]
    assert found.skipped == []
    assert found.notes == [f"{CORPUS / 'README.md'} : non indexé, fichier de description du "
                           "dossier (README) ; renommez-le pour l'indexer"]


def write_manifest(folder: Path, body: str) -> Path:
    path = folder / "corpus.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_manifest_paths_resolved_relative_to_its_folder(tmp_path: Path) -> None:
    (tmp_path / "sous").mkdir()
    (tmp_path / "sous" / "rapport.pdf").write_bytes(b"%PDF-1.4")
    path = write_manifest(tmp_path, """
[[documents]]
file = "sous/rapport.pdf"
id = "rapport-2018"
title = "Bilan à mi-parcours"
date = 2018-06-01
""")
    manifest = load_manifest(path)
    assert manifest == {str((tmp_path / "sous" / "rapport.pdf").resolve()): (
        "rapport-2018", DocMeta(title="Bilan à mi-parcours", date="2018-06-01"))}
    assert manifest.warnings == []


@pytest.mark.parametrize(("body", "message"), [
    ('[[documents]]\nfile = "a.txt"\n', "document n° 1 : la clé « id » est obligatoire"),
    ('[[documents]]\nid = "a"\n', "document n° 1 : la clé « file » est obligatoire"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ntitre = "x"\n', "clé inconnue « titre »"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ndate = "20/02/2015"\n', "date « 20/02/2015 »"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ndate = "2023-13-45"\n',
     "document n° 1 : date « 2023-13-45 » invalide (attendu : une date qui existe, "
     "au format AAAA-MM-JJ)"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ndate = "2023-02-30"\n', "date « 2023-02-30 »"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ndate = "2023-00"\n', "date « 2023-00 »"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\nedition = "2015"\n', "édition « 2015 » inconnue"),
    ('[[documents]]\nfile = "a.txt"\nid = "a b"\n', "id « a b » invalide"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ntitle = 3\n', "« title » doit être un texte"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\n[[documents]]\nfile = "b.txt"\nid = "a"\n',
     "document n° 2 : id « a » déjà décrit"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\n[[documents]]\nfile = "./a.txt"\nid = "b"\n',
     "document n° 2 : fichier « ./a.txt » déjà décrit"),
    ('documents = "a.txt"\n', "suite de tables [[documents]]"),
    ('[[documents]\nfile = "a.txt"\n',
     "TOML invalide, ligne 1, colonne 12 : « ]] » attendu en fin de ligne"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ndate = 2023-13-45\n',
     "TOML invalide, ligne 4, colonne 12 : fin de ligne attendue après la valeur "
     "(date impossible, texte sans guillemets ?)"),
    ('[[documents]]\nfile = a.txt\n',
     "TOML invalide, ligne 2, colonne 8 : valeur invalide (un texte doit être entre guillemets)"),
    ('[[documents]]\nfile = "a.txt\n', "TOML invalide, ligne 2, colonne 14 : texte sans guillemet"),
    ('[[documents]]\nfile = "a.txt"\nfile = "b.txt"\n', "TOML invalide, ligne 3, colonne 15 : "
     "clé déjà définie plus haut dans la même table"),
    ('[[documents]]\nfile = "a\\q.txt"\n', "TOML invalide, ligne 2, colonne 12 : « \\ » à "
     "doubler dans un texte entre guillemets"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\nedition = "2015-2020',
     "TOML invalide, en fin de fichier : texte sans guillemet fermant"),
])
def test_malformed_manifest_names_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = write_manifest(tmp_path, body)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert isinstance(err.value, PacteError)


def test_every_problem_of_a_manifest_is_said_at_once(tmp_path: Path) -> None:
    # One run lists them all, a line each (it used to take one run per mistake).
    path = write_manifest(tmp_path, '[[documents]]\nfile = "a.txt"\nid = "a b"\n'
                                    'date = "2023-02-30"\nedition = "2015"\n'
                                    '[[documents]]\nfile = "b.txt"\nid = "b"\n'
                                    '[[documents]]\nfile = "c.txt"\nid = "b"\n')
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    lines = str(err.value).split("\n")
    assert [line.removeprefix(f"{path}, ").split(" (")[0] for line in lines] == [
        "document n° 1 : id « a b » invalide",
        "document n° 1 : date « 2023-02-30 » invalide",
        "document n° 1 : édition « 2015 » inconnue",
        "document n° 3 : id « b » déjà décrit plus haut",
    ]
    # An id repeated by an entry with problems of its own is said too; an unquoted edition
    # is said once (not a text), not twice.
    path = write_manifest(tmp_path, '[[documents]]\nfile = "a.txt"\nid = "b"\nedition = 2015\n'
                                    '[[documents]]\nfile = "c.txt"\nid = "b"\n')
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert [line.removeprefix(f"{path}, ") for line in str(err.value).split("\n")] == [
        "document n° 1 : la clé « edition » doit être un texte entre guillemets",
        "document n° 2 : id « b » déjà décrit plus haut"]


def test_discover_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    for name in ["a/pacte.pdf", "a/b/note.md", "a/tableau.xlsx", "a/.brouillon.txt",
                 "a/~$rapport.docx", "a/corpus.toml", "a/README.md", ".cache/x.txt", "seul.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = discover([tmp_path / "seul.txt", tmp_path / "a", tmp_path / "a" / "pacte.pdf"])
    assert [f.relative_to(tmp_path).as_posix() for f in found.files] == [
        "a/b/note.md", "a/pacte.pdf", "a/tableau.xlsx", "seul.txt"]
    assert found.manifests == [tmp_path / "a" / "corpus.toml"]
    assert found.notes == [f"{tmp_path / 'a' / 'README.md'} : non indexé, fichier de "
                           "description du dossier (README) ; renommez-le pour l'indexer"]
    assert discover([tmp_path / "a" / "corpus.toml"]).files == []


def test_discover_missing_path(tmp_path: Path) -> None:
    with pytest.raises(PacteError, match="introuvable"):
        discover([tmp_path / "absent"])


def test_file_name_not_utf8_is_skipped_with_a_readable_name(tmp_path: Path) -> None:
    (tmp_path / "bon.txt").write_text("Texte.", encoding="utf-8")
    (Path(os.fsdecode(tmp_path)) / os.fsdecode(b"r\xe9union.txt")).write_bytes(b"R\n\ntexte.\n")
    found = discover([tmp_path])
    assert found.files == [tmp_path / "bon.txt"]
    assert found.skipped == [(f"{tmp_path}/r\\xe9union.txt", "nom de fichier illisible "
                              "(encodage autre que UTF-8) : renommez le fichier, par exemple "
                              "en « réunion.txt »")]


def test_broken_link_is_skipped_in_french(tmp_path: Path) -> None:
    (tmp_path / "casse.txt").symlink_to("absent.txt")
    found = discover([tmp_path])
    assert found.files == []
    assert found.skipped == [(str(tmp_path / "casse.txt"),
                              "lien symbolique cassé (sa cible « absent.txt » n'existe pas)")]


def test_file_and_link_to_it_give_the_real_file_once(tmp_path: Path) -> None:
    (tmp_path / "rapport.txt").write_text("Texte.", encoding="utf-8")
    (tmp_path / "a-lien.txt").symlink_to("rapport.txt")  # sorts before the real file
    found = discover([tmp_path])
    assert found.files == [tmp_path / "rapport.txt"]
    assert found.notes == [f"{tmp_path / 'a-lien.txt'} : lien symbolique vers "
                           f"{tmp_path / 'rapport.txt'}, indexé une seule fois"]


def test_linked_folder_followed_once_without_looping(tmp_path: Path) -> None:
    (tmp_path / "dehors").mkdir()
    (tmp_path / "dehors" / "canicule.txt").write_text("Texte.", encoding="utf-8")
    (tmp_path / "corpus" / "sous").mkdir(parents=True)
    (tmp_path / "corpus" / "partage").symlink_to(tmp_path / "dehors")
    (tmp_path / "corpus" / "sous" / "boucle").symlink_to(tmp_path / "corpus")
    found = discover([tmp_path / "corpus"])
    assert found.files == [tmp_path / "corpus" / "partage" / "canicule.txt"]
    assert found.notes == [f"{tmp_path / 'corpus' / 'sous' / 'boucle'} : lien symbolique vers "
                           f"le dossier {tmp_path / 'corpus'}, déjà parcouru : non suivi"]


def test_manifest_entry_without_its_file_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "Rapport.PDF").write_bytes(b"%PDF-1.4")
    (tmp_path / "Note.txt").write_text("x", encoding="utf-8")
    (tmp_path / "NOTE.TXT").write_text("x", encoding="utf-8")
    path = write_manifest(tmp_path, '[[documents]]\nfile = "absent.pdf"\nid = "absent"\n'
                                    '[[documents]]\nfile = "Rapport.pdf"\nid = "rapport"\n'
                                    '[[documents]]\nfile = "note.txt"\nid = "note"\n')
    manifest = load_manifest(path)
    assert manifest[str((tmp_path / "Rapport.PDF").resolve())][0] == "rapport"
    assert manifest.warnings == [
        f"{path}, document n° 1 : fichier « absent.pdf » introuvable, entrée sans effet",
        f"{path}, document n° 2 : fichier « Rapport.pdf » introuvable, description appliquée à "
        "« Rapport.PDF » (même nom, casse différente) ; corrigez le manifeste",
        f"{path}, document n° 3 : fichier « note.txt » introuvable, entrée sans effet ; "
        "vouliez-vous dire « NOTE.TXT » ou « Note.txt » ?"]


def test_load_manifests_merges_and_refuses_an_id_chosen_twice(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    top = write_manifest(tmp_path, '[[documents]]\nfile = "pacte.pdf"\nid = "pacte"\n')
    web = write_manifest(tmp_path / "web", '[[documents]]\nfile = "page.html"\nid = "page"\n')
    manifest = load_manifests([top, web])
    assert sorted(doc_id for doc_id, _ in manifest.values()) == ["pacte", "page"]
    assert len(manifest.warnings) == 2  # neither file exists
    write_manifest(tmp_path / "web", '[[documents]]\nfile = "page.html"\nid = "pacte"\n')
    with pytest.raises(ManifestError) as err:
        load_manifests([top, web])
    assert str(err.value) == f"{web} : id « pacte » déjà décrit dans {top}"


def test_ids_from_manifest_or_unique_slugs(tmp_path: Path) -> None:
    write_manifest(tmp_path, '[[documents]]\nfile = "pacte.pdf"\nid = "pacte-2015"\n'
                             'publisher = "Ville de Paris"\n'
                             '[[documents]]\nfile = "absent.pdf"\nid = "rapport"\n')
    manifest = load_manifests([tmp_path / "corpus.toml"])
    files = [tmp_path / n for n in ["pacte.pdf", "Bilan d’étape – Acte 2 (2023).PDF",
                                    "compte rendu ete.txt", "Compte-rendu été.txt",
                                    "rapport.txt", "sous/compte_rendu_ete.md"]]
    ids = assign_ids(files, manifest)
    assert ids[tmp_path / "pacte.pdf"] == ("pacte-2015", DocMeta(publisher="Ville de Paris"))
    assert ids[tmp_path / "Bilan d’étape – Acte 2 (2023).PDF"] == (
        "bilan-d-etape-acte-2-2023", DocMeta())
    # Automatic ids are unique in sorted path order; "rapport" is the manifest's.
    assert {f.relative_to(tmp_path).as_posix(): ids[f][0] for f in files[2:]} == {
        "Compte-rendu été.txt": "compte-rendu-ete", "compte rendu ete.txt": "compte-rendu-ete-2",
        "sous/compte_rendu_ete.md": "compte-rendu-ete-3", "rapport.txt": "rapport-2"}
    assert assign_ids(list(reversed(files)), manifest) == ids  # whatever the order given
    assert slugify("«  »") == "document"
    assert slugify("Cœur de l’action") == "coeur-de-l-action"


def test_load_documents_unique_ids_and_titles_from_file_names(tmp_path: Path) -> None:
    # Two names, one slug: both indexed; a title from the file name when the text has none.
    (tmp_path / "Compte-rendu été.txt").write_text("Réunion du lundi.", encoding="utf-8")
    (tmp_path / "compte rendu ete.txt").write_text("Réunion du mardi.", encoding="utf-8")
    (tmp_path / "rapport_activite-2023.md").write_text("# Bilan\n\nTexte.", encoding="utf-8")
    notes: list[str] = []
    docs, skipped = load_documents([tmp_path], progress=False, notes=notes)
    # The two names also make the same title, but for accents and case: each is followed
    # by its file, or citations could not tell them apart.
    assert [(d.doc_id, d.meta.title) for d in docs] == [
        ("compte-rendu-ete", "Compte rendu été (Compte-rendu été.txt)"),
        ("compte-rendu-ete-2", "compte rendu ete (compte rendu ete.txt)"),
        ("rapport-activite-2023", "Bilan")]
    assert (skipped, notes) == ([], [])


def test_same_titles_are_told_apart_by_their_files(tmp_path: Path) -> None:
    # Two « rapport.txt » of two folders, a third file whose heading is « Rapport », and a
    # manifest title that is left as the user wrote it.
    for folder, text in (("2022", "Année 2022."), ("2023", "Année 2023.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "rapport.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bilan.md").write_text("# Rapport\n\nTexte du bilan.", encoding="utf-8")
    (tmp_path / "note.txt").write_text("Une note.", encoding="utf-8")
    (tmp_path / "corpus.toml").write_text('[[documents]]\nfile = "note.txt"\nid = "note"\n'
                                          'title = "Rapport"\n', encoding="utf-8")
    docs, _ = load_documents([tmp_path], progress=False)
    assert sorted((d.doc_id, d.meta.title) for d in docs) == [
        ("bilan", "Rapport (bilan.md)"), ("note", "Rapport"),
        ("rapport", "rapport (2022/rapport.txt)"), ("rapport-2", "rapport (2023/rapport.txt)")]


def test_a_copy_of_a_file_is_left_out_with_a_note(tmp_path: Path) -> None:
    # Same text in another file (and another format): the first one found is indexed, the
    # copy is named in the notes; a different text with the same words in it is indexed.
    (tmp_path / "charte.txt").write_text("La charte des maraudes.", encoding="utf-8")
    (tmp_path / "copie de charte.md").write_text("La charte des maraudes.", encoding="utf-8")
    (tmp_path / "charte-2.txt").write_text("La charte des maraudes, 2e version.",
                                           encoding="utf-8")
    notes: list[str] = []
    docs, skipped = load_documents([tmp_path], progress=False, notes=notes)
    assert sorted(d.doc_id for d in docs) == ["charte", "charte-2"]
    assert (skipped, notes) == ([], [
        f"{tmp_path / 'copie de charte.md'} : non indexé, même texte que "
        f"{tmp_path / 'charte.txt'}"])


def test_supported_extensions() -> None:
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".odt"} == SUPPORTED
