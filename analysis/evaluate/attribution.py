"""Accuracy of the attribution and quote detectors against PolNeAR gold annotations.

``framing evaluate attribution GOLD_SPLIT_DIR [--json OUT]`` scores every article in
GOLD_SPLIT_DIR/text with the project's detectors and compares them with the BRAT annotations in
GOLD_SPLIT_DIR/attributions (for an article annotated twice, the first ``.ann`` file in sorted
order). The metrics are defined exactly as in the project's reference scorer
(shared/eval/score_attribution.py; reimplemented here so the project runs without it):

- words: WORD_RE tokens; a token belongs to a span when at least half its characters are in it.
- gold attribution: one per BRAT event; cue = its Cue span (the trigger if none), source = its
  Source span or none, content = the union of its Content spans.
- cue match: predicted and gold cues sharing >= 1 character, paired one to one, greedily by
  overlap size (ties: closer starts first). Cue precision / recall / F1 over all attributions.
- source: on matched pairs, a match when both are none or the source tokens' Jaccard >= 0.5;
  end-to-end source P/R/F1 counts a prediction correct only when cue AND source match.
- content: token F1 of the content spans per matched pair, averaged (both none = 1, one none = 0).
- density: attributions per 100 words per article; Spearman (average ranks for ties) and MAE.
- gold quotes: the parts of gold Content spans between matching double quotation marks
  (``analysis.text.quotemarks.quote_regions``, the same pairing rules as the scorer).
- quote share: words in direct quotes / words per article; MAE and Spearman; token P/R/F1.
- speaker accuracy: among predicted direct quotes sharing a word with a gold quote, the share
  whose speaker shares a character with the Source of the gold attribution owning most of that
  overlap (gold source none: the speaker must be none).

``evaluate(split_dir)`` returns the metrics plus breakdowns by source type and by cue, and
examples of the most common errors (for the validation notebook).
"""
from __future__ import annotations

import argparse
import bisect
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict

from ..text.document import WORD_RE, make_document
from ..text.quotemarks import quote_regions
from .stats import fold_spread, spearman

T_RE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
E_RE = re.compile(r"^(E\d+)\t(.*)$")
ANN_RE = re.compile(r"^(?P<stem>.+)_(?P<ann>[0-9A-Za-z]{4})\.ann$")


# ----------------------------------------------------------------------------- spans

def norm_segments(segs):
    segs = sorted((int(a), int(b)) for a, b in segs if int(b) > int(a))
    out = []
    for a, b in segs:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def char_overlap(s1, s2):
    if not s1 or not s2:
        return 0
    tot = i = j = 0
    while i < len(s1) and j < len(s2):
        a, b = s1[i]
        c, d = s2[j]
        tot += max(0, min(b, d) - max(a, c))
        if b < d:
            i += 1
        else:
            j += 1
    return tot


def intersect(s1, s2):
    out, i, j = [], 0, 0
    while i < len(s1) and j < len(s2):
        a, b = s1[i]
        c, d = s2[j]
        lo, hi = max(a, c), min(b, d)
        if lo < hi:
            out.append((lo, hi))
        if b < d:
            i += 1
        else:
            j += 1
    return out


class Tokens:
    def __init__(self, text):
        self.spans = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
        self.starts = [s for s, _ in self.spans]
        self.ends = [e for _, e in self.spans]

    def __len__(self):
        return len(self.spans)

    def in_span(self, segs):
        out = set()
        for a, b in segs or ():
            i = bisect.bisect_right(self.ends, a)
            while i < len(self.spans) and self.starts[i] < b:
                s, e = self.spans[i]
                if 2 * (min(e, b) - max(s, a)) >= (e - s):
                    out.add(i)
                i += 1
        return out


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def set_f1(a, b):
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b) if (a | b) else 0.0


# ----------------------------------------------------------------------------- gold

