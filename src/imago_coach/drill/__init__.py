"""Deliberate practice: short drills on one stage and one habit, from a bank of statements."""
