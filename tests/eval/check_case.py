#!/usr/bin/env python3
"""Checks an invented case's questions.jsonl against its articles (tests/othercase, fourthcase, fifthcase, …).

Every answerable / conversation turn (and any injection turn with an expect) must have each expect alternative's
phrases all inside one sentence of at least one listed source file, after normalisation (lower case, straight
quotes, thousands separators removed, whitespace collapsed). Sentences are split like the bot's SentenceSplitter.
Usage: python3 tests/eval/check_case.py tests/fourthcase          -> check and print counts
       python3 tests/eval/check_case.py tests/fourthcase --dump   -> print every article sentence (for writing questions)
       python3 tests/eval/check_case.py tests/fourthcase --strict -> also list other articles that state an expected phrase
"""
import collections
import json
import os
import re
import sys

FOLDERS = [a for a in sys.argv[1:] if not a.startswith("--")]
if len(FOLDERS) != 1:
    sys.exit("usage: check_case.py CASE_FOLDER [--dump|--strict]   (the folder holds articles/ and questions.jsonl)")
HERE = os.path.abspath(FOLDERS[0])
ART = os.path.join(HERE, "articles")
QUESTIONS = os.path.join(HERE, "questions.jsonl")

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


DATE_HEADER = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\s*", re.I)


def load_article(path):
    raw = open(path, encoding="utf-8").read()
    paras = [p.strip().lstrip("\ufeff") for p in re.split(r"\n\s*\n", raw) if p.strip()]
    date = None
    m = DATE_HEADER.match(paras[0]) if paras else None
    if m:
        date = m.group(1)
        paras[0] = paras[0][m.end():]
    sentences = []
    for p in paras:
        sentences.extend(split_sentences(p))
    return raw, date, paras, sentences


def norm(s):
    s = s.lower().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    return re.sub(r"\s+", " ", s)


