"""``imago eval``: measure a judge (local, or a model with a rubric prompt) on labelled data.

dataset (cases with file:line errors) -> runner (async, bounded, cached, resumable) -> metrics ->
``EvalReport``; ``batch`` sends the cases through the OpenAI Batch API instead (it takes the judge
and the jobs and returns outcomes; the runner records them); ``jobs`` holds the types both share;
``compare`` puts two reports side by side; ``store`` keeps the cache and the run history in the
private SQLite store. It may import judges/, providers/, models, settings and the store, never
cli/ or render/.
"""
