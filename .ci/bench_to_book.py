"""Put the device's quick-suite JSON into chapter 11 with no hand-copying.

Usage: python .ci/bench_to_book.py RESULTS.json [--allow-cpu] [--no-run]

Checks the file (nfnet_nb.bench.load_results: 'meta' and 'records'; a GPU or TPU run unless --allow-cpu), copies it to
nbs/bench_results/quick_gpu.json (the lead commits it), then re-runs the chapter's cells that render it (those whose
source contains the marker below) with .ci/run_cells.py, so their saved outputs come from the file."""
import argparse, json, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT / 'nbs' / '11_bench.ipynb'
DEST = ROOT / 'nbs' / 'bench_results' / 'quick_gpu.json'
MARKER = "bench_results/quick_gpu.json"

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('results'); ap.add_argument('--allow-cpu', action='store_true', help='accept a CPU run (testing this script)')
    ap.add_argument('--no-run', action='store_true', help='copy only; do not re-run the chapter cells')
    ap.add_argument('--dest', default=str(DEST), help=argparse.SUPPRESS)          # testing this script elsewhere
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from nfnet_nb.bench import load_results
    src = Path(a.results)
    if not src.is_file(): sys.exit(f'bench_to_book: {src} does not exist (the device command writes $OUT/quick_bench.json)')
    try: res = load_results(src)
    except (ValueError, json.JSONDecodeError) as e: sys.exit(f'bench_to_book: {e}')
    plat = res['meta'].get('platform')
    if plat == 'cpu' and not a.allow_cpu:
        sys.exit(f'bench_to_book: {src} was measured on a CPU ({res["meta"].get("device_kind")}); chapter 11 keeps GPU '
                 'results here (--allow-cpu to test the script)')
    ok = [r for r in res['records'] if 'error' not in r]
    if not ok: sys.exit(f'bench_to_book: {src} holds no successful measurement ({len(res["records"])} failed or skipped)')
    dest = Path(a.dest); dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    print(f'bench_to_book: {len(ok)} of {len(res["records"])} records ({res["meta"].get("device_kind")}) -> {dest}')
    if a.no_run: return
    cells = [i for i, c in enumerate(json.loads(NB.read_text())['cells']) if c['cell_type'] == 'code' and MARKER in ''.join(c['source'])]
    if not cells: sys.exit(f'bench_to_book: no cell of {NB.name} mentions {MARKER}')
    subprocess.run([sys.executable, str(ROOT / '.ci' / 'run_cells.py'), str(NB.relative_to(ROOT)), *map(str, cells)],
                   cwd=ROOT, check=True)
    print(f'bench_to_book: re-ran cells {cells} of {NB.relative_to(ROOT)}; run nbdev_clean --fname {NB.relative_to(ROOT)} and commit both files')

if __name__ == '__main__':
    main()
