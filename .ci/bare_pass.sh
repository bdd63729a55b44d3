#!/usr/bin/env bash
# The bare pass: a fresh clone's case. A venv with only `pip install -e ".[dev]"` (no torch/timm, no TFDS), no data
# folder, an empty user cache and downloads that fail at once; the chapters that read data or use an optional stack
# must pass and say what they skipped (.ci/bare_pass.py checks both). A JAX compilation cache set by .ci/run is kept:
# it holds compiled programs only, so it changes how long the pass takes, not what it computes.  Usage: bash .ci/bare_pass.sh [NOTEBOOK ...]
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# PASS_VENVS=DIR: build the venv in DIR/bare (and reuse it if it is there); --prepare only builds it (.ci/run does that
# in the background while the full pass runs)
venv="${PASS_VENVS:+$PASS_VENVS/bare}"; venv="${venv:-$tmp/venv}"
if [ ! -f "$venv/.ready" ]; then
  if python3 -m uv --version >/dev/null 2>&1; then   # uv when .ci/run provides it (same result as pip, faster)
    python3 -m uv venv -q --seed --python python3 "$venv"
    python3 -m uv pip install -q --python "$venv/bin/python" -e ".[dev]"
  else
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/pip" install -q -e ".[dev]"
  fi
  touch "$venv/.ready"
fi
[ "${1:-}" = --prepare ] && exit 0
mkdir -p "$tmp/cache"
# 127.0.0.1:9 (discard) refuses connections, so every download fails fast instead of reaching the internet.
env -u NFNET_NB_DATA -u NFNET_NB_REQUIRE_DATA -u NFNET_NB_REQUIRE_TORCH -u NFNET_NB_REQUIRE_TFDS \
    -u VIRTUAL_ENV \
    XDG_CACHE_HOME="$tmp/cache" NFNET_NB_DATA_URL=http://127.0.0.1:9 JAX_PLATFORMS=cpu MPLBACKEND=Agg \
    PATH="$venv/bin:$PATH" "$venv/bin/python" .ci/bare_pass.py "$@"
