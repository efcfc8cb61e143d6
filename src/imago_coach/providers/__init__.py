"""Model providers. ``openai_chat`` is the only module that imports openai.

``schema`` turns a pydantic model into a strict JSON schema. They may import models, settings,
tokens and errors only.
"""
