"""Language tools shared by the judge, the simulated partner and the transcript reader.

``text`` (words, stems, sentences, clauses, perspective swapping), ``feelings`` (the feelings
lexicon), ``stems`` (the Imago sentence stems as patterns) and ``patterns`` (the compiled-pattern
cache behind them). It may import only the standard library, ``models`` and ``settings`` (the
cache's off switch); judges/, dialogue/ and transcript/ import it, never the other way round.
"""
