#!/usr/bin/env python3
"""Splits the question sets of this folder into tune.jsonl (the ranker is fitted on it) and validation.jsonl
(never read by tuning; the quality figures quoted in the README come from it). The split is by a hash of the
case id, so it is stable when cases are added: about 30% of every source file goes to validation."""
import hashlib, json, os
here = os.path.dirname(os.path.abspath(__file__))
sources = ["dev.jsonl", "dev2.jsonl", "extra.jsonl", "gen-a.jsonl", "gen-b.jsonl", "gen-c.jsonl", "gen-d.jsonl"]
tune, validation = [], []
for name in sources:
    for line in open(os.path.join(here, name), encoding="utf-8"):
        if not line.strip():
            continue
        case = json.loads(line)
        case["id"] = f"{name.split('.')[0]}:{case['id']}"
        case.setdefault("style", "dev")
        bucket = int(hashlib.sha256(case["id"].encode()).hexdigest(), 16) % 100
        (validation if bucket < 30 else tune).append(case)
for name, rows in (("tune.jsonl", tune), ("validation.jsonl", validation)):
    with open(os.path.join(here, name), "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(name, len(rows))
