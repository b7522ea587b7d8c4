#!/usr/bin/env bash
# Lints what would be published: every published package is built and packed, then each
# tarball goes through publint --strict (manifest, exports, files) and, when it ships types,
# arethetypeswrong (they resolve for TypeScript consumers; the packages are ESM-only, hence
# that profile). A package without types (an application such as the dashboard) skips the
# latter.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="$(mktemp -d)"
trap 'rm -rf "$folder"' EXIT

bash scripts/pack-published.sh "$folder" >/dev/null
status=0
for tarball in "$folder"/*.tgz; do
  pnpm exec publint run "$tarball" --strict || status=1
  manifest="$(tar -xzOf "$tarball" package/package.json)"
  if [[ "$manifest" == *'"types"'* ]]; then
    pnpm exec attw "$tarball" --profile esm-only --format ascii --no-emoji || status=1
  fi
done
exit "$status"