def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def parse_ann(ann_text):
    spans, events = {}, []
    for line in re.split(r"\r?\n", ann_text):
        m = T_RE.match(line)
        if m:
            segs = norm_segments(tuple(map(int, part.split())) for part in m.group(3).split(";"))
            spans[m.group(1)] = (m.group(2), segs)
            continue
        m = E_RE.match(line)
        if m:
            events.append((m.group(1), [tuple(a.split(":", 1)) for a in m.group(2).split() if ":" in a]))
    out = []
    for eid, args in events:
        cue = src = trig = None
        content = []
        for role, tid in args:
            if tid not in spans:
                continue
            _, segs = spans[tid]
            base = re.sub(r"\d+$", "", role)
            if base.startswith("Attribution"):
                trig = segs
            elif base == "Cue":
                cue = (cue or []) + segs
            elif base == "Source":
                src = (src or []) + segs
            elif base == "Content":
                content += segs
        cue = norm_segments(cue) if cue else (trig or None)
        if not cue:
            continue
        out.append({"id": eid, "cue": cue, "source": norm_segments(src) if src else None,
                    "content": norm_segments(content) if content else None})
    return out


def gold_files(split_dir):
    anns = {}
    for p in sorted(glob.glob(os.path.join(split_dir, "attributions", "*.ann"))):
        m = ANN_RE.match(os.path.basename(p))
        if m:
            anns.setdefault(m.group("stem"), p)
    return {os.path.basename(p)[:-4]: (p, anns.get(os.path.basename(p)[:-4]))
            for p in sorted(glob.glob(os.path.join(split_dir, "text", "*.txt")))}


class GoldDoc:
    def __init__(self, stem, text, attrs):
        self.id, self.text, self.attrs = stem, text, attrs
        self.tok = Tokens(text)
        self.n_words = len(self.tok)
        qr = norm_segments(quote_regions(text))
        self.gq = []
        for i, a in enumerate(attrs):
            if a["content"]:
                inter = intersect(a["content"], qr)
                if inter:
                    self.gq.append((inter, i))
        self.gq_tokens, self.gq_tok_owner = set(), {}
        for segs, i in self.gq:
            for t in self.tok.in_span(segs):
                self.gq_tokens.add(t)
                self.gq_tok_owner.setdefault(t, i)


def load_gold(split_dir):
    return {stem: GoldDoc(stem, _read(tp), parse_ann(_read(ap)) if ap else [])
            for stem, (tp, ap) in gold_files(split_dir).items()}


# ----------------------------------------------------------------------------- predictions

def _segs(span):
    if span is None or span.end <= span.start:
        return None
    return [(span.start, span.end)]


def predict(doc_id: str, text: str):
    """The detectors' output for one text, in the scorer's terms, plus the objects themselves."""
    from ..pipeline import analyze
    analysis = analyze(make_document(text, id=doc_id))
    attrs = [{"cue": _segs(a.cue), "source": _segs(a.source), "content": _segs(a.content), "obj": a}
             for a in analysis.attributions if _segs(a.cue)]
    quotes = [{"segs": _segs(q.span), "kind": q.kind, "speaker": _segs(q.speaker), "obj": q}
              for q in analysis.quotes if _segs(q.span)]
    return {"attrs": attrs, "quotes": quotes}


# ----------------------------------------------------------------------------- scoring

def match_cues(gold_attrs, pred_attrs):
    pairs = []
    for gi, g in enumerate(gold_attrs):
        for pi, p in enumerate(pred_attrs):
            ov = char_overlap(g["cue"], p["cue"])
            if ov > 0:
                pairs.append((-ov, abs(g["cue"][0][0] - p["cue"][0][0]), gi, pi))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for _, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _txt(text, segs):
    return " ".join(text[a:b] for a, b in segs or ()) if segs else None


def _cue_key(text, segs):
    return " ".join(_txt(text, segs).lower().split())


