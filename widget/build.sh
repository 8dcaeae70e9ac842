#!/usr/bin/env bash
# Builds widget/dist/pacte-chat.js (served by the API at /widget/pacte-chat.js).
# Idempotent: `npm ci` runs only when node_modules/ is missing or package-lock.json changed
# since the last install; the bundle itself takes well under a second to rebuild.
set -euo pipefail
cd "$(dirname "$0")"

command -v npm >/dev/null || {
  echo "npm introuvable : installez Node.js 20 ou plus récent pour construire le widget." >&2
  exit 1
}

stamp=node_modules/.pacte-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> Installing the widget's build tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

echo "==> Building widget/dist/pacte-chat.js"
npm run --silent build
test -s dist/pacte-chat.js
npm run --silent size
