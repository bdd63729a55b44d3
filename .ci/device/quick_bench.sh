#!/usr/bin/env bash
# Chapter 11's quick GPU suite in one call of the device tool: nfnet_nb against timm (F0 training at 192 px and
# inference at 256 px, batches 64 and 256, bfloat16, every measurement in its own process), JSON written to $OUT.
#
#   bash .ci/device/quick_bench.sh [--tiny] [--with-claims]   (device tool: timeout_s 420; with --with-claims 600, and
#   the suite (BENCH_S, 390 s) and the claims subset (CLAIMS_S, 180 s) fit in it)
#
# --tiny         the CPU smoke version of the suite (what CI runs); fails if any record failed
# --with-claims  afterwards run `python -m nfnet_nb.claims_quick` (chapter 12's subset), if that module exists
# Wheels under .whl/ (carried by the caller) are installed first into /tmp/site; the repository itself is put on
# PYTHONPATH, so nfnet_nb needs no wheel. Then: python .ci/bench_to_book.py $OUT/quick_bench.json (here, no GPU).
# BENCH_ARGS adds options to `nfnet_nb bench` (e.g. BENCH_ARGS='--budget 1' to test the plumbing in seconds).
set -uo pipefail
tiny=() claims=0
for a in "$@"; do
  case "$a" in
    --tiny) tiny=(--tiny) ;;
    --with-claims) claims=1 ;;
    *) echo "quick_bench.sh: unknown option '$a' (known: --tiny, --with-claims)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/../.." || exit 1
OUT=${OUT:-/tmp/nfnet_nb_quick_bench}; mkdir -p "$OUT"
PY=${PYTHON:-python3}
if compgen -G '.whl/*.whl' >/dev/null; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH}
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1 MPLBACKEND=Agg
if [ ${#tiny[@]} -gt 0 ]; then BENCH_S=${BENCH_S:-900}; else BENCH_S=${BENCH_S:-390}; fi   # hard stop; the JSON is saved after every measurement
{ date -u +%FT%TZ; uname -a; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null
  "$PY" -c "import importlib.metadata as m
for d in ('jax','jaxlib','flax','optax','orbax-checkpoint','numpy','torch','timm'):
    try: print(d, m.version(d))
    except m.PackageNotFoundError: print(d, 'MISSING')"; } 2>&1 | tee "$OUT/env.txt"
"$PY" -c "import nfnet_nb.bench" || { echo 'quick_bench.sh: nfnet_nb.bench does not import (see above)' >&2; exit 1; }
if [ -n "${NFNET_NB_REQUIRE_TORCH:-}" ] && [ "${NFNET_NB_REQUIRE_TORCH}" != 0 ]; then   # CI: timm must be measured too
  "$PY" -c "import torch, timm" || { echo 'quick_bench.sh: $NFNET_NB_REQUIRE_TORCH is set but torch/timm do not import' >&2; exit 1; }
fi
t0=$(date +%s)
timeout "$BENCH_S" "$PY" -c 'import sys; from nfnet_nb.bench import bench_main; bench_main(sys.argv[1:])' \
  --suite quick "${tiny[@]}" --out "$OUT/quick_bench.json" ${BENCH_ARGS:-} 2>&1 | tee "$OUT/quick_bench.log"
rc=${PIPESTATUS[0]}
echo "quick suite: exit $rc after $(( $(date +%s) - t0 )) s (124: stopped at ${BENCH_S} s; the JSON holds what finished)" | tee -a "$OUT/quick_bench.log"
if [ "$claims" = 1 ]; then
  if "$PY" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("nfnet_nb.claims_quick") is None)'; then
    OUT="$OUT" timeout "${CLAIMS_S:-180}" "$PY" -m nfnet_nb.claims_quick 2>&1 | tee "$OUT/claims_quick.log"
  else
    echo 'no module nfnet_nb.claims_quick: claims subset skipped' | tee "$OUT/claims_quick.log"
  fi
fi
[ -s "$OUT/quick_bench.json" ] || { echo 'quick_bench.sh: no results written' >&2; exit 1; }
if [ ${#tiny[@]} -gt 0 ] && [ "$rc" = 0 ]; then     # CI: the tiny suite must run end to end, every record measured
  "$PY" -c 'import json, sys
bad = [r for r in json.load(open(sys.argv[1]))["records"] if "error" in r]
for r in bad: print("quick_bench.sh: failed:", r.get("impl"), r.get("mode"), r.get("batch"), r["error"], file=sys.stderr)
sys.exit(1 if bad else 0)' "$OUT/quick_bench.json" || rc=1
fi
exit "$rc"
