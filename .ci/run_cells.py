"""Re-run chosen flagged cells of a notebook and keep their new outputs, without re-running its other flagged cells.

All unflagged cells run (they define what the chosen cells need); flagged cells other than the chosen ones are
skipped; only the chosen cells' outputs are written back. For refreshing one measurement in a chapter whose other
heavy cells take hours. Usage: python .ci/run_cells.py nbs/12_claims.ipynb 31 [32 ...] [--timeout 3600]"""
import argparse, copy, os, sys, time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_notebooks import skip_cell  # noqa: E402

def main():
    os.environ.pop('MPLBACKEND', None)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('path'); ap.add_argument('cells', nargs='+', type=int)
    ap.add_argument('--timeout', type=int, default=3600)
    args = ap.parse_args()
    p = Path(args.path)
    nb = nbformat.read(p, as_version=4)
    run = copy.deepcopy(nb)
    for i, c in enumerate(run.cells):
        if c.cell_type != 'code' or i in args.cells: continue
        if skip_cell(c.source, {'slow', 'gpu', 'tpu', 'notest'}): c.source = 'pass'
    t0 = time.time()
    try:
        NotebookClient(run, timeout=args.timeout, kernel_name='python3',
                       resources={'metadata': {'path': str(p.parent)}}).execute()
    finally:
        for i in args.cells:
            r = run.cells[i]
            if r.get('execution_count') is not None: nb.cells[i].outputs, nb.cells[i].execution_count = r.outputs, r.execution_count
        nbformat.write(nb, p)
    print(f'ran cells {args.cells} of {p} in {time.time() - t0:.0f}s')

if __name__ == '__main__':
    main()
