"""The bare pass: the chapters that read data or use an optional stack, run as on a fresh clone with nothing extra.

Run it inside a venv holding only `pip install -e ".[dev]"` (no torch/timm, no TFDS), with `NFNET_NB_DATA` unset,
a fresh `XDG_CACHE_HOME` and downloads failing fast (`NFNET_NB_DATA_URL` pointing at a refused port); `.ci/bare_pass.sh`
sets all of that up. Each notebook runs exactly as `nbdev_test` runs it (nbdev's CaptureShell, its skip flags, cwd = the
notebook's folder, `IN_TEST=1`), but the cells' outputs are kept, so that this script can also check what
`nbdev_test` cannot: that the cells which could not run said so, with a `SKIPPED:` line.

    python .ci/bare_pass.py [NOTEBOOK ...]    # default: every notebook whose tested cells call data_path( or require_torch

Prints one line per notebook (status, seconds, SKIPPED lines) and exits 1 if a notebook fails or none printed SKIPPED.
"""
import os, re, sys, time
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor

ROOT = Path(__file__).resolve().parent.parent
PATTERN = re.compile(r'data_path\(|require_torch')   # the two calls that print SKIPPED when data or torch/timm is missing
TEST_FLAGS = {'slow', 'gpu', 'tpu', 'notest'}

def selected():
    "The notebooks whose tested code cells call data_path( or require_torch: the ones a missing dataset or stack changes."
    import json
    sys.path.insert(0, str(ROOT/'.ci'))
    from run_notebooks import skip_cell
    out = []
    for p in sorted((ROOT/'nbs').glob('*.ipynb')):
        if p.name.startswith(('_', '.')): continue
        cells = json.loads(p.read_text())['cells']
        if any(c['cell_type'] == 'code' and not skip_cell(''.join(c['source']), TEST_FLAGS) and PATTERN.search(''.join(c['source']))
               for c in cells): out.append(p)
    return out

def run_one(fn):
    "Run notebook `fn` as nbdev_test does; return (name, ok, seconds, SKIPPED lines, error text)."
    from fastcore.basics import str2bool
    from fastcore.xtras import working_directory
    from execnb.shell import CaptureShell
    from nbdev.config import get_config
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    os.environ['IN_TEST'] = '1'
    if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))
    if str(ROOT/'.ci') not in sys.path: sys.path.insert(0, str(ROOT/'.ci'))
    fn = Path(fn)
    flags = set(get_config().tst_flags.split())
    nb = NBProcessor(fn, procs=FrontmatterProc, process=True).nb
    if str2bool(getattr(nb, 'frontmatter_', {}).get('skip_exec', False)): return fn.name, True, 0.0, [], ''
    def _no_eval(cell):
        if cell.cell_type != 'code': return True
        if 'nbdev_export' + '(' in cell.source: return True
        direc = getattr(cell, 'directives_', {}) or {}
        if direc.get('eval:', [''])[0].lower() == 'false': return True
        return flags & direc.keys()
    start, k, ok, err = time.time(), CaptureShell(fn), True, ''
    try:
        with working_directory(fn.parent): k.run_all(nb, exc_stop=True, preproc=_no_eval)
    except Exception:
        ok, err = False, k.prettytb(fname=fn)
    from run_notebooks import skipped_lines
    skipped = skipped_lines(nb)
    return fn.name, ok, time.time() - start, skipped, err

def main(args):
    for v in ('NFNET_NB_DATA', 'NFNET_NB_REQUIRE_DATA', 'NFNET_NB_REQUIRE_TORCH', 'NFNET_NB_REQUIRE_TFDS'):
        if os.environ.get(v): sys.exit(f'bare pass: {v} must be unset')
    for mod in ('torch', 'timm', 'tensorflow_datasets'):
        import importlib.util
        if importlib.util.find_spec(mod): sys.exit(f'bare pass: {mod} is installed; this pass runs without the optional stacks')
    fns = [Path(a).resolve() for a in args] or selected()
    n_workers = int(os.environ.get('BARE_WORKERS', '2'))
    print(f'bare pass over {len(fns)} notebooks: ' + ' '.join(f.name for f in fns), flush=True)
    # one fresh process per notebook: a notebook run replaces the worker's __main__ (IPython), and JAX state must not leak
    with ProcessPoolExecutor(n_workers, max_tasks_per_child=1) as ex: results = list(ex.map(run_one, fns))
    n_skip, failed = 0, []
    for name, ok, secs, skipped, err in results:
        print(f'{"PASS" if ok else "FAIL"} {name} {secs:.0f}s, {len(skipped)} SKIPPED line(s)')
        for s in skipped: print(f'    {s}')
        if not ok: failed.append(name); sys.stderr.write(err + '\n')
        n_skip += len(skipped)
    print(f'{len(results) - len(failed)} passed, {len(failed)} failed, {n_skip} SKIPPED lines')
    if failed: sys.exit(1)
    if n_skip == 0: sys.exit('bare pass: no cell printed a SKIPPED line, so the bare case was not exercised')

if __name__ == '__main__': main(sys.argv[1:])
