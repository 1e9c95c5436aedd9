#!/usr/bin/env bash
# Installs everything modgraph needs on a fresh Debian machine, into ./.venv (Python) and the system (apt).
#   scripts/setup.sh          what the service needs (build + serve)
#   scripts/setup.sh --test   also what the tests need: a Java runtime (HermiT), Debian's chromium, unshare and ip,
#                             Virtuoso Open Source 7 (a remote store the tests build into, tests/servers/virtuoso.py)
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

apt_packages=(nodejs npm)
$with_tests && apt_packages+=(default-jre-headless chromium chromium-driver)
# tests/servers/isolated.py: a SPARQL server in a network namespace of its own (unshare -rn, ip link set lo up)
$with_tests && apt_packages+=(util-linux iproute2)
# virtuoso-opensource-7-bin: the server program (virtuoso-t) and isql-vt only, no system service: the tests start
# it themselves with deploy/virtuoso/virtuoso.ini on loopback ports (the package virtuoso-opensource-7 would add
# a system service listening on ports 1111 and 8890)
$with_tests && apt_packages+=(virtuoso-opensource-7-bin)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# node/npm may come from elsewhere than Debian (e.g. a preinstalled toolchain): then they are not needed from apt
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  echo "setup: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  # no package's maintainer script may start a service during the installation (a CI machine or container
  # often cannot, and a started service would hold ports): policy-rc.d says "not now" for the install only
  policy=/usr/sbin/policy-rc.d
  had_policy=false; [ -e "$policy" ] && had_policy=true
  if ! $had_policy; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { $had_policy || $sudo rm -f "$policy"; exit 1; }
  $had_policy || $sudo rm -f "$policy"
fi
if $with_tests; then
  for program in virtuoso-t isql-vt; do
    command -v "$program" >/dev/null || { echo "setup: $program missing after installing virtuoso-opensource-7-bin" >&2; exit 1; }
  done
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null
if $with_tests; then
  .venv/bin/pip install -q -e ".[test]"
else
  .venv/bin/pip install -q -e .
fi

# front-end assets (SPARQL editor, graph drawing) from the npm registry, served locally, never from a CDN
scripts/build-assets.sh
echo "setup: done"