def score(gold, preds, details=False):
    """The reference scorer's metrics (and, with ``details``, breakdowns and error examples;
    ``details="all"`` keeps every error example under ``examples_all``)."""
    n_gold = n_pred = n_match = src_match = src_overlap = 0
    content_f1 = []
    dens_g, dens_p, share_g, share_p = [], [], [], []
    q_tp = q_pred = q_gold = spk_n = spk_ok = 0
    by_type = defaultdict(lambda: Counter())
    by_cue = defaultdict(lambda: Counter())
    errors = defaultdict(list)
    for stem in sorted(gold):
        g = gold[stem]
        p = preds.get(stem) or {"attrs": [], "quotes": []}
        tok, ga, pa, text = g.tok, g.attrs, p["attrs"], g.text
        n_gold += len(ga)
        n_pred += len(pa)
        matches = match_cues(ga, pa)
        for gi, pi in matches:
            n_match += 1
            gs, ps = ga[gi]["source"], pa[pi]["source"]
            ok = False
            if gs is None and ps is None:
                src_overlap += 1
                ok = True
            elif gs is not None and ps is not None:
                src_overlap += char_overlap(gs, ps) > 0
                gt, pt = tok.in_span(gs), tok.in_span(ps)
                if not gt and not pt:
                    ok = char_overlap(gs, ps) * 2 >= max(sum(b - a for a, b in gs), 1)
                else:
                    ok = jaccard(gt, pt) >= 0.5
            src_match += ok
            gc, pc = ga[gi]["content"], pa[pi]["content"]
            if gc is None and pc is None:
                cf = 1.0
            elif gc is None or pc is None:
                cf = 0.0
            else:
                cf = set_f1(tok.in_span(gc), tok.in_span(pc))
            content_f1.append(cf)
            if details:
                obj = pa[pi].get("obj")
                st = obj.source_type if obj is not None else "unknown"
                by_type[st]["matched"] += 1
                by_type[st]["source_ok"] += ok
                by_type[st]["content_f1_sum"] += cf
                lem = obj.cue_lemma if obj is not None else _cue_key(text, pa[pi]["cue"])
                by_cue[lem]["tp"] += 1
                if not ok:
                    errors["wrong source"].append({"id": stem, "cue": _txt(text, ga[gi]["cue"]),
                                                   "context": _context(text, ga[gi]["cue"], 100),
                                                   "gold": _txt(text, gs), "predicted": _txt(text, ps)})
                if cf < 0.5:
                    errors["content mostly wrong"].append({"id": stem, "cue": _txt(text, ga[gi]["cue"]),
                                                           "context": _context(text, ga[gi]["cue"], 100),
                                                           "gold": _txt(text, gc), "predicted": _txt(text, pc)})
        if details:
            mg = {gi for gi, _ in matches}
            mp = {pi for _, pi in matches}
            for pi, a in enumerate(pa):
                obj = a.get("obj")
                lem = obj.cue_lemma if obj is not None else _cue_key(text, a["cue"])
                by_cue[lem]["pred"] += 1
                if obj is not None:
                    by_type[obj.source_type]["pred"] += 1
                if pi not in mp:
                    errors["cue not in gold (false positive)"].append(
                        {"id": stem, "cue": _txt(text, a["cue"]), "context": _context(text, a["cue"])})
            for gi, a in enumerate(ga):
                if gi not in mg:
                    key = _cue_key(text, a["cue"])
                    by_cue[key]["missed"] += 1
                    errors["missed gold cue (false negative)"].append(
                        {"id": stem, "cue": _txt(text, a["cue"]), "context": _context(text, a["cue"])})
        w = max(g.n_words, 1)
        dens_g.append(100.0 * len(ga) / w)
        dens_p.append(100.0 * len(pa) / w)
        ptoks = set()
        for q in p["quotes"]:
            if q["kind"] != "direct":
                continue
            qt = tok.in_span(q["segs"])
            ptoks |= qt
            shared = qt & g.gq_tokens
            if shared:
                spk_n += 1
                owners = Counter(g.gq_tok_owner[t] for t in shared)
                owner = max(sorted(owners), key=lambda o: owners[o])
                gsrc = ga[owner]["source"]
                if gsrc is None:
                    good = q["speaker"] is None
                else:
                    good = q["speaker"] is not None and char_overlap(gsrc, q["speaker"]) > 0
                spk_ok += good
                if details and not good:
                    errors["wrong speaker"].append({"id": stem, "quote": _txt(text, q["segs"])[:120],
                                                    "context": _context(text, q["segs"], 150),
                                                    "gold": _txt(text, gsrc), "predicted": _txt(text, q["speaker"])})
        q_tp += len(ptoks & g.gq_tokens)
        q_pred += len(ptoks)
        q_gold += len(g.gq_tokens)
        share_g.append(len(g.gq_tokens) / w)
        share_p.append(len(ptoks) / w)

    cp, cr, cf = prf(n_match, n_pred, n_gold)
    sp_, sr, sf = prf(src_match, n_pred, n_gold)
    qp, qr, qf = prf(q_tp, q_pred, q_gold)
    n_art = len(gold)

    def mae(xs, ys):
        return sum(abs(a - b) for a, b in zip(xs, ys)) / len(xs) if xs else None

    res = {
        "articles": n_art,
        "gold_attributions": n_gold,
        "pred_attributions": n_pred,
        "cue": {"tp": n_match, "precision": cp, "recall": cr, "f1": cf},
        "source": {"overlap_rate_on_matched": src_overlap / n_match if n_match else None,
                   "match_rate_on_matched": src_match / n_match if n_match else None,
                   "e2e_tp": src_match, "precision": sp_, "recall": sr, "f1": sf},
        "content": {"mean_token_f1_on_matched": sum(content_f1) / len(content_f1) if content_f1 else None},
        "density": {"spearman": spearman(dens_p, dens_g), "mae_per_100_words": mae(dens_p, dens_g),
                    "gold_mean_per_100_words": sum(dens_g) / n_art if n_art else None,
                    "pred_mean_per_100_words": sum(dens_p) / n_art if n_art else None},
        "quote_share": {"mae": mae(share_p, share_g), "spearman": spearman(share_p, share_g),
                        "gold_mean": sum(share_g) / n_art if n_art else None,
                        "pred_mean": sum(share_p) / n_art if n_art else None},
        "quote_tokens": {"tp": q_tp, "pred": q_pred, "gold": q_gold, "precision": qp, "recall": qr, "f1": qf},
        "speaker": {"n": spk_n, "correct": spk_ok, "accuracy": spk_ok / spk_n if spk_n else None},
    }
    if details:
        res["by_source_type"] = {
            t: {"predicted": c["pred"], "matched": c["matched"],
                "source_match_rate": c["source_ok"] / c["matched"] if c["matched"] else None,
                "content_f1": c["content_f1_sum"] / c["matched"] if c["matched"] else None}
            for t, c in sorted(by_type.items())}
        res["by_cue"] = {
            k: {"predicted": c["pred"], "correct": c["tp"], "missed": c["missed"],
                "precision": c["tp"] / c["pred"] if c["pred"] else None}
            for k, c in sorted(by_cue.items(), key=lambda kv: -(kv[1]["pred"] + kv[1]["missed"]))[:40]}
        res["errors"] = {k: {"count": len(v), "examples": v[:10], **({"examples_all": v} if details == "all" else {}),
                             "most_common": Counter(e.get("cue", e.get("predicted")) or "" for e in v).most_common(10)}
                         for k, v in errors.items()}
    return res


