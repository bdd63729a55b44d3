"""Run the README's "Use it" example: the first ```python block after the `## Use it` heading, in a fresh folder."""
import re, sys, tempfile, os, subprocess
from pathlib import Path
txt = (Path(__file__).resolve().parent.parent/'README.md').read_text()
m = re.search(r'^## Use it\n.*?^```python\n(.*?)^```', txt, re.S | re.M)
if not m: sys.exit('README.md has no ```python block under "## Use it"')
code = m.group(1)
n = len(code.strip().splitlines())
if n > 6: sys.exit(f'the "Use it" example has {n} lines; keep it to about five')
with tempfile.TemporaryDirectory() as d:
    r = subprocess.run([sys.executable, '-c', code], cwd=d)
if r.returncode: sys.exit(f'the README "Use it" example failed (exit {r.returncode})')
print(f'README "Use it" example ({n} lines) ran')
