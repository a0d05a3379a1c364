"""A multinomial linear model over sparse named features, stored as arrays and JSON.

scikit-learn fits it (`politograph train`); reading it needs only numpy, and
the file holds numbers and words, never pickled code, so a model shipped in
the package loads safely, offline, on any scikit-learn version.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(slots=True)
class LinearModel:
    """Weights per (feature, class), a bias per class, and the softmax temperature fitted on held-out data."""

    classes: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, features: dict[str, float]) -> np.ndarray:
        rows, values = [], []
        for name, value in features.items():
            row = self.vocabulary.get(name)
            if row is not None:
                rows.append(row)
                values.append(value)
        if not rows:
            return self.bias.astype(np.float64)
        return self.bias + np.asarray(values, dtype=np.float32) @ self.weights[rows]

    def probabilities(self, features: dict[str, float]) -> np.ndarray:
        """Class probabilities, softened by the fitted temperature (so 0.8 means right about 4 times in 5)."""
        return self.probabilities_of([features])[0]

    def probabilities_of(self, many: list[dict[str, float]]) -> np.ndarray:
        """`probabilities` of many feature dicts at once, one row each: one gather and one sum for a whole document."""
        vocabulary = self.vocabulary
        rows: list[int] = []
        values: list[float] = []
        starts: list[int] = []
        for features in many:
            starts.append(len(rows))
            for name, value in features.items():
                row = vocabulary.get(name)
                if row is not None:
                    rows.append(row)
                    values.append(value)
        logits = np.tile(self.bias.astype(np.float64), (len(many), 1))
        if rows:
            weighted = self.weights[rows] * np.asarray(values, dtype=np.float32)[:, None]
            bounds = np.asarray(starts)
            filled = bounds < np.append(bounds[1:], len(rows))  # a dict with no known feature keeps the bias alone
            logits[filled] += np.add.reduceat(weighted, bounds[filled], axis=0)
        logits /= self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        """One compressed .npz: the arrays, and the words and settings as JSON."""
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        header = {"classes": self.classes, "features": words, "temperature": self.temperature, "meta": self.meta}
        buffer = io.BytesIO()
        encoded = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
        np.savez_compressed(buffer, weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32), header=encoded)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as arrays:
            header = json.loads(arrays["header"].tobytes().decode())
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
        vocabulary = {word: k for k, word in enumerate(header["features"])}
        return cls(header["classes"], vocabulary, weights, bias, float(header.get("temperature", 1.0)), header.get("meta", {}))