def _context(text, segs, width=60):
    a, b = segs[0][0], segs[-1][1]
    left = text[max(0, a - width):a].replace("\n", " ")
    right = text[b:b + width].replace("\n", " ")
    return f"{left}[{text[a:b]}]{right}"


def evaluate(split_dir, folds: int | None = None) -> dict:
    """Score the detectors on every article of a PolNeAR-style split (text/ + attributions/).

    Returns the reference scorer's metrics, ``by_source_type``, ``by_cue`` and ``errors`` (the
    most common error kinds with examples); with ``folds`` (k >= 2) also ``folds``: the headline
    metrics on each of k folds of the articles (``fold_figures``)."""
    if not os.path.isdir(os.path.join(split_dir, "text")):
        raise FileNotFoundError(f"{split_dir}: no text/ folder (expected a PolNeAR split with text/ and attributions/)")
    gold = load_gold(split_dir)
    preds = {stem: predict(stem, g.text) for stem, g in gold.items()}
    res = score(gold, preds, details=True)
    if folds:
        res["folds"] = fold_figures(gold, preds, folds)
    return res


#: the figures ``fold_figures`` reports, as (name, path into ``score``'s result)
FOLD_METRICS = (("cue_f1", ("cue", "f1")), ("source_f1", ("source", "f1")),
                ("speaker_accuracy", ("speaker", "accuracy")), ("density_spearman", ("density", "spearman")),
                ("content_f1", ("content", "mean_token_f1_on_matched")), ("quote_share_mae", ("quote_share", "mae")))


