"""One router per module: ask, search, documents, commitments, feedback, health, widget."""
