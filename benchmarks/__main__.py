"""``python -m benchmarks``: run the suite and print the table of medians and ratios."""

from benchmarks.run import main

raise SystemExit(main())
