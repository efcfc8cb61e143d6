"""Transcripts: readers for txt / vtt / srt / json / jsonl, the Imago segmenter, the review.

It may import language/ (content words for the segmenter), flags, models and errors; never
judges/, dialogue/, render/ or cli/ (the review gets its judge passed in).
"""
