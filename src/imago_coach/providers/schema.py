"""The JSON schema of a pydantic model in the subset strict structured output accepts.

Shared by the model rubric, the model partner and the batch path; imports no SDK.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import BaseModel

from imago_coach.models import RubricOutput

_UNSUPPORTED_KEYS = {"default", "title", "minimum", "maximum", "minLength", "maxLength", "format"}


@functools.cache
def strict_schema(model: type[BaseModel] = RubricOutput) -> dict[str, Any]:
    """The model's JSON schema in the subset strict structured output accepts (cached; read-only).

    Every property required, no additional properties, no defaults or numeric bounds.
    """
    schema = copy.deepcopy(model.model_json_schema())

    def visit(node: Any, *, names: bool = False) -> None:
        if isinstance(node, list):
            for value in node:
                visit(value)
        elif isinstance(node, dict):
            if not names and "$ref" in node:  # strict mode allows no keywords beside $ref
                for key in [k for k in node if k != "$ref"]:
                    node.pop(key)
            if not names:  # in a "properties" or "$defs" mapping the keys are names, not keywords
                for key in _UNSUPPORTED_KEYS & node.keys():
                    node.pop(key)
                if node.get("type") == "object" and "properties" in node:
                    node["required"] = list(node["properties"])
                    node["additionalProperties"] = False
            for key, value in node.items():
                visit(value, names=not names and key in ("properties", "$defs"))

    visit(schema)
    return schema
