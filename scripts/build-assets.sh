#!/usr/bin/env bash
# Copies the front-end assets installed by `npm install` (package.json) into api/static/vendor/ (git-ignored).
# Run by scripts/setup.sh after npm install; the pages load them from /static/vendor, never from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=api/static/vendor

copy() {  # copy <package file under node_modules> <target dir under vendor>
  local src="node_modules/$1" dest="$vendor/$2"
  if [ ! -f "$src" ]; then echo "build-assets: missing $src (run npm install)" >&2; exit 1; fi
  mkdir -p "$dest"
  cp "$src" "$dest/"
}

# --- dependency explorer (api/templates/deps.html): Cytoscape.js with its built-in layouts
copy cytoscape/dist/cytoscape.min.js cytoscape
[ -f node_modules/cytoscape/LICENSE ] && cp node_modules/cytoscape/LICENSE "$vendor/cytoscape/LICENSE"

echo "build-assets: done ($(find "$vendor" -type f | wc -l) files in $vendor)"
