"""The encoder's forward pass as an ONNX graph, run by ONNX Runtime (``storyline.embed``).

The graph is built from the weights ``Embedder`` already holds (``onnx.helper``), in memory,
the first time a text is encoded: nothing is downloaded and no file is written, and the weight
arrays are handed to the session as they are (``add_external_initializers``), not copied into
the graph. It is the same computation as ``Embedder._numpy_hidden``: the three embeddings
summed and layer-normed, then per layer ONNX Runtime's ``Attention`` (``com.microsoft``: query,
key and value in one product, padding keys masked with the same -1e4), the output product, its
bias and the residual, a layer norm, the intermediate product with ``BiasGelu`` (the exact erf
GELU), the last product, bias, residual and layer norm. The graph ends at the last hidden
states: pooling and normalising stay in ``storyline.embed``, shared by both runtimes.

Why: the numpy pass runs its products at this core's float32 rate already, but its elementwise
work (GELU, layer norms, softmax, a fifth of its time) as a dozen separate passes over memory;
ONNX Runtime does it in fewer, and encoded a run's texts faster on one thread with every vector
within 2e-7 cosine of numpy's (``benchmarks/embed_runtimes.py``, figures in BENCHMARKS.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from storyline.embed import Embedder
    from storyline.embed_int8 import Int8Plan

# Opset of the standard ops (LayerNormalization needs 17) and of ONNX Runtime's contrib ops.
OPSET = 17
MS_DOMAIN = "com.microsoft"
MS_OPSET = 1
# The ONNX file format version written: onnx 1.23 writes 14 by default, which ONNX Runtime 1.31
# cannot read (its newest is 13); the ops used here are all in 13.
IR_VERSION = 10
# The file an external weight names in a graph built without its weights: never read, as the
# session is handed every such array (``add_external_initializers``).
EXTERNAL_PLACEHOLDER = "storyline-weights-in-memory"
# ONNX Runtime's own graph rewrites on top of the fused ops written here, but for one: its
# SkipLayerNormalization (bias, residual and layer norm in one kernel) was slower here than the
# Add, Add and LayerNormalization it replaces (8.6 against 7.9-8.1 CPU s on 1,500 of a run's
# texts, alternating, one thread), so the graph writes those and the fusion is turned off.
GRAPH_OPTIMIZATION = "ORT_ENABLE_ALL"
DISABLED_OPTIMIZERS = ["SkipLayerNormFusion"]
# Constants of at most this many elements (shapes, split sizes, scalars) are written into the
# graph even when the weights are not: ONNX Runtime reads a shape while checking the graph,
# before it is handed the external arrays.
INLINE_MAX_ELEMENTS = 16


class _Graph:
    """Nodes and initializers of the graph being built. ``inline``: the weights are written
    into the graph (a whole model, as a file or ``quantize_dynamic`` wants it); otherwise each
    is a placeholder marked external, and its array is kept in ``arrays`` for the session to
    take as it is (``session``): copying 90 MB of weights into the graph and serialising it
    cost about a second of a cold start."""

    def __init__(self, inline: bool, plan: Int8Plan | None = None) -> None:
        self.inline, self.plan = inline, plan
        self.made: set[str] = set()  # constants and shared nodes already written
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self.arrays: dict[str, np.ndarray] = {}

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import TensorProto, helper, numpy_helper

        if name in self.made:  # a constant several nodes read, written once
            return name
        self.made.add(name)
        value = np.ascontiguousarray(value)
        if self.inline or value.size <= INLINE_MAX_ELEMENTS:
            self.inits.append(numpy_helper.from_array(value, name))
            return name
        tensor = TensorProto(name=name, dims=value.shape)
        tensor.data_type = helper.np_dtype_to_tensor_dtype(value.dtype)
        tensor.data_location = TensorProto.EXTERNAL
        for key, val in (("location", EXTERNAL_PLACEHOLDER), ("length", str(value.nbytes))):
            tensor.external_data.add(key=key, value=val)
        self.inits.append(tensor)
        self.arrays[name] = value
        return name

    def node(self, op: str, inputs: list[str], out: str, ms: bool = False, **attrs: Any) -> str:
        from onnx import helper

        domain = MS_DOMAIN if ms else ""
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, domain=domain, **attrs))
        return out


def _embeddings(g: _Graph, enc: Embedder) -> str:
    """Word + position + token-type embeddings of ``input_ids``, layer-normed: (B, S, H)."""
    word = g.node("Gather", [g.const("word_emb", enc.word_emb), "input_ids"], "word")
    types = g.node("Gather", [g.const("type_emb", enc.type_emb), "token_type_ids"], "types")
    seq = g.node("Shape", ["input_ids"], "seq_len", start=1, end=2)
    zero = g.const("zero", np.zeros(1, dtype=np.int64))
    pos = g.node("Slice", [g.const("pos_emb", enc.pos_emb), zero, seq, zero], "positions")
    summed = g.node("Add", [g.node("Add", [word, types], "word_types"), pos], "emb_sum")
    ln_w, ln_b = g.const("emb_ln_w", enc.emb_ln_w), g.const("emb_ln_b", enc.emb_ln_b)
    return g.node("LayerNormalization", [summed, ln_w, ln_b], "emb", axis=-1, epsilon=enc.eps)


def _attention(g: _Graph, enc: Embedder, i: int, x: str, mask: str, product: Any) -> str:
    """The attention's context (B, S, H): ONNX Runtime's fused ``Attention`` (its float32
    query/key/value product inside), or, where the plan quantises that product, ``product``'s
    query, key and value split for ``MultiHeadAttention`` (the same masking, bias added there)."""
    from onnx import helper

    from storyline.embed import MASK_LOGIT

    p, layer = f"l{i}_", enc.layers[i]
    attrs = {"num_heads": enc.heads, "mask_filter_value": MASK_LOGIT}
    bias = g.const(p + "qkv_b", layer.qkv_b)
    if g.plan is None or not g.plan.quantised(i, "qkv_w"):
        inputs = [x, g.const(p + "qkv_w", layer.qkv_w), bias, mask]
        return g.node("Attention", inputs, p + "ctx", ms=True, **attrs)
    thirds = g.const("qkv_split", np.array([enc.hidden] * 3, dtype=np.int64))
    qkv = [p + n for n in ("q", "k", "v")]
    split = [product(x, "qkv_w", "qkv"), thirds]
    g.nodes.append(helper.make_node("Split", split, qkv, name=p + "qkv_split", axis=-1))
    return g.node("MultiHeadAttention", [*qkv, bias, mask], p + "ctx", ms=True, **attrs)


def _layer(g: _Graph, enc: Embedder, i: int, x: str, mask: str) -> str:
    """One transformer layer on ``x`` (B, S, H); ``mask`` is the int32 (B, S) attention mask."""
    layer, p = enc.layers[i], f"l{i}_"

    def c(name: str) -> str:
        return g.const(p + name, getattr(layer, name))

    def add_norm(out: str, bias: str, x: str, ln: str) -> str:
        """``LayerNorm(out + bias + x)``: a product's bias, the residual, the layer norm."""
        summed = g.node("Add", [g.node("Add", [out, c(bias)], p + bias + "_in"), x], p + ln + "_in")
        ln_w, ln_b = c(ln + "_w"), c(ln + "_b")
        return g.node("LayerNormalization", [summed, ln_w, ln_b], p + ln, axis=-1, epsilon=enc.eps)

    def product(x: str, w: str, out: str) -> str:
        """``x @ w`` (no bias): in int8 where the plan says so, else a float32 ``MatMul``."""
        if g.plan is not None and g.plan.quantised(i, w):
            from storyline.embed_int8 import int8_product

            return int8_product(g, x, g.plan.spec(enc, i, w), p + out)
        return g.node("MatMul", [x, c(w)], p + out)

    ctx = _attention(g, enc, i, x, mask, product)
    x = add_norm(product(ctx, "attn_out_w", "attn"), "attn_out_b", x, "attn_ln")
    inter = g.node("BiasGelu", [product(x, "inter_w", "inter"), c("inter_b")], p + "gelu", ms=True)
    out = product(inter, "out_w", "out")
    return add_norm(out, "out_b", x, "out_ln")


