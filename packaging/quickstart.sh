#!/usr/bin/env bash
# Install nkcase on a fresh Debian or Ubuntu machine with python3.12 and open the demo casebook.
#   bash packaging/quickstart.sh
# Steps: Debian packages (apt-get, as root or with sudo) -> .venv with python3.12 ->
# pip install -e . -> `nkcase demo` (once) -> `nkcase open` on it.
# Set NKCASE_SKIP_APT=1 to skip apt-get, NKCASE_DEMO=/path/file.nkcase to choose the demo file.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== system packages (packaging/debian-packages.txt)"
if [ "${NKCASE_SKIP_APT:-0}" != "1" ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "not root and no sudo: install these yourself: $(tr '\n' ' ' < packaging/debian-packages.txt)"
    fi
  fi
  if [ "$(id -u)" = "0" ] || [ -n "$SUDO" ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq || echo "apt-get update failed; trying with the package lists we have"
    # shellcheck disable=SC2046
    $SUDO apt-get install -y -qq --no-install-recommends $(cat packaging/debian-packages.txt) \
      || echo "some packages failed to install; \`nkcase doctor\` below says what is missing"
    # Ubuntu ships venv support for python3.12 as a separate package; Debian may not have it.
    $SUDO apt-get install -y -qq --no-install-recommends python3.12-venv >/dev/null 2>&1 \
      || $SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null 2>&1 || true
  fi
else
  echo "skipped (NKCASE_SKIP_APT=1 or no apt-get)"
fi

echo "== python 3.12 and .venv"
PY=""
for candidate in python3.12 /usr/bin/python3.12 /usr/local/bin/python3.12; do
  if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then
    PY="$candidate"; break
  fi
done
if [ -z "$PY" ]; then
  echo "python3.12 not found: install it (Ubuntu 24.04: sudo apt-get install python3.12 python3.12-venv)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .

echo "== checking this machine"
.venv/bin/nkcase doctor || echo "(see the MISSING lines above; nkcase may still start)"

echo "== demo casebook"
DEMO="${NKCASE_DEMO:-$(.venv/bin/python -c 'from nkcase.demo.builder import default_demo_path; print(default_demo_path())')}"
if [ -f "$DEMO" ]; then
  echo "using the existing demo $DEMO (delete it or run \`.venv/bin/nkcase demo --force\` to rebuild)"
else
  .venv/bin/nkcase demo "$DEMO"
fi

echo "== opening nkcase"
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
   && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "no display here: from a desktop session run  .venv/bin/nkcase open \"$DEMO\""
  exit 0
fi
exec .venv/bin/nkcase open "$DEMO"
