"""Corpus manifest and file discovery (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.corpus import (
    SUPPORTED,
    ManifestError,
    discover,
    doc_id_for,
    load_manifest,
    load_manifests,
    slugify,
)
from indexer.errors import PacteError
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
    files = discover([CORPUS])
    assert [f.name for f in files] == ["pacte-2015-aurore.txt",
                                       "pacte-acte2-2021-2026-prefecture.txt"]


def write_manifest(folder: Path, body: str) -> Path:
    path = folder / "corpus.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_manifest_paths_resolved_relative_to_its_folder(tmp_path: Path) -> None:
    (tmp_path / "sous").mkdir()
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


@pytest.mark.parametrize(("body", "message"), [
    ('[[documents]]\nfile = "a.txt"\n', "document n° 1 : la clé « id » est obligatoire"),
    ('[[documents]]\nid = "a"\n', "document n° 1 : la clé « file » est obligatoire"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ntitre = "x"\n', "clé inconnue « titre »"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ndate = "20/02/2015"\n', "date « 20/02/2015 »"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\nedition = "2015"\n', "édition « 2015 » inconnue"),
    ('[[documents]]\nfile = "a.txt"\nid = "a b"\n', "id « a b » invalide"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\ntitle = 3\n', "« title » doit être un texte"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\n[[documents]]\nfile = "b.txt"\nid = "a"\n',
     "document n° 2 : id « a » déjà décrit"),
    ('[[documents]]\nfile = "a.txt"\nid = "a"\n[[documents]]\nfile = "./a.txt"\nid = "b"\n',
     "document n° 2 : fichier « ./a.txt » déjà décrit"),
    ('documents = "a.txt"\n', "suite de tables [[documents]]"),
    ('[[documents]\nfile = "a.txt"\n', "TOML invalide"),
])
def test_malformed_manifest_names_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = write_manifest(tmp_path, body)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert isinstance(err.value, PacteError)


def test_discover_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    for name in ["a/pacte.pdf", "a/b/note.md", "a/tableau.xlsx", "a/.brouillon.txt",
                 "a/~$rapport.docx", "a/corpus.toml", "a/README.md", ".cache/x.txt", "seul.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = discover([tmp_path / "seul.txt", tmp_path / "a", tmp_path / "a" / "pacte.pdf"])
    assert [f.relative_to(tmp_path).as_posix() for f in found] == [
        "a/b/note.md", "a/pacte.pdf", "a/tableau.xlsx", "seul.txt"]
    assert discover([tmp_path / "a" / "corpus.toml"]) == []


def test_discover_missing_path(tmp_path: Path) -> None:
    with pytest.raises(PacteError, match="introuvable"):
        discover([tmp_path / "absent"])


def test_load_manifests_from_folders_and_files(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    write_manifest(tmp_path, '[[documents]]\nfile = "pacte.pdf"\nid = "pacte"\n')
    write_manifest(tmp_path / "web", '[[documents]]\nfile = "page.html"\nid = "page"\n')
    manifest = load_manifests([tmp_path, tmp_path / "web" / "page.html"])
    assert sorted(doc_id for doc_id, _ in manifest.values()) == ["pacte", "page"]


def test_doc_id_from_manifest_or_slug(tmp_path: Path) -> None:
    write_manifest(tmp_path, '[[documents]]\nfile = "pacte.pdf"\nid = "pacte-2015"\n'
                             'publisher = "Ville de Paris"\n')
    manifest = load_manifests([tmp_path])
    doc_id, meta = doc_id_for(tmp_path / "pacte.pdf", manifest)
    assert (doc_id, meta.publisher) == ("pacte-2015", "Ville de Paris")
    assert doc_id_for(tmp_path / "Bilan d’étape – Acte 2 (2023).PDF", manifest) == (
        "bilan-d-etape-acte-2-2023", DocMeta())
    assert slugify("«  »") == "document"
    assert slugify("Cœur de l’action") == "coeur-de-l-action"


def test_supported_extensions() -> None:
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx"} == SUPPORTED
