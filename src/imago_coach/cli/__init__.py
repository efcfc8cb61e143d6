"""The command line: one module per command, each a thin layer over the core.

``common`` holds the options shared by several commands, the stderr note and the one progress bar.
The commands open the stores with ``with`` and may import anything below them; nothing in the
core imports cli/ (the ``imago`` entry point is ``cli.main:main``).
"""
