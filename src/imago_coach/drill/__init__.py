"""Deliberate practice: short drills on one stage and one habit, from a bank of statements.

``bank`` (the hand-written statements in ``bank/*.toml`` and the mistakes each tempts),
``schedule`` (which items a drill presents: the Leitner box, then the focus), ``store`` (runs,
items and the box in the private store), ``session`` (one drill: ask, save, judge, feedback),
``coaching`` (the drill's words) and ``result`` (the ``imago drill --json`` contract). It may
import practice/ (the judged answers, for the focus), judges/ only through a judge passed in
(``coach.Coach``), flags, models, the store and errors; never dialogue/, transcript/, render/ or
cli/.
"""
