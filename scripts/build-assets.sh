#!/usr/bin/env bash
# Install the front-end packages pinned in package.json / package-lock.json from the npm registry and copy
# what the web app serves into modgraph/web/static/vendor/ (package data of the wheel; not in git).
# Run once per checkout (setup.sh does) and after package.json changes. Nothing is ever loaded from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --ignore-scripts; else npm install --no-audit --no-fund --ignore-scripts; fi
vendor=modgraph/web/static/vendor
rm -rf "$vendor"
copy() {  # copy PACKAGE TARGET FILE… : files of one npm package, with its licence
  local pkg=$1 target=$vendor/$2; shift 2
  mkdir -p "$target"
  for f in "$@"; do cp "node_modules/$pkg/$f" "$target/"; done
  cp node_modules/"$pkg"/LICENSE* "$target/" 2>/dev/null || true
}
copy @zazuko/yasgui yasgui build/yasgui.min.js build/yasgui.min.css        # the SPARQL editor (/editor)
copy cytoscape cytoscape dist/cytoscape.min.js                             # the dependency explorer (/deps/)
copy swagger-ui-dist swagger-ui swagger-ui-bundle.js swagger-ui.css favicon-32x32.png   # /docs
copy redoc redoc bundles/redoc.standalone.js                               # /redoc
copy axe-core axe axe.min.js                                               # accessibility checks of the pages (tests)
echo "assets copied into $vendor"
