#!/usr/bin/env bash
# The Colab pass (driver: .ci/colab_pass.py): every chapter, from a folder outside the checkout, in a venv that starts
# with Colab's preinstalled versions and then gets what the chapter's own first cell installs (its git URL replaced by
# a wheel of this checkout); NFNET_NB_DATA unset and downloads served from $NFNET_NB_DATA by a 127.0.0.1 mirror.
# Three workers, each with its own venv (pip in one venv is not safe to run twice at once), share the notebook list.
# Usage: bash .ci/colab_pass.sh [NOTEBOOK ...]   (default: every chapter, heaviest first)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${NFNET_NB_DATA:?the Colab pass serves the datasets from NFNET_NB_DATA}"
# Colab's runtime (its published package list, 2026-08) as far as the book is concerned: these versions are what a
# chapter starts from. Python is this machine's (3.11); Colab has 3.12/3.13, which cannot be installed offline here.
# TPU runtimes have TFDS but no TensorFlow: so does this venv. timm is not on Colab and the chapters' install cells do
# not add the [torch] extra, so the parity cells print SKIPPED here, as they would there.
COLAB_BASE="jax==0.7.2 jaxlib==0.7.2 flax==0.11.2 optax==0.2.8 orbax-checkpoint==0.12.4 tensorflow-datasets==4.9.10
 fastcore==2.2.12 numpy==2.0.2 numba==0.60.0 matplotlib scipy scikit-learn pillow tqdm requests huggingface_hub
 ipykernel nbclient nbformat"
tmp=$(mktemp -d)
cleanup() { [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
t0=$(date +%s)
python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install -q uv
# PASS_VENVS=DIR: the venvs are DIR/colab1 ... DIR/colabN (built if absent; each is used once, since the install
# cells change it); --prepare only builds them. COLAB_WORKERS=N (default 3): more workers than cores, because every
# chapter's install cell spends seconds waiting on the package index while the other workers compute.
vroot="${PASS_VENVS:-$tmp}"
workers="${COLAB_WORKERS:-3}"
for w in $(seq "$workers"); do
  if [ ! -f "$vroot/colab$w/.ready" ]; then
    python3 -m uv venv -q --seed --python python3 "$vroot/colab$w"
    # shellcheck disable=SC2086
    python3 -m uv pip install -q --python "$vroot/colab$w/bin/python" $COLAB_BASE
    touch "$vroot/colab$w/.ready"
  fi
done
[ "${1:-}" = --prepare ] && exit 0
"$vroot/colab1/bin/python" -c "import jax, flax, optax, orbax.checkpoint as o, fastcore, numpy
print('Colab base:', 'jax', jax.__version__, 'flax', flax.__version__, 'optax', optax.__version__, 'numpy', numpy.__version__, 'fastcore', fastcore.__version__)"
echo "venvs ready in $(( $(date +%s) - t0 ))s"
python3 -m pip wheel -q --no-deps -w "$tmp/wheel" . >/dev/null
wheel=$(ls "$tmp"/wheel/nfnet_nb-*.whl)
python3 .ci/colab_pass.py serve "$data" "$tmp/state" &
srv=$!
for _ in $(seq 50); do [ -f "$tmp/state/port" ] && break; sleep 0.1; done
if [ "$#" -gt 0 ]; then nbs=("$@"); else
  # heaviest first (measured in this pass), then the rest in book order
  mapfile -t nbs < <(python3 - <<'PY'
from pathlib import Path
heavy = ['A2_errors', '09a_runs', '05_nfnet', '07_recipe', '10_pretrained', '01_signal', '04_nf_resnet', '11_bench',
         '06_agc', '12_claims', '08d_loader', '08a_sources', 'A1_conv_lowering', '03_layers']
nbs = sorted(p for p in Path('nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
order = [p for h in heavy for p in nbs if p.stem == h] + [p for p in nbs if p.stem not in heavy]
print('\n'.join(map(str, order)))
PY
)
fi
echo "Colab pass over ${#nbs[@]} notebooks, $workers workers"
# (the machine's pip.conf may list index folders that do not exist; pip's warning about each is dropped)
# and so are the kernels' notes that they listen on 127.0.0.1 without encryption
quiet() { grep -v -e "is ignored: it is neither a file nor a directory" -e "Kernel is running over TCP without encryption" >&2 || true; }
pids=()
for w in $(seq "$workers"); do
  "$vroot/colab$w/bin/python" .ci/colab_pass.py run "$tmp/state" "$wheel" "$w" "${nbs[@]}" 2> >(quiet) &
  pids+=($!)
done
rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done
"$vroot/colab1/bin/python" -c "import jax, flax, optax; print('after the install cells:', 'jax', jax.__version__, 'flax', flax.__version__, 'optax', optax.__version__)"
python3 .ci/colab_pass.py report "$tmp/state" || rc=1
echo "Colab pass done in $(( $(date +%s) - t0 ))s"
exit $rc
