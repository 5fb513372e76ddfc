# Shared by packaging/quickstart.sh and .ci/run (source it, do not run it):
# installs the Debian packages nkcase needs and makes .venv with Python 3.12.

install_debian_packages() {
  # $1: "quiet" to hide apt's output; $2: the package list (default packaging/debian-packages.txt).
  # Needs root or sudo; otherwise says what to install.
  local list="${2:-packaging/debian-packages.txt}"
  if [ "${NKCASE_SKIP_APT:-0}" = "1" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "skipping apt-get (NKCASE_SKIP_APT=1 or no apt-get)"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "not root and no sudo: install these yourself: $(tr '\n' ' ' < "$list")"
      return 0
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null 2>&1 || echo "apt-get update failed; using the lists we have"
  # shellcheck disable=SC2046
  $sudo apt-get install -y -qq --no-install-recommends $(cat "$list") \
    >/dev/null </dev/null || echo "some Debian packages failed to install; 'nkcase doctor' says which"
  # Ubuntu ships venv support for python3.12 as a separate package.
  $sudo apt-get install -y -qq --no-install-recommends python3.12-venv >/dev/null 2>&1 </dev/null || true
}

find_python312() {
  # Prints the path of a working Python 3.12 (pyenv shims that fail are skipped).
  local candidate
  for candidate in python3.12 /usr/bin/python3.12 /usr/local/bin/python3.12 \
                   "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  echo "python3.12 not found: install it (Ubuntu 24.04: sudo apt-get install python3.12 python3.12-venv)" >&2
  return 1
}

# The lock files (exact versions with hashes, made by `bash packaging/lock.sh`).
LOCK_APP=packaging/lock/app.txt   # the app alone
LOCK_DEV=packaging/lock/dev.txt   # the app with the test and lint extras (CI)

make_venv() {
  # $1: the lock file to install, $LOCK_APP or $LOCK_DEV. Installs exactly its versions (pip
  # checks every file's hash), then nkcase itself, editable, without resolving anything again.
  # Uses the venv's own pip: the lock files need nothing newer than Python 3.12's pip 23.2.
  # --no-deps: the lock already lists every package, so pip resolves nothing. Resolving anyway
  # broke the day lxml 6.2.0 was published: pip 23.2 looked up justext's `lxml[html_clean]`
  # on the index, found the new release beside the pinned 6.1.3 and refused it as unpinned.
  local py lock="$1"
  py="$(find_python312)" || return 1
  "$py" --version
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip --version
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r "$lock" </dev/null
  .venv/bin/python -m pip install -q --no-deps -e . </dev/null
  .venv/bin/python -m pip check
}
