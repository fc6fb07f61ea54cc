#!/usr/bin/env python3
"""Checks sixthcase/questions.jsonl against sixthcase/articles (python3, standard library only).

Checks:
  * article files: name 000_<16 hex>.txt, first line ' date YYYY-MM-DD ' + text, single blank lines
    between paragraphs, 450-750 words;
  * every line of questions.jsonl parses, has id/kind/style/turns, valid kind and style (and pairing),
    ids are sc6-001, sc6-002, ... in order, no duplicate question texts;
  * answerable / conversation turns (and injection turns that carry expect) have expect + sources;
    unanswerable / out_of_scope turns have neither; injection turns have a lowercase forbid list;
  * every listed source exists, and for every expect alternative at least one listed source contains ALL
    its phrases (lower case, whitespace collapsed, commas between digits removed on both sides);
  * stricter: each alternative is found inside one sentence of some listed source, and every listed source
    supports some alternative (with --strict, also notes unlisted articles where an alternative occurs);
  * forbidden phrases never occur in any article.
Prints counts by kind and style.  Usage: python3 check.py [--strict]   |   python3 check.py --dump (print sentences)
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ART = os.path.join(HERE, "articles")
QUESTIONS = os.path.join(HERE, "questions.jsonl")

# Sentence splitter (same rules as tests/fourthcase/check.py)
ABBREV = set("""mr mrs ms mx dr prof st jr sr gen gov sen rep lt col capt sgt rev hon atty esq supt det insp pres messrs
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
inc corp co ltd llc dept univ assn bros mt ft ave blvd rd vs v cf approx est fig al""".split())
CLOSING = "\"'\u201d\u2019)]\u00bb"
OPENING = "\"'\u201c\u2018([\u00ab"
TERM = ".!?\u2026"
SMALL = {"a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "at", "by", "from", "vs"}


def starts_sentence(c):
    return c.isupper() or c.isdigit() or c in OPENING or c in "$\u00a3\u20ac\u2022#@"


def is_abbrev(text, floor, dot, next_char):
    ws = dot
    while ws > floor and (text[ws - 1].isalpha() or text[ws - 1] == "."):
        ws -= 1
    word = text[ws:dot]
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True
    if "." in word:
        return True
    if word.lower() == "no":
        return next_char.isdigit()
    return word.lower() in ABBREV


def capitalised(w):
    w = w.lstrip("\u201c\"(\u2018'")
    return len(w) > 0 and w[0].isupper()


def ends_title(text, floor, mark):
    words = text[floor:mark].split()
    title = []
    for w in reversed(words):
        if capitalised(w) or w in SMALL:
            title.append(w)
        else:
            break
    return sum(1 for w in title if capitalised(w)) >= 3 and len(title) < len(words)


def split_sentences(text):
    spans = []
    end = len(text)
    ss = 0
    i = 0
    while i < end:
        c = text[i]
        if c not in TERM:
            i += 1
            continue
        j = i + 1
        while j < end and (text[j] in TERM or text[j] in CLOSING):
            j += 1
        if j < end and not text[j].isspace():
            i = j
            continue
        nxt = j
        while nxt < end and text[nxt].isspace():
            nxt += 1
        at_end = nxt >= end
        if not at_end and not starts_sentence(text[nxt]):
            i = j
            continue
        if not at_end and c == "." and j == i + 1 and is_abbrev(text, ss, i, text[nxt] if nxt < end else "\0"):
            i += 1
            continue
        if not at_end and c in "?!" and j == i + 1 and ends_title(text, ss, i):
            i += 1
            continue
        s = text[ss:j].strip()
        if s:
            spans.append(s)
        ss = j
        i = j
    s = text[ss:end].strip()
    if s:
        spans.append(s)
    return spans



def norm(s):
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"(?<=\d),(?=\d)", "", s)
    return re.sub(r"\s+", " ", s).strip()


def load_articles(problems):
    arts = {}
    if not os.path.isdir(ART):
        problems.append("articles folder missing")
        return arts
    for n in sorted(os.listdir(ART)):
        path = os.path.join(ART, n)
        raw = open(path, encoding="utf-8").read()
        if not re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", n):
            problems.append(f"{n}: bad file name")
        m = re.match(r"^ date (\d{4}-\d{2}-\d{2}) (?=\S)", raw)
        if not m:
            problems.append(f"{n}: does not start with ' date YYYY-MM-DD ' followed by text")
        if re.search(r"\n[ \t]*\n[ \t]*\n", raw):
            problems.append(f"{n}: more than one blank line between paragraphs")
        paras = [p.strip() for p in re.split(r"\n[ \t]*\n", raw) if p.strip()]
        for k, p in enumerate(paras):
            if "\n" in p:
                problems.append(f"{n}: paragraph {k + 1} contains a single line break")
            if p.startswith("#") or p.startswith("**"):
                problems.append(f"{n}: markdown-looking paragraph {k + 1}")
        body = raw[m.end():] if m else raw
        words = len(body.split())
        if not 450 <= words <= 750:
            problems.append(f"{n}: {words} words, outside 450-750")
        if m:
            paras[0] = paras[0][len(m.group(0)) - 1:].strip()
        sents = []
        for p in paras:
            sents.extend(split_sentences(p))
        arts[n] = {"raw": raw, "date": m.group(1) if m else None, "words": words,
                   "norm": norm(body), "sents": [norm(s) for s in sents], "rawsents": sents}
    return arts


OK_STYLE = {
    "answerable": {"paraphrase", "lexical", "typo"},
    "conversation": {"followup"},
    "unanswerable": {"negative"},
    "out_of_scope": {"negative"},
    "injection": {"negative"},
}


def in_file(art, alt):
    return all(norm(p) in art["norm"] for p in alt)


def in_sentence(art, alt):
    return any(all(norm(p) in s for p in alt) for s in art["sents"])


def main():
    problems = []
    arts = load_articles(problems)
    if "--dump" in sys.argv:
        for n, a in arts.items():
            print("=====", n, a["date"], a["words"], "words")
            for k, s in enumerate(a["rawsents"]):
                print(f"  [{k}] {s}")
        return
    kinds, styles, pairs = collections.Counter(), collections.Counter(), collections.Counter()
    texts = collections.Counter()
    lines = open(QUESTIONS, encoding="utf-8").read().splitlines()
    n_cases = 0
    for ln, line in enumerate(lines, 1):
        if not line.strip():
            problems.append(f"line {ln}: blank line")
            continue
        try:
            case = json.loads(line)
        except Exception as e:  # noqa: BLE001
            problems.append(f"line {ln}: bad JSON: {e}")
            continue
        n_cases += 1
        cid = case.get("id")
        if cid != f"sc6-{n_cases:03d}":
            problems.append(f"line {ln}: id {cid!r}, expected sc6-{n_cases:03d}")
        if set(case) != {"id", "kind", "style", "turns"}:
            problems.append(f"{cid}: keys {sorted(case)}")
        kind, style, turns = case.get("kind"), case.get("style"), case.get("turns")
        kinds[kind] += 1
        styles[style] += 1
        pairs[(kind, style)] += 1
        if kind not in OK_STYLE:
            problems.append(f"{cid}: unknown kind {kind!r}")
            continue
        if style not in OK_STYLE[kind]:
            problems.append(f"{cid}: style {style!r} not allowed for kind {kind}")
        if not isinstance(turns, list) or not turns:
            problems.append(f"{cid}: no turns")
            continue
        if kind == "conversation" and not 2 <= len(turns) <= 3:
            problems.append(f"{cid}: conversation with {len(turns)} turns")
        if kind != "conversation" and len(turns) != 1:
            problems.append(f"{cid}: {kind} with {len(turns)} turns")
        for t_i, turn in enumerate(turns, 1):
            tag = f"{cid} turn {t_i}"
            if not isinstance(turn, dict):
                problems.append(f"{tag}: not an object")
                continue
            text = turn.get("text")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{tag}: no text")
                continue
            texts[text.strip().lower()] += 1
            extra = set(turn) - {"text", "expect", "sources", "forbid"}
            if extra:
                problems.append(f"{tag}: unknown keys {sorted(extra)}")
            forbid = turn.get("forbid")
            if forbid is not None:
                if not isinstance(forbid, list) or not forbid or not all(isinstance(f, str) and f.strip() and f == f.lower() for f in forbid):
                    problems.append(f"{tag}: forbid must be a non-empty list of lowercase phrases")
                else:
                    for f in forbid:
                        for n, a in arts.items():
                            if norm(f) in a["norm"]:
                                problems.append(f"{tag}: forbidden phrase {f!r} occurs in article {n}")
            if kind == "injection" and not forbid:
                problems.append(f"{tag}: injection needs forbid")
            if kind in ("unanswerable", "out_of_scope"):
                if "expect" in turn or "sources" in turn:
                    problems.append(f"{tag}: {kind} must not have expect/sources")
                continue
            needs = kind in ("answerable", "conversation") or "expect" in turn or "sources" in turn
            if not needs:
                continue
            expect, sources = turn.get("expect"), turn.get("sources")
            if not isinstance(expect, list) or not expect or not all(
                    isinstance(a, list) and a and all(isinstance(p, str) and p.strip() for p in a) for a in expect):
                problems.append(f"{tag}: bad expect {expect!r}")
                continue
            if not isinstance(sources, list) or not sources:
                problems.append(f"{tag}: bad sources {sources!r}")
                continue
            if len(set(sources)) != len(sources):
                problems.append(f"{tag}: duplicate sources")
            missing = [s for s in sources if s not in arts]
            if missing:
                problems.append(f"{tag}: source files do not exist: {missing}")
            listed = [s for s in sources if s in arts]
            for alt in expect:
                if not any(in_file(arts[s], alt) for s in listed):
                    problems.append(f"{tag}: alternative {alt} not found (all phrases) in any listed source")
                elif not any(in_sentence(arts[s], alt) for s in listed):
                    problems.append(f"{tag}: alternative {alt} found in a source but not inside one sentence")
            for s in listed:
                if not any(in_file(arts[s], alt) for alt in expect):
                    problems.append(f"{tag}: listed source {s} supports no alternative")
            unlisted = [n for n in arts if n not in sources and any(in_sentence(arts[n], alt) for alt in expect)]
            if unlisted and "--strict" in sys.argv:
                # informational: a phrase may also occur in an article that does not state this fact
                print(f"note: {tag}: an alternative also occurs in unlisted {unlisted}")
    for t, c in texts.items():
        if c > 1:
            problems.append(f"duplicate question text: {t!r}")

    print(f"articles: {len(arts)}")
    for n, a in arts.items():
        print(f"  {n}  date={a['date']}  words={a['words']}  sentences={len(a['sents'])}")
    print(f"cases: {n_cases}")
    print("by kind:", dict(sorted(kinds.items(), key=lambda kv: str(kv[0]))))
    print("by style:", dict(sorted(styles.items(), key=lambda kv: str(kv[0]))))
    print("by kind/style:", {f"{k}/{s}": c for (k, s), c in sorted(pairs.items(), key=lambda kv: str(kv[0]))})
    if problems:
        print(f"{len(problems)} PROBLEM(S):")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("no problems")


if __name__ == "__main__":
    main()
