"""Documents' metadata in memory, their texts read from ``documents.jsonl`` when asked.

Every passage holds its own text (``document.text[start:end]``), so a loaded index keeps
the documents' whole texts on disk: they are read to show a document, to quote a span
that runs over passages, or by the eval. At 100k passages this spares about 90 MB.
Each document's row carries ``chars``, its text's length.

>>> import tempfile
>>> p = Path(tempfile.mkdtemp()) / "documents.jsonl"
>>> rows = '{"doc_id": "a", "text": "Le pacte."}\\n\\n{"doc_id": "b", "text": "Acte 2"}\\n'
>>> _ = p.write_text(rows, encoding="utf-8")
>>> docs, texts = read_documents(p)
>>> docs["b"], texts["a"][3:8], len(texts), "c" in texts
({'doc_id': 'b', 'chars': 6}, 'pacte', 2, False)
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from indexer import store


class DocumentTexts(Mapping[str, str]):
    """doc_id → text, each read with one ``os.pread`` of its row (thread-safe). The last
    few texts read are kept: an answer quotes the same document several times."""

    def __init__(self, file: BinaryIO, rows: dict[str, tuple[int, int]], keep: int = 8) -> None:
        self._file, self._rows = file, rows
        self._read = functools.lru_cache(maxsize=keep)(self._read_row)

    def __getitem__(self, doc_id: str) -> str:
        return self._read(doc_id)

    def _read_row(self, doc_id: str) -> str:
        offset, size = self._rows[doc_id]
        row = os.pread(self._file.fileno(), size, offset)
        if len(row) < size:
            raise OSError(f"{self._file.name} : fichier tronqué")
        return str(json.loads(row)["text"])

    def __contains__(self, doc_id: object) -> bool:  # without reading the text
        return doc_id in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def read_documents(path: Path, shared: dict[str, str] | None = None
                   ) -> tuple[dict[str, dict[str, Any]], DocumentTexts]:
    """The documents of ``path`` by id, without their texts, and the texts on demand. With
    ``shared``, equal short strings become one object (as ``store.read_jsonl``)."""
    docs: dict[str, dict[str, Any]] = {}
    rows: dict[str, tuple[int, int]] = {}
    file = path.open("rb")
    try:
        offset = 0
        for line in file:
            if line.strip():
                doc = json.loads(line)
                doc["chars"] = len(doc.pop("text"))  # row by row: no text is kept
                if shared is not None:
                    store.share(doc, shared)
                docs[doc["doc_id"]] = doc
                rows[doc["doc_id"]] = (offset, len(line))
            offset += len(line)
    except BaseException:
        file.close()
        raise
    return docs, DocumentTexts(file, rows)
