"""``imago eval``: measure a judge (local, or a model with a rubric prompt) on labelled data.

dataset (cases with file:line errors) -> runner (async, bounded, cached, resumable) -> metrics ->
``EvalReport``; ``batch`` sends the cases through the OpenAI Batch API instead; ``compare`` puts two
reports side by side; ``store`` keeps the cache and the run history in the private SQLite store.
"""
