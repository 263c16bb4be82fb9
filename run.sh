#!/usr/bin/env bash
# The two set-up commands of README.md. Each installs what it needs, then runs:
#   bash run.sh serve   build the site, start the local Isso comment server and
#                       serve the site at http://127.0.0.1:8000, rebuilding on save
#   bash run.sh test    run the whole test suite (extra arguments go to pytest)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
STAMPS=.stamps
mkdir -p "$STAMPS"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Reinstall only when the file that lists the dependencies changed.
changed_since_install() {
  local file=$1 stamp="$STAMPS/$(basename "$1").sha"
  local sum; sum=$(sha256sum "$file" | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]
}

mark_installed() {
  sha256sum "$1" | cut -d' ' -f1 > "$STAMPS/$(basename "$1").sha"
}

python_env() {
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating the virtualenv in .venv"
    "$PYTHON" -m venv .venv
    rm -f "$STAMPS/pyproject.toml.sha"
  fi
  if changed_since_install pyproject.toml; then
    echo "==> Installing Python packages (pyproject.toml)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e '.[test,publish,bench]'
    mark_installed pyproject.toml
  fi
}

debian_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v node >/dev/null || missing+=(nodejs npm)
  command -v rsync >/dev/null || missing+=(rsync)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

node_tools() {
  if [ ! -d tools/node/node_modules ] || changed_since_install tools/node/package-lock.json; then
    echo "==> Installing the checkers from npm (tools/node)"
    npm ci --prefix tools/node --no-audit --no-fund --loglevel=error
    mark_installed tools/node/package-lock.json
  fi
}

case "${1:-}" in
  serve)
    shift
    python_env
    exec .venv/bin/invoke serve "$@"
    ;;
  test)
    shift
    python_env
    debian_packages
    node_tools
    exec .venv/bin/python -m pytest -n 2 "$@"
    ;;
  *)
    echo "usage: bash run.sh serve | bash run.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
