"""`python plugins/fast_build CONTENT -s SETTINGS -o OUTPUT`: the dev server (devserver.py)."""

import sys
from pathlib import Path

# Run as a folder, this package is not importable until its parent folder
# (plugins/) is on the path, as Pelican puts it there for plugins.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fast_build.devserver import main  # noqa: E402

main()
