"""Run every notebook top to bottom in a fresh Jupyter kernel, the way a reader would.

Cells marked `#| eval: false` or carrying one of the test flags of settings.ini (`tst_flags`) are replaced by a comment,
notebooks whose front matter says `skip_exec: true` are skipped, and the trailing `nbdev_export()` cell runs as for a
person. Prints PASS/FAIL/SKIP per notebook and ends with the plain line "N passed, N failed, N skipped"."""
import argparse, configparser, re, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

def flags_of(src):
    "The `#|` directives at the top of a cell, as a list of token lists."
    out = []
    for line in src.splitlines():
        s = line.strip()
        if not s: continue
        if not s.startswith('#|'): break
        out.append(s[2:].strip().replace(':', ' ').split())
    return out

def skipped_lines(nb):
    "The `SKIPPED:` lines that the cells of the executed notebook `nb` printed."
    out = []
    for c in nb.cells:
        for o in c.get('outputs', []) or []:
            txt = o.get('text') or (o.get('data') or {}).get('text/plain') or ''
            txt = ''.join(txt) if isinstance(txt, list) else txt
            out += [l.strip() for l in txt.splitlines() if l.strip().startswith('SKIPPED')]
    return out

def skip_cell(src, tst_flags):
    for d in flags_of(src):
        if not d: continue
        if d[0] == 'eval' and len(d) > 1 and d[1].lower() == 'false': return True
        if d[0] in tst_flags: return True
    return False

def skip_notebook(nb):
    for c in nb.cells[:2]:
        if c.cell_type == 'raw' and re.search(r'^skip_exec:\s*true', c.source, re.M): return True
        if c.cell_type == 'code' and re.search(r'^#\|\s*skip_exec:\s*true', c.source, re.M): return True
    return False

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('paths', nargs='*', help='notebooks (default: every nbs/*.ipynb not starting with _ or .)')
    ap.add_argument('--timeout', type=int, default=900, help='seconds per cell')
    ap.add_argument('--jobs', type=int, default=2, help='notebooks run at once, each in its own kernel')
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(root/'settings.ini')
    tst_flags = set(cfg['DEFAULT'].get('tst_flags', '').split())
    nbs = [Path(p) for p in args.paths] or sorted(p for p in (root/'nbs').rglob('*.ipynb')
                                                  if not any(part.startswith(('_', '.')) for part in p.relative_to(root/'nbs').parts))
    def run_one(p):
        "Execute one notebook; returns (status, message)."
        nb = nbformat.read(p, as_version=4)
        if skip_notebook(nb): return 'SKIP', f'SKIP {p.name} (skip_exec)'
        n_skip = 0
        for c in nb.cells:
            if c.cell_type == 'code' and skip_cell(c.source, tst_flags):
                c.source = '# (cell skipped by the test runner: flagged ' + ', '.join(' '.join(d) for d in flags_of(c.source)) + ')'
                n_skip += 1
        t0 = time.time()
        try:
            NotebookClient(nb, timeout=args.timeout, kernel_name='python3',
                           resources={'metadata': {'path': str(p.parent)}}).execute()
            return 'PASS', f'PASS {p.name} ({time.time()-t0:.0f}s, {n_skip} flagged cells skipped)'
        except Exception as e:
            msg = str(e).strip().splitlines()
            return 'FAIL', f'FAIL {p.name} ({time.time()-t0:.0f}s)\n  ' + '\n  '.join(msg[-25:])

    counts = {'PASS': 0, 'FAIL': 0, 'SKIP': 0}
    with ThreadPoolExecutor(max(1, args.jobs)) as ex:
        for status, msg in ex.map(run_one, nbs):
            counts[status] += 1; print(msg); sys.stdout.flush()
    passed, failed, skipped = counts['PASS'], counts['FAIL'], counts['SKIP']
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    sys.exit(1 if failed else 0)

if __name__ == '__main__':
    main()
