#!/usr/bin/env python3
"""Checks fifthcase/questions.jsonl against fifthcase/articles (standard library only).

For every answerable / conversation turn (and any injection turn that has an expect), each expect alternative must
have ALL its phrases inside at least one of the turn's listed source files, after normalisation (lower case,
curly quotes straightened, commas between digits removed, whitespace collapsed). Also checks the article file
format, the fields, kinds and styles of each case, and prints the counts by kind and style.

Usage: python3 check.py              -> check and print counts
       python3 check.py --sources    -> also list article files that contain an alternative but are not in sources
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ART = os.path.join(HERE, "articles")
QUESTIONS = os.path.join(HERE, "questions.jsonl")

KINDS = {"answerable", "conversation", "unanswerable", "out_of_scope", "injection"}
STYLES = {"paraphrase", "lexical", "typo", "followup", "negative"}
STYLE_FOR_KIND = {
    "answerable": {"paraphrase", "lexical", "typo"},
    "conversation": {"followup"},
    "unanswerable": {"negative"},
    "out_of_scope": {"negative"},
    "injection": {"negative"},
}
NAME_RE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
FIRST_RE = re.compile(r"^ date (\d{4})-(\d{2})-(\d{2}) \S")
ID_RE = re.compile(r"^fc5-\d{3}$")


def norm(s):
    s = s.lower()
    s = s.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"(?<=\d),(?=\d)", "", s)
    return re.sub(r"\s+", " ", s).strip()


def load_articles(problems):
    texts = {}
    for name in sorted(os.listdir(ART)):
        path = os.path.join(ART, name)
        if not NAME_RE.match(name):
            problems.append("article %s: bad file name" % name)
        try:
            raw = open(path, encoding="utf-8").read()
        except UnicodeDecodeError:
            problems.append("article %s: not UTF-8" % name)
            continue
        if not FIRST_RE.match(raw):
            problems.append("article %s: first line must start with ' date YYYY-MM-DD ' and the first paragraph" % name)
        body = raw.strip("\n")
        if "\n\n\n" in body:
            problems.append("article %s: paragraphs must be separated by exactly one blank line" % name)
        for para in body.split("\n\n"):
            if "\n" in para:
                problems.append("article %s: a paragraph spans several lines" % name)
                break
        if re.search(r"^#|\*\*|^- ", raw, re.M):
            problems.append("article %s: looks like markdown" % name)
        words = len(re.sub(r"^ date \S+ ", "", raw).split())
        if not 450 <= words <= 750:
            problems.append("article %s: %d words (want 450-750)" % (name, words))
        texts[name] = norm(raw)
    if len(texts) != 7:
        problems.append("expected 7 articles, found %d" % len(texts))
    return texts


def check_turn(where, kind, turn, texts, problems, notes, want_sources):
    if not isinstance(turn, dict):
        problems.append("%s: turn is not an object" % where)
        return
    allowed = {"text", "expect", "sources", "forbid"}
    for k in turn:
        if k not in allowed:
            problems.append("%s: unknown field %r" % (where, k))
    if not isinstance(turn.get("text"), str) or not turn["text"].strip():
        problems.append("%s: missing text" % where)
    has_expect = "expect" in turn or "sources" in turn
    if kind in ("answerable", "conversation") and not has_expect:
        problems.append("%s: %s turn needs expect and sources" % (where, kind))
    if kind in ("unanswerable", "out_of_scope") and has_expect:
        problems.append("%s: %s turn must not have expect/sources" % (where, kind))
    if kind == "injection":
        forbid = turn.get("forbid")
        if not isinstance(forbid, list) or not forbid:
            problems.append("%s: injection needs a non-empty forbid list" % where)
    if "forbid" in turn:
        forbid = turn["forbid"]
        if not isinstance(forbid, list) or not all(isinstance(f, str) and f.strip() for f in forbid):
            problems.append("%s: forbid must be a list of non-empty strings" % where)
        else:
            for f in forbid:
                if f != f.lower():
                    problems.append("%s: forbid phrase %r is not lowercase" % (where, f))
    if not has_expect:
        return
    expect, sources = turn.get("expect"), turn.get("sources")
    if not isinstance(expect, list) or not expect or not all(
            isinstance(a, list) and a and all(isinstance(p, str) and p.strip() for p in a) for a in expect):
        problems.append("%s: expect must be a non-empty list of non-empty lists of phrases" % where)
        return
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        problems.append("%s: sources must be a non-empty list of file names" % where)
        return
    if len(set(sources)) != len(sources):
        problems.append("%s: duplicate source" % where)
    for s in sources:
        if s not in texts:
            problems.append("%s: source %s does not exist" % (where, s))
    for alt in expect:
        phrases = [norm(p) for p in alt]
        if not any(s in texts and all(p in texts[s] for p in phrases) for s in sources):
            problems.append("%s: no source contains all of %r" % (where, alt))
        for f in turn.get("forbid", []) or []:
            if any(norm(f) in p or p in norm(f) for p in phrases):
                problems.append("%s: forbid phrase %r overlaps expect phrase" % (where, f))
    if want_sources:
        extra = [n for n, t in texts.items() if n not in sources
                 and any(all(norm(p) in t for p in alt) for alt in expect)]
        if extra:
            notes.append("%s: also matched by %s (check whether they state the fact)" % (where, ", ".join(extra)))


def main():
    want_sources = "--sources" in sys.argv
    problems, notes = [], []
    texts = load_articles(problems)
    kinds, styles, pairs = collections.Counter(), collections.Counter(), collections.Counter()
    seen = set()
    turns_total = 0
    with open(QUESTIONS, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        where = "line %d" % n
        if not line.strip():
            problems.append("%s: blank line" % where)
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append("%s: bad JSON (%s)" % (where, e))
            continue
        if not isinstance(case, dict):
            problems.append("%s: not an object" % where)
            continue
        for k in case:
            if k not in ("id", "kind", "style", "turns"):
                problems.append("%s: unknown field %r" % (where, k))
        cid = case.get("id")
        if not isinstance(cid, str) or not ID_RE.match(cid):
            problems.append("%s: bad id %r" % (where, cid))
        elif cid in seen:
            problems.append("%s: duplicate id %s" % (where, cid))
        seen.add(cid)
        where = "%s (%s)" % (where, cid)
        kind, style, turns = case.get("kind"), case.get("style"), case.get("turns")
        if kind not in KINDS:
            problems.append("%s: bad kind %r" % (where, kind))
            continue
        if style not in STYLES:
            problems.append("%s: bad style %r" % (where, style))
        elif style not in STYLE_FOR_KIND[kind]:
            problems.append("%s: style %s does not fit kind %s" % (where, style, kind))
        if not isinstance(turns, list) or not turns:
            problems.append("%s: turns must be a non-empty list" % where)
            continue
        if kind == "conversation" and not 2 <= len(turns) <= 3:
            problems.append("%s: conversation needs 2-3 turns" % where)
        if kind != "conversation" and len(turns) != 1:
            problems.append("%s: %s needs exactly one turn" % (where, kind))
        kinds[kind] += 1
        styles[style] += 1
        pairs[(kind, style)] += 1
        turns_total += len(turns)
        for i, turn in enumerate(turns, 1):
            check_turn("%s turn %d" % (where, i), kind, turn, texts, problems, notes, want_sources)

    print("cases: %d (turns: %d)" % (sum(kinds.values()), turns_total))
    print("by kind:  " + ", ".join("%s=%d" % kv for kv in sorted(kinds.items())))
    print("by style: " + ", ".join("%s=%d" % kv for kv in sorted(styles.items())))
    print("by kind/style: " + ", ".join("%s/%s=%d" % (k, s, c) for (k, s), c in sorted(pairs.items())))
    for note in notes:
        print("note: " + note)
    if problems:
        for p in problems:
            print("PROBLEM: " + p)
        print("%d problem(s)" % len(problems))
        return 1
    print("no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
