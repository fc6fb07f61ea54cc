#!/usr/bin/env python3
"""Turns the questions of the model path's replay sets (tests/eval/model-*.jsonl) into one extractive question set,
replay-questions.jsonl, for measuring the extractive answers on questions nobody tuned them on.

The replay sets were written by helpers who never saw the code, each from the articles, for the model path; the
extractive ranker and gate never read them. Each replay case has a question and the phrases a right answer holds
(`expect`). An extractive answer quotes the articles, so an alternative is kept only when all its phrases stand in
one sentence of one article (compared as score.py does: case, curly quotes, whitespace and thousands separators
ignored); a case with none left is dropped (the model's answer could paraphrase, a quote cannot). Questions already
in tune.jsonl, validation.jsonl or unseen-1.jsonl, or asked by an earlier replay set, are dropped too.
model-dev.jsonl (the shared development set) is left out.

usage: replay_questions.py [ARTICLES_DIR]   (default: index/articles, run from the repository root)
Prints how many cases were kept and why the others were not.
"""
import glob
import json
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
articles = sys.argv[1] if len(sys.argv) > 1 else "index/articles"


def norm(text):
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", " ", text).strip()


sentences = []  # (file, normalised sentence)
for name in sorted(os.listdir(articles)):
    with open(os.path.join(articles, name), encoding="utf-8") as f:
        for paragraph in f.read().split("\n"):
            for sentence in re.split(r'(?<=[.!?"\u201d\u2019)])\s+(?=[A-Z\u201c"])', paragraph):
                if sentence.strip():
                    sentences.append((name, norm(sentence)))

asked = set()
for name in ("tune.jsonl", "validation.jsonl", "unseen-1.jsonl"):
    with open(os.path.join(here, name), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                asked.update(norm(t["text"]).rstrip(" ?") for t in json.loads(line)["turns"])

rows, counts = [], {"read": 0, "kept": 0, "asked before": 0, "no alternative quotable": 0}
for path in sorted(glob.glob(os.path.join(here, "model-*.jsonl")), key=lambda p: (len(p), p)):
    set_name = os.path.basename(path)[: -len(".jsonl")]
    if set_name == "model-dev":
        continue
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            case = json.loads(line)
            counts["read"] += 1
            key = norm(case["question"]).rstrip(" ?")
            if key in asked:
                counts["asked before"] += 1
                continue
            asked.add(key)
            kept, sources = [], set()
            for alternative in case.get("expect") or []:
                files = {name for name, sentence in sentences if all(norm(p) in sentence for p in alternative)}
                if files:
                    kept.append(alternative)
                    sources |= files
            if not kept:
                counts["no alternative quotable"] += 1
                continue
            counts["kept"] += 1
            rows.append({"id": f"{set_name}:{case['id']}", "kind": "answerable", "style": "replay",
                         "turns": [{"text": case["question"], "expect": kept, "sources": sorted(sources)}]})

with open(os.path.join(here, "replay-questions.jsonl"), "w", encoding="utf-8") as f:
    for row in rows:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(", ".join(f"{k}: {v}" for k, v in counts.items()))
