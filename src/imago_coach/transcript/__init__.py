"""Transcripts: readers for txt / vtt / srt / json / jsonl, the Imago segmenter, the review."""
