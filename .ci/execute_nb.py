"""Execute notebooks in place and keep their outputs: how the book's saved figures and tables are produced.

Every code cell runs in a fresh Jupyter kernel (cwd = the notebook's folder), including cells flagged `slow`, so that
their outputs are saved for the docs; cells flagged `gpu` or `tpu` run only with `--accelerator` (on such a machine),
and `--skip-flags` skips every flagged cell. Cells marked `#| eval: false`
(Colab install cells) never run and keep no output. Outputs of cells that were not run are left as they were.
Run `nbdev_clean` afterwards. Usage: python .ci/execute_nb.py nbs/05_nfnet.ipynb [--skip-flags] [--timeout 3600]"""
import argparse, configparser, copy, os, sys, time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_notebooks import flags_of, skip_cell  # noqa: E402

def main():
    os.environ.pop('MPLBACKEND', None)   # the kernel must use the inline backend, or figures are not saved
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('paths', nargs='+')
    ap.add_argument('--skip-flags', action='store_true', help='also skip cells carrying a test flag (slow/gpu/tpu/notest)')
    ap.add_argument('--accelerator', action='store_true', help='also run cells flagged gpu or tpu')
    ap.add_argument('--timeout', type=int, default=3600, help='seconds per cell')
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(root/'settings.ini')
    tst_flags = (set(cfg['DEFAULT'].get('tst_flags', '').split()) if args.skip_flags
                 else set() if args.accelerator else {'gpu', 'tpu'})
    for p in map(Path, args.paths):
        nb = nbformat.read(p, as_version=4)
        run = copy.deepcopy(nb)
        skipped = []
        for i, c in enumerate(run.cells):
            if c.cell_type == 'code' and skip_cell(c.source, tst_flags):
                c.source = 'pass'; skipped.append(i)
        t0 = time.time()
        try:
            NotebookClient(run, timeout=args.timeout, kernel_name='python3',
                           resources={'metadata': {'path': str(p.parent)}}).execute()
        finally:   # keep what ran, even when a cell failed or the run was interrupted
            for i, (c, r) in enumerate(zip(nb.cells, run.cells)):
                if c.cell_type != 'code' or i in skipped or r.get('execution_count') is None: continue
                c.outputs, c.execution_count = r.outputs, r.execution_count
            for i in skipped:
                if any(d and d[0] == 'eval' for d in flags_of(nb.cells[i].source)): nb.cells[i].outputs = []
            nbformat.write(nb, p)
        print(f'executed {p} in {time.time() - t0:.0f}s ({len(skipped)} cells not run)')

if __name__ == '__main__':
    main()
