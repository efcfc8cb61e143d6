"""Judges: the local offline rubric and the model rubric, behind one interface."""
