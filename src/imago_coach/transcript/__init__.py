"""Transcripts: readers for txt / vtt / srt / json / jsonl, the Imago segmenter, the review; and
recordings: checks and splitting (``audio``), parts joined and speakers named (``transcribe``,
passed its endpoint as a ``Transcriber``).

It may import language/ (content words for the segmenter), judges/ only through ``judges.base``
(the protocol of the judge it is passed, ``coach.Coach``, which holds the fallback and the circuit
breaker), flags, models and errors; never dialogue/, render/ or cli/.
"""
