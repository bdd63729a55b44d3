"""Offline documentation check: nbdev's pre-processing without Quarto (Quarto cannot be installed offline; see .ci/README.md).

1. Repository hygiene (before any processing): every `[@key]` citation in nbs/*.ipynb is in nbs/references.bib, and
   no file in nbs/ or nfnet_nb/ names files outside the repository (NFNETS.md, TOOLCHAIN.md) or absolute machine
   paths (/work/..., /tmp/..., /root/..., /home/...).
2. Refreshes _quarto.yml/nbdev.yml, rebuilds the module index and sidebar, and runs nbdev's notebook processors
   (`show_doc`, exports, documentation cells) into `_proc/`. Exits non-zero if any documentation cell fails.
3. The teaching-code rule: every exported cell that defines a public name (a top-level `def`/`class` whose name does
   not start with `_`) is either `#| exports` AND its `def NAME`/`class NAME` line appears in the pre-processed page
   in `_proc/`, or `#| export` with a first comment line (after the directives) starting `# plumbing:`.
Usage: python .ci/docs_check.py [--no-proc] [--only GLOB]
  --no-proc: checks 1 and 3 only, against an existing _proc/; --only 00_core.ipynb: pre-process and check matching notebooks only"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
FORBIDDEN = re.compile(r'NFNETS\.md|TOOLCHAIN\.md|(?<![\w.~])/(?:work|tmp|root|home)/[\w.-]')
CITE = re.compile(r'@([A-Za-z][\w:-]*\d{4}[\w-]*)')       # keys look like author2021word
DEF = re.compile(r'^(?:async\s+)?(def|class)\s+([A-Za-z]\w*)', re.M)

ONLY = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None

def notebooks(only=None):
    return sorted(p for p in NBS.glob(only or '*.ipynb') if p.suffix == '.ipynb' and not p.name.startswith(('_', '.')))

def cells(p): return json.loads(p.read_text(encoding='utf-8'))['cells']
def source(c): return ''.join(c['source']) if isinstance(c['source'], list) else c['source']

def directives(src):
    "(directive lines, the rest) of a cell."
    lines = src.splitlines(); i = 0
    while i < len(lines) and (lines[i].strip().startswith('#|') or not lines[i].strip()): i += 1
    return [l.strip()[2:].strip() for l in lines[:i] if l.strip()], lines[i:]

def check_citations():
    bib = (NBS/'references.bib').read_text(encoding='utf-8') if (NBS/'references.bib').exists() else ''
    keys = set(re.findall(r'^@\w+\{([^,\s]+),', bib, re.M))
    bad = []
    for p in notebooks():
        for i, c in enumerate(cells(p)):
            if c['cell_type'] != 'markdown': continue
            for block in re.findall(r'\[[^\]]*@[^\]]*\]', source(c)):
                for k in CITE.findall(block):
                    if k not in keys: bad.append(f'{p.name} cell {i}: [@{k}] is not in nbs/references.bib')
    return bad

def check_outside_references():
    bad = []
    files = [*notebooks(), *sorted((ROOT/'nfnet_nb').glob('*.py'))]
    for f in files:
        for n, line in enumerate(f.read_text(encoding='utf-8').splitlines(), 1):
            if m := FORBIDDEN.search(line):
                bad.append(f'{f.relative_to(ROOT)}:{n}: names {m.group(0)!r} (outside the repository): {line.strip()[:120]}')
    return bad

def check_teaching_code(proc_dir):
    bad = []
    for p in notebooks(ONLY):
        proc = proc_dir/p.name
        proc_text = ''.join(source(c) for c in cells(proc)) if proc.exists() else None
        for i, c in enumerate(cells(p)):
            if c['cell_type'] != 'code': continue
            dirs, rest = directives(source(c))
            kinds = {d.split()[0] for d in dirs if d}
            if not kinds & {'export', 'exports', 'exporti'}: continue
            names = [(k, n) for k, n in DEF.findall('\n'.join(rest)) if not n.startswith('_')]
            if not names: continue
            first = next((l.strip() for l in rest if l.strip()), '')
            if 'exports' in kinds:
                if proc_text is None: bad.append(f'{p.name} cell {i}: no pre-processed page {proc.name} in _proc/'); continue
                for k, n in names:
                    if not re.search(rf'^\s*(?:async\s+)?{k}\s+{n}\b', proc_text, re.M):
                        bad.append(f'{p.name} cell {i}: `{k} {n}` is #| exports but missing from the rendered page')
            elif not first.startswith('# plumbing:'):
                bad.append(f'{p.name} cell {i}: defines public {", ".join(n for _, n in names)} in a hidden #| export cell: '
                           f'use #| exports (shown), or start the code with a "# plumbing: why hidden" comment')
    return bad

def report(title, bad):
    if bad:
        print(f'docs check FAILED: {title} ({len(bad)}):', *bad, sep='\n  ', file=sys.stderr)
    return not bad

def main():
    ok = report('citations', check_citations())
    ok &= report('references to files outside the repository or machine paths', check_outside_references())
    if '--no-proc' not in sys.argv:
        from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
        from nbdev.doclinks import _build_modidx
        from nbdev.serve import proc_nbs
        refresh_quarto_yml()
        _build_modidx()
        nbdev_sidebar.__wrapped__()
        proc_nbs(**({'file_glob': ONLY} if ONLY else {}))
        print('docs pre-processing: OK')
    proc_dir = next((d for d in (ROOT/'_proc', NBS/'_proc') if d.exists()), ROOT/'_proc')
    ok &= report('teaching code must be shown (see .ci/README.md)', check_teaching_code(proc_dir))
    if not ok: sys.exit(1)
    print('docs check: OK (citations, no outside references, teaching code shown)')

if __name__ == '__main__':
    try: main()
    except SystemExit: raise
    except BaseException as e:
        print(f'docs pre-processing FAILED: {type(e).__name__}: {e}', file=sys.stderr)
        sys.exit(1)
