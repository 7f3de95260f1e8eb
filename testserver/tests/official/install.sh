#!/usr/bin/env bash
# Installs the official Tencent Cloud SDKs that testserver/tests/e2e/official_sdks.rs runs against
# the test server, pinned, under the cargo target directory where the test finds them:
#   <target>/official-sdks/python  a virtual environment with requirements.txt (beside this script)
#   <target>/official-sdks/node    tencentcloud-sdk-nodejs-common (skipped, loudly, without npm)
# Bounded: each registry gets a few slow attempts and 5 minutes, then this fails clearly.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
sdks="${CARGO_TARGET_DIR:-$repo/target}/official-sdks"
# The Node SDK's version; the Python ones are in requirements.txt.
node_sdk="tencentcloud-sdk-nodejs-common@4.1.220"

venv="$sdks/python"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check \
  --retries 2 --timeout 30 -r "$here/requirements.txt"; then
  echo "install.sh: pip could not install the official Tencent Cloud Python SDK from PyPI" >&2
  echo "(unreachable or too slow); testserver/tests/e2e/official_sdks.rs needs it" >&2
  exit 1
fi
echo "official Python SDK: $venv/bin/python"

if ! command -v npm >/dev/null; then
  echo "install.sh: SKIPPED the official Node SDK: npm is not on PATH" >&2
  exit 0
fi
mkdir -p "$sdks/node"
if ! timeout 300 npm install --prefix "$sdks/node" --no-save --no-audit --no-fund \
  --loglevel=error --fetch-retries=2 --fetch-timeout=30000 "$node_sdk" >/dev/null; then
  echo "install.sh: npm could not install $node_sdk from the npm registry" >&2
  echo "(unreachable or too slow); testserver/tests/e2e/official_sdks.rs needs it" >&2
  exit 1
fi
echo "official Node SDK: $sdks/node/node_modules/${node_sdk%@*}"
