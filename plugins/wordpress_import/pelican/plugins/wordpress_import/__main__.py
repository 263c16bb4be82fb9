"""`python -m pelican.plugins.wordpress_import EXPORT.xml --content DIR`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
