"""`python -m dashboard export --out DIR`: see dashboard.export."""

import sys

from dashboard.export import main

sys.exit(main())
