#!/usr/bin/env bash
# npm packages the browser tests inject into pages (axe-core, the accessibility checker), installed under
# the gitignored var/node so no third-party code is vendored. Idempotent: a no-op once installed.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
[ -f var/node/node_modules/axe-core/axe.min.js ] && exit 0
command -v npm >/dev/null || { echo "npm is missing (apt-get install npm)" >&2; exit 1; }
mkdir -p var/node
npm install --prefix var/node --no-audit --no-fund --no-save --loglevel=error "axe-core@$AXE_VERSION"
