"""Offline documentation check: nbdev's pre-processing without Quarto (see TOOLCHAIN.md section 3).

Refreshes _quarto.yml/nbdev.yml, rebuilds the module index and sidebar, and runs nbdev's notebook processors
(`show_doc`, exports, documentation cells) into `_proc/`. Exits non-zero if any documentation cell fails."""
import sys

def main():
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.doclinks import _build_modidx
    from nbdev.serve import proc_nbs
    refresh_quarto_yml()
    _build_modidx()
    nbdev_sidebar.__wrapped__()
    proc_nbs()
    print('docs pre-processing: OK')

if __name__ == '__main__':
    try: main()
    except SystemExit: raise
    except BaseException as e:
        print(f'docs pre-processing FAILED: {type(e).__name__}: {e}', file=sys.stderr)
        sys.exit(1)
