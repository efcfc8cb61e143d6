"""Model providers. ``openai_chat`` is the only module that imports openai."""
