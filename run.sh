#!/usr/bin/env bash
# Set up everything, index the bundled corpus, show a first search, then serve the API and the
# demo page with the chat widget on http://127.0.0.1:8000/ (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
echo "==> Indexing corpus/"
.venv/bin/pacte index corpus
echo "==> First search"
.venv/bin/pacte search "quels engagements concernent l'accès aux droits ?" -k 3
echo "==> Serving the API and the widget demo (Ctrl-C to stop)"
exec .venv/bin/pacte serve
