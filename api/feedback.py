"""Feedback on answers (👍 / 👎 and an optional reason), stored in SQLite.

The reason is redacted (e-mails, phones, NIR) before it is stored. An answer has one
vote: posting again (a changed rating, or the reason that follows a rating) updates it.

>>> import tempfile, pathlib
>>> store = FeedbackStore(pathlib.Path(tempfile.mkdtemp()) / "f.sqlite")
>>> store.add("a1b2c3d4", "up"), store.add("a1b2c3d4", "down", "Écrivez-moi : a@b.fr")
(True, False)
>>> [(r["answer_id"], r["rating"], r["reason"]) for r in store.all()]
[('a1b2c3d4', 'down', 'Écrivez-moi : [courriel]')]
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from api.redact import redact


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        with self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                "answer_id TEXT NOT NULL, rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), "
                "reason TEXT, created_at TEXT NOT NULL)")
            # One vote per answer (files written before kept every post: keep the last).
            self._db.execute("DELETE FROM feedback WHERE id NOT IN "
                             "(SELECT MAX(id) FROM feedback GROUP BY answer_id)")
            self._db.execute("CREATE UNIQUE INDEX IF NOT EXISTS feedback_answer "
                             "ON feedback (answer_id)")

    def add(self, answer_id: str, rating: str, reason: str | None = None) -> bool:
        """Store the vote on ``answer_id``; ``True`` when it is the first one. A later post
        replaces the rating, and the reason unless it brings none."""
        now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        with self._lock, self._db:
            known = self._db.execute("SELECT 1 FROM feedback WHERE answer_id = ?",
                                     (answer_id,)).fetchone()
            self._db.execute(
                "INSERT INTO feedback (answer_id, rating, reason, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, "
                "reason = COALESCE(excluded.reason, feedback.reason), "
                "created_at = excluded.created_at",
                (answer_id, rating, redact(reason) if reason else None, now))
            return known is None

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        return [dict(r) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
