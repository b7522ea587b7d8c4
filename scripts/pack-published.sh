#!/usr/bin/env bash
# Builds every published (non-private) workspace package and packs each into the folder given
# as the first argument, as `pnpm publish` would pack it (`workspace:` ranges become versions).
# Prints `pnpm pack --json` (an array of { name, filename, ... }) on stdout; everything else
# goes to stderr. Used by the packaging checks and by @rlm/install-tests.
set -euo pipefail
cd "$(dirname "$0")/.."
destination="${1:?usage: pack-published.sh <destination folder>}"

mapfile -t filters < <(pnpm ls --recursive --depth -1 --json | node -e '
  const listing = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  for (const entry of listing) if (!entry.private) console.log(`--filter=${entry.name}`);
')

TURBO_TELEMETRY_DISABLED=1 pnpm exec turbo run build --output-logs=errors-only "${filters[@]}" >&2
mkdir -p "$destination"
pnpm --recursive "${filters[@]}" pack --pack-destination "$destination" --json
