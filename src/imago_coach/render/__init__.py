"""Renderers: rich terminal output and report writers. The only non-cli code importing rich."""
