"""Model providers. ``openai_chat`` (chat) and ``openai_audio`` (transcription) are the only
modules that import openai.

``schema`` turns a pydantic model into a strict JSON schema. They may import models, settings,
tokens and errors only.
"""
