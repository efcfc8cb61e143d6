"""Renderers: rich terminal output and report writers. The only non-cli code importing rich.

They read the core's results (models, flags, doctor, and the reports of dialogue/, transcript/
and evaluation/); nothing in the core imports them.
"""
