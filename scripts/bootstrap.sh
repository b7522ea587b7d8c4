#!/usr/bin/env bash
# Prepares a fresh machine (Node.js + npm only) for development: pnpm 10, Debian's Chromium
# for the dashboard's browser tests, then every workspace dependency. Node 24 and Deno come
# from the npm registry as dev dependencies; nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 10.* ]]; then
  npm install --global --no-fund --no-audit pnpm@10.34.8
fi

if [[ ! -x /usr/bin/chromium ]]; then
  if [[ "$(id -u)" == 0 ]]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq chromium >/dev/null
fi

pnpm install --frozen-lockfile