def fold_figures(gold, preds, k: int) -> dict:
    """The headline metrics (``FOLD_METRICS``) on each of ``k`` folds of the articles, with their
    mean and standard deviation (``stats.fold_spread``). The detectors are rules and a cue model
    trained once: the folds measure how much a figure moves between samples, they retrain nothing."""
    def on(stems):
        r = score({s: gold[s] for s in stems}, preds)
        return {name: r[a][b] for name, (a, b) in FOLD_METRICS}
    return fold_spread(sorted(gold), k, on, [name for name, _ in FOLD_METRICS])


def _f(x, nd=3):
    return "n/a" if x is None else (f"{x:.{nd}f}" if isinstance(x, float) else str(x))


def table(r) -> str:
    rows = [
        ("articles", r["articles"]),
        ("attributions gold / predicted", f'{r["gold_attributions"]} / {r["pred_attributions"]}'),
        ("cue P / R / F1", f'{_f(r["cue"]["precision"])} / {_f(r["cue"]["recall"])} / {_f(r["cue"]["f1"])}'),
        ("source match rate on matched", _f(r["source"]["match_rate_on_matched"])),
        ("source end-to-end P / R / F1",
         f'{_f(r["source"]["precision"])} / {_f(r["source"]["recall"])} / {_f(r["source"]["f1"])}'),
        ("content token F1 (matched pairs)", _f(r["content"]["mean_token_f1_on_matched"])),
        ("density Spearman / MAE per 100 words",
         f'{_f(r["density"]["spearman"])} / {_f(r["density"]["mae_per_100_words"])}'),
        ("quote share MAE / Spearman", f'{_f(r["quote_share"]["mae"], 4)} / {_f(r["quote_share"]["spearman"])}'),
        ("quote tokens P / R / F1", f'{_f(r["quote_tokens"]["precision"])} / {_f(r["quote_tokens"]["recall"])} / '
                                    f'{_f(r["quote_tokens"]["f1"])}'),
        ("speaker accuracy (n)", f'{_f(r["speaker"]["accuracy"])} ({r["speaker"]["n"]})'),
    ]
    if "folds" in r:
        fo = r["folds"]
        rows += [(f'{fo["k"]}-fold {name.replace("_", " ")} mean ± sd',
                  f'{_f(fo[name]["mean"], 4 if name == "quote_share_mae" else 3)} ± '
                  f'{_f(fo[name]["sd"], 4 if name == "quote_share_mae" else 3)}') for name, _ in FOLD_METRICS]
    w = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="framing evaluate attribution",
                                 description="Score the attribution and quote detectors against PolNeAR gold.")
    ap.add_argument("gold", help="a PolNeAR split folder holding text/ and attributions/")
    ap.add_argument("--json", metavar="OUT", help="also write every metric (and breakdowns) as JSON to OUT")
    ap.add_argument("--folds", type=int, metavar="K",
                    help="also report the headline figures on each of K folds of the articles (mean ± sd)")
    a = ap.parse_args(argv)
    if a.folds is not None and a.folds < 2:
        ap.error("--folds: K must be at least 2")
    try:
        res = evaluate(a.gold, folds=a.folds)
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not res["articles"]:
        print(f"error: {a.gold}: no articles in text/", file=sys.stderr)
        return 2
    print(table(res))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1, sort_keys=True, ensure_ascii=False)
        print(f"metrics written to {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
