#!/usr/bin/env python3
"""Screen a ranker change before building it into CaseBot: derived candidate features, or another L2 strength.

usage: screen_ranker.py DUMPS_DIR

DUMPS_DIR holds one FEATURES.jsonl per question set, as `tune SET --features DIR/NAME.jsonl` writes it (every turn's
candidates with the ranker's features and whether each holds an expected answer; the features do not depend on the
weights). Write them for the tuning sets and for the sets to judge on; another case's with its own articles and no
glossary:

    CLI="dotnet src/CaseBot.Cli/bin/Release/net10.0/CaseBot.Cli.dll"
    for s in tune validation unseen-1 replay-questions; do $CLI tune tests/eval/$s.jsonl --features DIR/$s.jsonl --out /tmp/w.json; done
    for c in thirdcase othercase fourthcase fifthcase sixthcase; do
      CaseBot__GlossaryPath=/tmp/none.txt $CLI tune tests/$c/questions.jsonl --articles tests/$c/articles \\
        --index /tmp/idx-$c --features DIR/$c.jsonl --out /tmp/w.json
    done

It fits the listwise linear ranker as `tune` does (softmax over each turn's candidates, L2 on standardised features) on
tune + thirdcase, and prints top-1 (a gold sentence ranked first, over answerable turns with candidates) on every other
set, for the shipped weights, a refit of the same features, and each variant in VARIANTS, pooled over the four cases
never tuned on in the last column. A variant that gains only on this case's sets has learnt the case. Edit VARIANTS
to try a derived feature. Needs numpy and scipy (Debian: apt-get install python3-sklearn; run with /usr/bin/python3).

Nineteenth session: within-candidate ranks of cosine and coverage, cosine and coverage scaled by how little of the
question the best candidate covers, and within-candidate z-scores, each within half a point of a refit (0.517-0.524
pooled on the four cases against 0.524).
"""
import json
import os
import sys

import numpy as np
from scipy.optimize import minimize

here = os.path.dirname(os.path.abspath(__file__))
shipped_model = json.load(open(os.path.join(here, "..", "..", "src", "CaseBot.Core", "Answering", "Ranking", "ranker.json")))
NAMES = shipped_model["features"]
TRAIN = ["tune", "thirdcase"]
JUDGE = ["validation", "unseen-1", "replay-questions", "othercase", "fourthcase", "fifthcase", "sixthcase"]
NEVER_TUNED = ["othercase", "fourthcase", "fifthcase", "sixthcase"]


def load(folder, name):
    turns = []
    with open(os.path.join(folder, name + ".jsonl"), encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            if not t["answerable"] or not t["candidates"]:
                continue
            x = np.array([[np.nan if c["features"][n] is None else c["features"][n] for n in NAMES] for c in t["candidates"]], float)
            turns.append({"X": x, "y": np.array([c["gold"] for c in t["candidates"]], bool)})
    return turns


def standardise(x, means, scales):
    return np.nan_to_num((x - means) / scales, nan=0.0)  # a feature that cannot be measured counts as average


def top1(turns, score):
    return np.mean([t["y"][int(np.argmax(score(t)))] for t in turns])


def fit(turns, features, l2):
    """The listwise ranker: minimise -log(softmax share of the gold candidates) + l2/2 |w|^2."""
    xs = [features(t) for t in turns if t["y"].any()]
    ys = [t["y"] for t in turns if t["y"].any()]
    stacked = np.vstack(xs)
    means, scales = np.nanmean(stacked, 0), np.nanstd(stacked, 0)
    scales[scales == 0] = 1
    zs = [standardise(x, means, scales) for x in xs]

    def loss(w):
        value, grad = 0.5 * l2 * w @ w, l2 * w
        for z, y in zip(zs, ys):
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            gold = p[y].sum()
            value -= np.log(gold + 1e-12)
            grad += z.T @ (p - np.where(y, p / (gold + 1e-12), 0))
        return value, grad

    w = minimize(loss, np.zeros(stacked.shape[1]), jac=True, method="L-BFGS-B").x
    return lambda t: standardise(features(t), means, scales) @ w


def column(name):
    return NAMES.index(name)


def rank_within(values):
    v = np.nan_to_num(values, nan=-9.0)
    return 1.0 / (1 + (-v).argsort().argsort())


VARIANTS = {
    "ranks within the candidates": lambda t: np.column_stack([t["X"], rank_within(t["X"][:, column("cosine")]), rank_within(t["X"][:, column("coverage")])]),
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    sets = {n: load(folder, n) for n in TRAIN + JUDGE}
    train = [t for n in TRAIN for t in sets[n]]
    means, scales, weights = (np.array(shipped_model[k]) for k in ("means", "scales", "weights"))
    rows = [("shipped weights", lambda t: standardise(t["X"], means, scales) @ weights)]
    rows += [(f"refit l2={l2:g}", fit(train, lambda t: t["X"], l2)) for l2 in (1.0, 10.0)]
    rows += [(f"{name} l2={l2:g}", fit(train, features, l2)) for name, features in VARIANTS.items() for l2 in (1.0, 10.0)]
    print(f"{'top-1':34}" + "".join(f"{n[:10]:>11}" for n in JUDGE) + f"{'4 cases':>11}")
    for name, score in rows:
        figures = [top1(sets[n], score) for n in JUDGE]
        pooled = sum(top1(sets[n], score) * len(sets[n]) for n in NEVER_TUNED) / sum(len(sets[n]) for n in NEVER_TUNED)
        print(f"{name:34}" + "".join(f"{x:11.3f}" for x in figures) + f"{pooled:11.3f}")


if __name__ == "__main__":
    main()
