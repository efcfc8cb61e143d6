"""Judges: the local offline rubric and the model rubric, behind one interface.

``base`` (every judge protocol and capability: ``Judge``, ``AsyncJudge``, ``FallbackJudge``
with its ``Breaker``, ``EvalJudge``), ``local`` with its ``lexicon`` (cues by ``CueKind``),
``feedback`` (the words of its coaching) and ``learned`` (the second reader), and ``llm`` (the
model rubric). It may import language/, providers/, prompts, tokens, flags, models, settings and
errors; never dialogue/, transcript/, evaluation/, render/ or cli/.
"""