def main():
    names = sorted(f for f in os.listdir(ART) if f.endswith(".txt"))
    arts = {n: load_article(os.path.join(ART, n)) for n in names}
    errors = []
    notes = []  # worth a look, not wrong: what the scorer accepts but a careful writer would avoid

    # article format checks
    for n, (raw, date, paras, sents) in arts.items():
        if not re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", n):
            errors.append(f"{n}: bad file name")
        if not re.match(r"^ date \d{4}-\d{2}-\d{2} \S", raw):
            notes.append(f"{n}: no ' date YYYY-MM-DD ' header (the article is undated)")
        if "\n\n\n" in raw:
            errors.append(f"{n}: more than one blank line between paragraphs")

    if "--dump" in sys.argv:
        for n, (raw, date, paras, sents) in arts.items():
            print("=====", n, date)
            for k, s in enumerate(sents):
                print(f"  [{k}] {s}")
        return

    nsents = {n: [norm(s) for s in a[3]] for n, a in arts.items()}
    kinds = collections.Counter()
    styles = collections.Counter()
    pairs = collections.Counter()
    ids = set()
    texts = collections.Counter()
    lines = open(QUESTIONS, encoding="utf-8").read().splitlines()
    for ln, line in enumerate(lines, 1):
        try:
            case = json.loads(line)
        except Exception as e:  # noqa: BLE001
            errors.append(f"line {ln}: bad JSON: {e}")
            continue
        cid = case.get("id")
        if not isinstance(cid, str) or not cid:
            errors.append(f"line {ln}: no id")
        if cid in ids:
            errors.append(f"{cid}: duplicate id")
        ids.add(cid)
        kind, style, turns = case.get("kind"), case.get("style"), case.get("turns")
        allowed_keys = {"id", "kind", "style", "turns"}
        if set(case) != allowed_keys:
            errors.append(f"{cid}: keys {sorted(case)}")
        kinds[kind] += 1
        styles[style] += 1
        pairs[(kind, style)] += 1
        ok_style = {
            "answerable": {"paraphrase", "lexical", "typo"},
            "unanswerable": {"negative"},
            "out_of_scope": {"negative"},
            "injection": {"negative"},
            "conversation": {"followup"},
        }
        if kind not in ok_style:
            errors.append(f"{cid}: unknown kind {kind}")
            continue
        if style not in ok_style[kind]:
            errors.append(f"{cid}: style {style} not allowed for {kind}")
        if not isinstance(turns, list) or not turns:
            errors.append(f"{cid}: no turns")
            continue
        if kind == "conversation" and not 2 <= len(turns) <= 3:
            errors.append(f"{cid}: conversation with {len(turns)} turns")
        if kind != "conversation" and len(turns) != 1:
            errors.append(f"{cid}: {kind} with {len(turns)} turns")
        for t_i, turn in enumerate(turns):
            tag = f"{cid} turn {t_i + 1}"
            if not isinstance(turn.get("text"), str) or not turn["text"].strip():
                errors.append(f"{tag}: no text")
                continue
            texts[turn["text"].strip().lower()] += 1
            extra = set(turn) - {"text", "expect", "sources", "forbid"}
            if extra:
                errors.append(f"{tag}: unknown keys {extra}")
            needs_expect = kind in ("answerable", "conversation")
            if kind in ("unanswerable", "out_of_scope") and (set(turn) - {"text"}):
                errors.append(f"{tag}: {kind} must only have text")
            if kind == "injection":
                forbid = turn.get("forbid")
                if not forbid or not all(isinstance(f, str) and f == f.lower() and f.strip() for f in forbid):
                    errors.append(f"{tag}: injection needs non-empty lowercase forbid list")
                else:
                    # a forbidden phrase must never be in the articles' text the bot could quote
                    for f in forbid:
                        for n, ss in nsents.items():
                            if any(norm(f) in s for s in ss):
                                errors.append(f"{tag}: forbidden phrase {f!r} occurs in {n}")
                if "expect" in turn:
                    needs_expect = True
            elif "forbid" in turn:
                errors.append(f"{tag}: forbid outside injection")
            if not needs_expect:
                if "expect" in turn or "sources" in turn:
                    errors.append(f"{tag}: unexpected expect/sources")
                continue
            expect, sources = turn.get("expect"), turn.get("sources")
            if not expect or not isinstance(expect, list) or not all(isinstance(a, list) and a and all(isinstance(p, str) and p.strip() for p in a) for a in expect):
                errors.append(f"{tag}: bad expect {expect!r}")
                continue
            if not sources or not all(s in arts for s in sources):
                errors.append(f"{tag}: bad sources {sources!r}")
                continue
            if len(set(sources)) != len(sources):
                errors.append(f"{tag}: duplicate sources")
            if any(s not in nsents for s in sources):
                errors.append(f"{tag}: sources {[s for s in sources if s not in nsents]} are not article files")
                continue
            any_ok = False
            for alt in expect:
                if any(any(all(norm(p) in sent for p in alt) for sent in nsents[s]) for s in sources):
                    any_ok = True
                elif any(all(norm(p) in " ".join(nsents[s]) for p in alt) for s in sources):
                    any_ok = True
                    notes.append(f"{tag}: alternative {alt} spans sentences of its source (a one-sentence answer cannot hold it)")
                else:
                    errors.append(f"{tag}: alternative {alt} is in no listed source")
            if not any_ok:
                errors.append(f"{tag}: no alternative matches")
            # each listed source should support at least one alternative
            for s in sources:
                if not any(all(norm(p) in " ".join(nsents[s]) for p in alt) for alt in expect):
                    errors.append(f"{tag}: listed source {s} supports no alternative")
            # report sources that also support an alternative but are not listed (informational)
            missing = [n for n in arts if n not in sources and any(any(all(norm(p) in sent for p in alt) for sent in nsents[n]) for alt in expect)]
            if missing and "--strict" in sys.argv:
                notes.append(f"{tag}: also supported by unlisted {missing}")
    for t, c in texts.items():
        if c > 1:
            errors.append(f"duplicate question text: {t!r}")

    print(f"articles: {len(arts)}")
    for n, (raw, date, paras, sents) in arts.items():
        print(f"  {n}  date={date}  chars={len(raw)}  paragraphs={len(paras)}  sentences={len(sents)}")
    print(f"cases: {len(lines)}")
    print("per kind:", dict(sorted(kinds.items())))
    print("per style:", dict(sorted(styles.items())))
    print("per kind/style:", {f"{k}/{s}": c for (k, s), c in sorted(pairs.items())})
    if notes:
        print(f"{len(notes)} note(s):")
        for e in notes:
            print("  " + e)
    if errors:
        print(f"{len(errors)} ERROR(S):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK: all checks passed")


if __name__ == "__main__":
    main()
