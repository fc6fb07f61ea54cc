#!/usr/bin/env python3
"""Screen a candidate gate feature before building it into CaseBot.

usage: screen_gate.py FEATURES.jsonl [NAME ...]

FEATURES.jsonl is what `tune ... --features FEATURES.jsonl` writes: per tuning turn, the gate's features (held-out),
the held-out ranking and every candidate's features. Each NAME is one of the ranker's feature names; the best
candidate's value of it is added to the gate's features, one NAME at a time. For the gate as it is and for each
addition, this prints:
  - cross-validated (5 folds by case) AUC of answerable against to-abstain turns, and at the threshold that keeps
    held-out false abstentions within 7% (as `tune` does): accuracy, falseAbstain, abstain;
  - AUC when fitted on one corpus and scored on another, both ways, for every pair of corpora in the file. This is the
    figure to trust: a feature that only helps within one corpus has learnt that corpus.
Needs numpy and scikit-learn (Debian: apt-get install python3-sklearn; run with /usr/bin/python3).
"""
import json
import sys
import zlib

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

TARGET_FALSE_ABSTAIN = 0.07


def model():
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=3000))


def matrix(turns, extra):
    rows = []
    for t in turns:
        gate = [v if v is not None else 0.0 for v in t["gate"].values()]
        best = t["candidates"][0]["features"] if t["candidates"] else {}
        rows.append(gate + [best.get(name) or 0.0 for name in extra])
    return np.array(rows, float)


def report(name, turns, x):
    y = np.array([1 if t["answerable"] else 0 for t in turns])
    correct = np.array([1 if t["correct"] else 0 for t in turns])
    groups = np.array([zlib.crc32(":".join(t["id"].split(":")[:3]).encode()) for t in turns])
    corpus = np.array([t["id"].split(":")[0] for t in turns])
    held = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, groups):
        held[test] = model().fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    answerable = y == 1
    threshold = max(t for t in np.linspace(0, 0.95, 96) if np.mean(held[answerable] < t) <= TARGET_FALSE_ABSTAIN)
    line = (f"{name:28s} cv AUC {roc_auc_score(y, held):.3f}  acc {np.mean((held[answerable] >= threshold) & (correct[answerable] == 1)):.3f}"
            f"  falseAbstain {np.mean(held[answerable] < threshold):.3f}  abstain {np.mean(held[~answerable] < threshold):.3f}")
    names = sorted(set(corpus))
    for a in names:
        for b in names:
            if a != b and len(set(y[corpus == b])) == 2:
                fitted = model().fit(x[corpus == a], y[corpus == a])
                line += f"  | {a} -> {b} AUC {roc_auc_score(y[corpus == b], fitted.predict_proba(x[corpus == b])[:, 1]):.3f}"
    print(line)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    turns = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    turns = [t for t in turns if t["answerable"] or t["abstain"]]
    report("gate as it is", turns, matrix(turns, []))
    for name in sys.argv[2:]:
        report("+ best " + name, turns, matrix(turns, [name]))


if __name__ == "__main__":
    main()
