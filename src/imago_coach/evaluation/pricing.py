"""The per-model price table: a packaged default, extended by a user file.

The user's ``prices.toml`` (``--prices FILE``, else ``<IMAGO_HOME>/prices.toml`` when present) adds
models or replaces their prices. A model found in no table has an unknown cost (``None``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imago_coach.errors import InputError
from imago_coach.settings import data_dir

DEFAULT_PRICES = Path(__file__).with_name("prices.toml")
_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Price:
    input: float  # USD per million prompt tokens
    output: float  # USD per million completion tokens


@dataclass(frozen=True)
class PriceTable:
    models: dict[str, Price]
    batch_discount: float = 0.5

    def price(self, model: str | None) -> Price | None:
        if model is None:
            return None
        return self.models.get(model) or self.models.get(_DATED.sub("", model))

    def cost(
        self, model: str | None, prompt: int, completion: int, *, batch: bool = False
    ) -> float | None:
        """Estimated USD for the tokens, or None when the model's price is unknown."""
        price = self.price(model)
        if price is None:
            return None
        usd = (prompt * price.input + completion * price.output) / 1_000_000
        return round(usd * (self.batch_discount if batch else 1.0), 6)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"Price table not found: {path}. Check the --prices path.") from None
    except UnicodeDecodeError:
        raise InputError(
            f"{path} is not a TOML text file (it is not UTF-8): pass a price table like "
            "the packaged prices.toml."
        ) from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"Cannot read the price table {path}: {exc}") from None


def _models(data: dict[str, Any], path: Path) -> dict[str, Price]:
    out: dict[str, Price] = {}
    models = data.get("models") or {}
    if not isinstance(models, dict):
        raise InputError(f"{path}: models must be a table of [models.NAME] entries.")
    for name, entry in models.items():
        try:
            out[name] = Price(input=float(entry["input"]), output=float(entry["output"]))
        except (KeyError, TypeError, ValueError):
            raise InputError(
                f"{path}: [models.{name!r}] needs numeric input and output prices "
                "(USD per million tokens)."
            ) from None
    return out


def load_prices(user_file: Path | None = None, home: Path | None = None) -> PriceTable:
    """The packaged table, overlaid with ``user_file`` or ``<home>/prices.toml`` if present."""
    base = _read(DEFAULT_PRICES)
    models = _models(base, DEFAULT_PRICES)
    discount = _discount(base, 0.5, DEFAULT_PRICES)
    candidate = user_file or data_dir(home) / "prices.toml"
    if user_file is not None or candidate.is_file():
        extra = _read(candidate)
        models.update(_models(extra, candidate))
        discount = _discount(extra, discount, candidate)
    return PriceTable(models=models, batch_discount=discount)


def _discount(data: dict[str, Any], default: float, path: Path) -> float:
    value = data.get("batch_discount", default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InputError(f"{path}: batch_discount must be a number from 0 to 1.")
    return float(value)
