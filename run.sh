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
stamp_of() {
  echo "$STAMPS/${1//\//_}.sha"
}

changed_since_install() {
  local sum; sum=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$(cat "$(stamp_of "$1")" 2>/dev/null)" != "$sum" ]
}

mark_installed() {
  sha256sum "$1" | cut -d' ' -f1 > "$(stamp_of "$1")"
}

# python_env EXTRAS: the site (and its plugins, editable) with those extras of
# pyproject.toml: none to serve, test/publish/bench to run the suite.
python_env() {
  local extras=$1 sum
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating the virtualenv in .venv"
    "$PYTHON" -m venv .venv
    rm -f "$STAMPS"/python-env-*.sha
  fi
  sum=$(cat pyproject.toml plugins/*/pyproject.toml | sha256sum | cut -d' ' -f1)
  # What a run with more extras installed serves a run with fewer too.
  if ! grep -qx "$sum" "$STAMPS/python-env-$extras.sha" "$STAMPS/python-env-test,publish,bench.sha" 2>/dev/null; then
    echo "==> Installing Python packages (pyproject.toml, plugins/*/pyproject.toml${extras:+; extras $extras})"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
    # The plugins' own packages again, editable, so that edits to them are live.
    local editable=()
    for manifest in plugins/*/pyproject.toml; do editable+=(-e "$(dirname "$manifest")"); done
    .venv/bin/python -m pip install --quiet --no-deps "${editable[@]}"
    echo "$sum" > "$STAMPS/python-env-$extras.sha"
  fi
}

debian_packages() {
  local missing=()
  for wanted in "$@"; do
    case $wanted in
      chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
      chromium-driver) [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver) ;;
      java) command -v java >/dev/null || missing+=(default-jre-headless) ;;
      node) command -v npm >/dev/null || missing+=(nodejs npm) ;;
      rsync) command -v rsync >/dev/null || missing+=(rsync) ;;
      nginx) command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light) ;;
    esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Wheels of Pelican and of everything our packaged plugins need, made once, so
# that a test can install them into a plain virtualenv without the network.
wheelhouse() {
  local sum; sum=$(cat plugins/*/pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -d .wheelhouse ] || [ "$(cat "$STAMPS/wheelhouse.sha" 2>/dev/null)" != "$sum" ]; then
    echo "==> Making wheels for the plain-Pelican install test (.wheelhouse)"
    rm -rf .wheelhouse
    # hatchling too: pip builds the plugins' packages from their folders offline.
    .venv/bin/python -m pip wheel --quiet -w .wheelhouse 'pelican[markdown]>=4.12,<4.13' 'hatchling>=1.21' \
      ./plugins/reader_response ./plugins/roles ./plugins/wordpress_import \
      ./plugins/pulldown_cmark ./plugins/feed_quality ./plugins/atomic_output
    echo "$sum" > "$STAMPS/wheelhouse.sha"
  fi
}

# npm packages pinned in tools/<name>/package-lock.json.
npm_tools() {
  local folder=tools/$1
  if [ ! -d "$folder/node_modules" ] || changed_since_install "$folder/package-lock.json"; then
    echo "==> Installing $2 from npm ($folder)"
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error
    mark_installed "$folder/package-lock.json"
  fi
}

case "${1:-}" in
  serve)
    shift
    python_env ""
    debian_packages node
    npm_tools pagefind "the search indexer"
    exec .venv/bin/invoke serve "$@"
    ;;
  test)
    shift
    python_env test,publish,bench
    wheelhouse
    debian_packages chromium chromium-driver java node rsync nginx
    npm_tools pagefind "the search indexer"
    npm_tools node "the checkers"
    exec .venv/bin/python -m pytest -n 2 "$@"
    ;;
  *)
    echo "usage: bash run.sh serve | bash run.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
