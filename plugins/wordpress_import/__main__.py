"""`python -m wordpress_import export.xml` (with plugins/ on the path): see cli.py."""

import sys

from .cli import main

sys.exit(main())
