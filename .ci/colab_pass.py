"""The Colab pass: every chapter run the way a Colab user runs it.

Each notebook is copied to a folder outside the checkout and executed top to bottom in a Jupyter kernel of a venv that
starts as Colab's runtime does (`.ci/colab_pass.sh` builds it with Colab's versions of the packages the book touches)
and then receives exactly what the chapter's own first cell installs: that cell runs, with its
`git+https://github.com/...` requirement replaced by the wheel built from this checkout. `NFNET_NB_DATA` is unset, so
the chapters download their datasets, from a server on 127.0.0.1 that serves the data folder in the layout of the
public mirrors (`<url>/<dataset>/<file>`), into an empty user cache. Cells flagged gpu, tpu, slow or notest are not
run (as in `nbdev_test`), nor are other `#| eval: false` cells (Colab-only cells such as mounting Drive).

    python .ci/colab_pass.py serve DATA_DIR STATE_DIR         # the mirror; writes STATE_DIR/port, logs requests
    python .ci/colab_pass.py run STATE_DIR WHEEL WORKER NB...  # claim and run notebooks (run from the venv's python)
    python .ci/colab_pass.py report STATE_DIR                 # summary; exit 1 on a failure or no download

The `run` workers, one per venv, share the list: a worker claims a notebook by creating STATE_DIR/claims/NAME, so
each notebook runs once, heaviest first (the order of the NB arguments).
"""
import configparser, http.server, json, os, re, shutil, sys, threading, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'.ci'))
from run_notebooks import flags_of, skip_cell, skipped_lines  # noqa: E402
GIT_REQ = re.compile(r'nfnet_nb(\[[^\]]*\])? @ git\+https://github\.com/[^\'"]+')

def serve(data_dir, state):
    state = Path(state); state.mkdir(parents=True, exist_ok=True)
    log = open(state/'requests.log', 'a', buffering=1)
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k): super().__init__(*a, directory=str(data_dir), **k)
        def log_message(self, fmt, *args): log.write(f'{self.command} {self.path} {args[1] if len(args) > 1 else ""}\n')
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    (state/'port.tmp').write_text(str(srv.server_address[1])); os.replace(state/'port.tmp', state/'port')
    srv.serve_forever()

def prepare(nb, wheel, flags):
    "Colab's view of notebook `nb`: the install cell points at `wheel`; flagged and other eval:false cells are replaced. Returns the install cell's index and the number of cells not run."
    install, n_skip = [], 0
    for i, c in enumerate(nb.cells):
        if c.cell_type != 'code': continue
        d = flags_of(c.source)
        if not install and GIT_REQ.search(c.source) and 'pip' in c.source:
            c.source = GIT_REQ.sub(lambda m: f'nfnet_nb{m.group(1) or ""} @ {Path(wheel).resolve().as_uri()}', c.source)
            c.source = '\n'.join(l for l in c.source.splitlines() if not l.strip().startswith('#|'))
            install.append(i)
        elif skip_cell(c.source, flags):
            c.source = '# (not run in the Colab pass: ' + '; '.join(' '.join(x) for x in d) + ')'; n_skip += 1
    if len(install) != 1: raise RuntimeError('no install cell installing nfnet_nb from git: a Colab user could not run this notebook')
    return install[0], n_skip

def run(state, wheel, worker, nbs):
    import copy, nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError
    state = Path(state); (state/'claims').mkdir(parents=True, exist_ok=True); (state/'results').mkdir(exist_ok=True)
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
    flags = set(cfg['DEFAULT']['tst_flags'].split())
    port = (state/'port').read_text().strip()
    work = state/f'worker{worker}'
    cache = work/'cache'; cache.mkdir(parents=True, exist_ok=True)
    # nothing of the book's settings leaks in; a JAX compilation cache set by .ci/run is kept (programs only, no results)
    env = {k: v for k, v in os.environ.items() if not k.startswith('NFNET_NB_')}
    env.update(XDG_CACHE_HOME=str(cache), NFNET_NB_DATA_URL=f'http://127.0.0.1:{port}', NFNET_NB_REQUIRE_DATA='1',
               JAX_PLATFORMS='cpu', PIP_DISABLE_PIP_VERSION_CHECK='1')
    env.pop('MPLBACKEND', None)     # as on Colab: the inline backend
    os.environ.clear(); os.environ.update(env)   # the kernel inherits this environment
    for p in map(Path, nbs):
        try: (state/'claims'/p.name).mkdir()
        except FileExistsError: continue
        folder = work/p.stem; folder.mkdir(parents=True, exist_ok=True)   # like /content: outside any checkout
        nb = nbformat.read(p, as_version=4)
        t0, status, err, n_skip = time.time(), 'PASS', '', 0
        client = lambda book: NotebookClient(book, timeout=900, kernel_name='python3', resources={'metadata': {'path': str(folder)}})
        try:
            i, n_skip = prepare(nb, wheel, flags)
            if 'os.kill(os.getpid()' in nb.cells[i].source:
                # the install cell restarts the runtime (Colab reconnects): run it in its own kernel, the rest in a new one
                first = nbformat.v4.new_notebook(cells=[copy.deepcopy(nb.cells[i])], metadata=nb.metadata)
                try: client(first).execute(); raise RuntimeError('the install cell was expected to restart the kernel')
                except DeadKernelError: pass
                nb.cells[i].source = '# (the install cell ran in its own kernel, which it then restarted, as on Colab)'
            client(nb).execute()
        except Exception as e:
            status, err = 'FAIL', '\n'.join(str(e).strip().splitlines()[-30:])
        skipped = skipped_lines(nb)
        res = dict(name=p.name, status=status, seconds=round(time.time() - t0), worker=worker, not_run=n_skip,
                   skipped=skipped, error=err)
        (state/'results'/f'{p.stem}.json').write_text(json.dumps(res))
        print(f'{status} {p.name} {res["seconds"]}s (worker {worker}, {n_skip} cells not run, {len(skipped)} SKIPPED)', flush=True)
        if status == 'FAIL': print('  ' + err.replace('\n', '\n  '), flush=True)
        shutil.rmtree(folder, ignore_errors=True)

def report(state):
    state = Path(state)
    res = [json.loads(f.read_text()) for f in sorted((state/'results').glob('*.json'))]
    reqs = (state/'requests.log').read_text().splitlines() if (state/'requests.log').exists() else []
    got = sorted({l.split()[1] for l in reqs if l.split()[-1:] in (['200'], ['206'])})
    print(f'Colab pass: {len(res)} notebooks, {sum(r["status"] == "PASS" for r in res)} passed; '
          f'{len(reqs)} requests to the data mirror, files served: {", ".join(got) or "none"}')
    for r in res:
        for s in r['skipped']: print(f'    {r["name"]}: {s}')
    bad = [r['name'] for r in res if r['status'] != 'PASS']
    if bad: sys.exit('Colab pass failed: ' + ', '.join(bad))
    if not got: sys.exit('Colab pass: no chapter downloaded anything, so the download path was not exercised')

if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    if cmd == 'serve': serve(*args)
    elif cmd == 'run': run(args[0], args[1], args[2], args[3:])
    elif cmd == 'report': report(*args)
    else: sys.exit(__doc__)
