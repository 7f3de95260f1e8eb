#!/usr/bin/env bash
# Installs the official Python SDK (requirements.txt beside this script) into a virtual
# environment under the cargo target directory, where testserver/tests/official_sdks.rs finds
# it: `<target>/official-sdks/python`. Prints the environment's python on success.
# Bounded: pip gives up after a few slow attempts, and the whole install after 5 minutes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
venv="${CARGO_TARGET_DIR:-$repo/target}/official-sdks/python"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
if ! timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check \
  --retries 2 --timeout 30 -r "$here/requirements.txt" >&2; then
  echo "install.sh: pip could not install the official Tencent Cloud Python SDK from PyPI" >&2
  echo "(unreachable or too slow); testserver/tests/official_sdks.rs needs it" >&2
  exit 1
fi
echo "$venv/bin/python"
