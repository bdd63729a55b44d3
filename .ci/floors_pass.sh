#!/usr/bin/env bash
# The floors pass: settings.ini's `requirements` floors must be true. A venv gets every requirement at its lowest
# allowed version (uv's --resolution lowest-direct, with the requirements named directly so that each is lowered),
# each resolved version must lie in its floor's release series (a floor the resolver had to raise is false), then the
# README quickstart (`nfnet_nb train` on scikit-learn's digits) and one chapter's tests run on those versions.
# Usage: bash .ci/floors_pass.sh [NOTEBOOK | --prepare]   (default nbs/09_train.ipynb: Orbax checkpoints, sharding, the loop)
set -euo pipefail
cd "$(dirname "$0")/.."
nb="${1:-nbs/09_train.ipynb}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ini() { python3 -c "import configparser,sys; c=configparser.ConfigParser(); c.read('settings.ini'); print(c['DEFAULT'][sys.argv[1]])" "$1"; }
reqs="${FLOORS_REQUIREMENTS:-$(ini requirements)}"   # FLOORS_REQUIREMENTS: try other floors without editing settings.ini
book=$(ini book_requirements)
# PASS_VENVS=DIR: build the venv in DIR/floors (reused if there); --prepare only builds it
venv="${PASS_VENVS:+$PASS_VENVS/floors}"; venv="${venv:-$tmp/venv}"
if [ ! -f "$venv/.ready" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q uv
  # shellcheck disable=SC2086
  "$venv/bin/uv" pip install -q --python "$venv/bin/python" --resolution lowest-direct --only-binary :all: $reqs $book
  "$venv/bin/uv" pip install -q --python "$venv/bin/python" --no-deps -e .
  touch "$venv/.ready"
fi
[ "$nb" = --prepare ] && exit 0
"$venv/bin/python" - "$reqs" <<'PY'
import sys, importlib.metadata as md
from packaging.requirements import Requirement
from packaging.version import Version
bad = []
for r in map(Requirement, sys.argv[1].split()):
    got = Version(md.version(r.name))
    floors = [Version(s.version) for s in r.specifier if s.operator == '>=']
    ok = all(got.release[:len(f.release)] == f.release for f in floors)
    print(f'{"ok  " if ok else "FALSE"} {r.name}: declared {r.specifier}, lowest installable {got}')
    if not ok: bad.append(f'{r.name}{r.specifier} (lowest that resolves: {got})')
if bad: sys.exit('settings.ini floors that cannot be installed: ' + '; '.join(bad))
PY
export JAX_PLATFORMS=cpu MPLBACKEND=Agg
(cd "$tmp" && timeout 1500 "$venv/bin/nfnet_nb" train | tail -n 1)
timeout 1800 "$venv/bin/nbdev_test" --path "$nb"
