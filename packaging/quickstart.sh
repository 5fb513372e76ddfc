#!/usr/bin/env bash
# Install nkcase on a fresh Debian or Ubuntu machine with python3.12 and open the demo casebook.
#   bash packaging/quickstart.sh
# Steps: Debian packages (apt-get, as root or with sudo) -> .venv with python3.12 ->
# the locked dependencies + pip install -e . -> `nkcase demo` (once) -> `nkcase open` on it.
# Set NKCASE_SKIP_APT=1 to skip apt-get, NKCASE_DEMO=/path/file.nkcase to choose the demo file.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=packaging/bootstrap.sh
. packaging/bootstrap.sh

echo "== system packages (packaging/debian-packages.txt)"
install_debian_packages

echo "== python 3.12, .venv and nkcase (exact versions from $LOCK_APP)"
make_venv "$LOCK_APP"

echo "== checking this machine"
.venv/bin/nkcase doctor || echo "(see the MISSING lines above; nkcase may still start)"

echo "== demo casebook"
DEMO="${NKCASE_DEMO:-$(.venv/bin/python -c 'from nkcase.demo.builder import default_demo_path; print(default_demo_path())')}"
if [ -f "$DEMO" ]; then
  echo "using the existing demo $DEMO (delete it or run \`.venv/bin/nkcase demo --force\` to rebuild)"
  # made by an older nkcase: brought to this version's schema (the old file is kept beside it)
  .venv/bin/nkcase upgrade "$DEMO" || echo "(not upgraded: \`.venv/bin/nkcase demo --force\` makes a new demo)"
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
