#!/usr/bin/env bash
# Build a one-folder nkcase for this platform with PyInstaller: dist/nkcase/nkcase.
# Usage: bash packaging/build.sh            (uses .venv/bin/python, or $PYTHON)
# Then:  dist/nkcase/nkcase demo /tmp/demo.nkcase && dist/nkcase/nkcase open /tmp/demo.nkcase
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "== installing PyInstaller into $("$PY" -c 'import sys; print(sys.prefix)')"
  "$PY" -m pip install -q 'pyinstaller>=6.6' </dev/null
fi

echo "== icons"
"$PY" packaging/make_icons.py

echo "== pyinstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/nkcase.spec

echo "== smoke test (offline, no display needed)"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
dist/nkcase/nkcase --version
SMOKE="$(mktemp -d)"
trap 'rm -rf "$SMOKE"' EXIT
dist/nkcase/nkcase demo "$SMOKE/demo.nkcase"
dist/nkcase/nkcase check "$SMOKE/demo.nkcase"
dist/nkcase/nkcase doctor || echo "(doctor reported missing pieces on this build machine)"

echo "== done: $(du -sh dist/nkcase | cut -f1) in dist/nkcase"
