"""`python -m evals`: run the eval suite (see evals/harness.py)."""

from __future__ import annotations

import sys

from .harness import main

sys.exit(main())
