"""nkcase: offline case files for investigators of sanctions evasion.

The core (everything outside :mod:`nkcase.gui`) never imports Qt, so the CLI, the tests and
any later server can use it without a display.
"""

__version__ = "0.1.0"
