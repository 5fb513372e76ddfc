"""``python -m nkcase`` runs the command-line interface."""

from nkcase.cli.main import main

raise SystemExit(main())
