#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml: exact versions with hashes, for every platform.
#   bash packaging/lock.sh                          # after adding or changing a dependency
#   bash packaging/lock.sh --upgrade                # move every package to its newest allowed version
#   bash packaging/lock.sh --upgrade-package NAME   # move one package
# Writes packaging/lock/dev.txt (the app + test + lint extras: what .ci/run installs) and
# packaging/lock/app.txt (the app alone: what packaging/quickstart.sh installs), the second
# constrained by the first so both pin the same versions. Existing pins are kept unless asked.
# Needs the network (PyPI); uv is installed at a fixed version into build/lock-tools.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION="0.13.9"

# shellcheck source=packaging/bootstrap.sh
. packaging/bootstrap.sh

TOOLS=build/lock-tools
if ! "$TOOLS/bin/uv" --version 2>/dev/null | grep -q " $UV_VERSION\b"; then
  py="$(find_python312)"
  "$py" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q "uv==$UV_VERSION" </dev/null
fi

compile() {
  # --universal: one file for Linux, Windows and macOS (markers where they differ, the hashes
  # of every platform's wheels); requires-python >= 3.12.
  "$TOOLS/bin/uv" pip compile pyproject.toml --universal --python-version 3.12 \
    --generate-hashes --quiet --custom-compile-command "bash packaging/lock.sh" "$@"
}

compile --extra test --extra lint -o "$LOCK_DEV" "$@"
compile -c "$LOCK_DEV" -o "$LOCK_APP" "$@"
echo "wrote $LOCK_DEV and $LOCK_APP; commit both with pyproject.toml"
