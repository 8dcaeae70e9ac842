#!/usr/bin/env bash
# Set up everything, index the bundled corpus and show a first search.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
echo "==> Indexing corpus/"
.venv/bin/pacte index corpus
echo "==> First search"
.venv/bin/pacte search "quels engagements concernent l'accès aux droits ?" -k 3
