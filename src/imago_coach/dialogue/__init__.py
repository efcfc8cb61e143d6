"""The Imago Dialogue as a state machine, the simulated partner and rehearsal sessions.

It may import language/ (words, feelings, stems), providers/ (the model partner), the coach,
flags, models, settings, the store and errors; never judges/ internals, transcript/, render/ or
cli/.
"""
