"""`python -m nfnet_nb`: the `nfnet_nb` command (see nbs/13_cli.ipynb)."""
import sys
from nfnet_nb.cli import main

if __name__ == '__main__': sys.exit(main())