def build_model(
    enc: Embedder, inline: bool = True, plan: Int8Plan | None = None
) -> tuple[Any, dict[str, np.ndarray]]:
    """The encoder's forward pass as an ``onnx.ModelProto``: inputs ``input_ids``,
    ``token_type_ids`` and ``attention_mask`` (int64, batch x tokens), output ``hidden``
    (float32, batch x tokens x hidden), the last layer's states. With ``inline`` false the
    weights stay out of the graph and come back as a dict (name -> array) for ``session``.
    ``plan``: the products run in int8 (``storyline.embed_int8``); without one, all float32."""
    from onnx import TensorProto, helper

    g = _Graph(inline, plan)
    mask = g.node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    x = _embeddings(g, enc)
    for i in range(len(enc.layers)):
        x = _layer(g, enc, i, x, mask)
    g.node("Identity", [x], "hidden")
    dims = ["batch", "tokens"]
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.INT64, dims)
        for n in ("input_ids", "token_type_ids", "attention_mask")
    ]
    out = helper.make_tensor_value_info("hidden", TensorProto.FLOAT, [*dims, enc.hidden])
    graph = helper.make_graph(g.nodes, "minilm", inputs, [out], initializer=g.inits)
    opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid(MS_DOMAIN, MS_OPSET)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="storyline.embed")
    model.ir_version = IR_VERSION
    return model, g.arrays


def session(model: bytes, threads: int | None, values: dict[str, Any] | None = None) -> Any:
    """An ONNX Runtime CPU session of a serialised model, on ``threads`` threads (``None``:
    ONNX Runtime's own choice), with ``values`` (name -> ``OrtValue``) as the weights the graph
    leaves external. Its workers never spin waiting for work, for the reason
    ``storyline.embed.EMBED_THREADS`` gives."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if values:
        opts.add_external_initializers(list(values), list(values.values()))
    opts.intra_op_num_threads = 0 if threads is None else threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = getattr(ort.GraphOptimizationLevel, GRAPH_OPTIMIZATION)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.log_severity_level = 3  # errors only: no notes on the rewrites it applies
    return ort.InferenceSession(
        model,
        sess_options=opts,
        providers=["CPUExecutionProvider"],
        disabled_optimizers=DISABLED_OPTIMIZERS,
    )


class OnnxForward:
    """The encoder's forward pass on ONNX Runtime: the graph of ``build_model`` (with
    ``plan``'s products in int8) over the ``Embedder``'s own weight arrays (kept here, with the
    ``OrtValue`` views the session reads them through, for as long as the session lives)."""

    def __init__(self, enc: Embedder, threads: int | None, plan: Int8Plan | None = None) -> None:
        import onnxruntime as ort

        model, arrays = build_model(enc, inline=False, plan=plan)
        self.arrays = arrays
        self.values = {n: ort.OrtValue.ortvalue_from_numpy(a) for n, a in arrays.items()}
        self.session = session(model.SerializeToString(), threads, self.values)

    def __call__(self, ids: np.ndarray, type_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last hidden states of one padded batch (int64 arrays, batch x tokens)."""
        feeds = {"input_ids": ids, "token_type_ids": type_ids, "attention_mask": mask}
        return np.asarray(self.session.run(["hidden"], feeds)[0])
