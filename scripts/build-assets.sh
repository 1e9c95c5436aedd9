#!/usr/bin/env bash
# Install the front-end packages listed in package.json and copy what the API serves into api/static/vendor/.
# Run once per checkout (and after package.json changes). The API never fetches assets from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
vendor=api/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/yasgui"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$vendor/yasgui/"
cp node_modules/@zazuko/yasgui/LICENSE* "$vendor/yasgui/" 2>/dev/null || true
# dependency explorer (api/templates/deps.html): Cytoscape.js with its built-in layouts
mkdir -p "$vendor/cytoscape"
cp node_modules/cytoscape/dist/cytoscape.min.js "$vendor/cytoscape/"
cp node_modules/cytoscape/LICENSE* "$vendor/cytoscape/" 2>/dev/null || true
echo "assets copied into $vendor"
