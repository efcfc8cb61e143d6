"""The Imago Dialogue as a state machine, the simulated partner and rehearsal sessions.

``flow`` (the steps and where a session stands), ``steps`` (each step's partner line, judging
and reaction: one row of ``PLAYS``), ``engine`` (the runner of the rows), ``partner`` and
``model_partner`` (the scripted and the model partner), ``session_store`` (sessions as typed
``StoredUtterance`` rows), ``history``, ``progress`` and ``summary`` (what the stored sessions
say). It may import language/ (words, feelings, stems), providers/ (the model partner), the
coach, judges/ only through ``judges.base`` (the protocols), flags, models, settings, the store
and errors; never transcript/, render/ or cli/.
"""
