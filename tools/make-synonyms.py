#!/usr/bin/env python3
"""Writes src/CaseBot.Core/Answering/Verification/synonyms.txt: everyday English words that share their first WordNet
sense (in the same part of speech), for the verifier to accept "reply" where a passage says "answer".

Source: Princeton WordNet 3.0 (Debian package wordnet-base, files in /usr/share/wordnet; WordNet 3.0 licence, which
allows copying and redistribution with its notice, which the file's header carries). Only single words that are also
in the everyday-English word list (english-word-frequencies.txt) are kept, and a pair only when each word is in the
other's first sense: synonyms, never antonyms or merely related words.

Usage: python3 tools/make-synonyms.py   (after: apt-get install wordnet-base)
"""
import collections
import os
import re

WORDNET = "/usr/share/wordnet"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVERYDAY = os.path.join(ROOT, "src/CaseBot.Core/Retrieval/english-word-frequencies.txt")
OUT = os.path.join(ROOT, "src/CaseBot.Core/Answering/Verification/synonyms.txt")
POS = ["noun", "verb", "adj", "adv"]
LICENCE = """
This software and database is being provided to you, the LICENSEE, by Princeton University under the following
license. By obtaining, using and/or copying this software and database, you agree that you have read, understood,
and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and database and its documentation for any purpose and
without fee or royalty is hereby granted, provided that you agree to comply with the following copyright notice and
statements, including the disclaimer, and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES,
EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
WARRANTIES OF MERCHANT-ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE,
DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in advertising or publicity pertaining to distribution
of the software and/or database. Title to copyright in this software, database and any associated documentation shall
at all times remain with Princeton University and LICENSEE agrees to preserve same.
"""

WORD = re.compile(r"[a-z]+")


def main():
    everyday = {line.split()[0] for line in open(EVERYDAY, encoding="utf-8") if not line.startswith("#")}
    synsets = {}
    for pos in POS:
        for line in open(f"{WORDNET}/data.{pos}", encoding="latin-1"):
            if line.startswith("  "):
                continue
            fields = line.split()
            count = int(fields[3], 16)
            synsets[(pos, fields[0])] = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i].lower()) for i in range(count)]
    first = collections.defaultdict(set)  # word -> the words of its first sense in each part of speech
    for pos in POS:
        for line in open(f"{WORDNET}/index.{pos}", encoding="latin-1"):
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, senses, pointers = fields[0], int(fields[2]), int(fields[3])
            offsets = fields[4 + pointers + 2:][-senses:] if senses else []
            if offsets:
                first[lemma].update(w for w in synsets[(pos, offsets[0])] if w != lemma and WORD.fullmatch(w))
    rows = []
    for word in sorted(first):
        if WORD.fullmatch(word) and word in everyday:
            near = sorted(w for w in first[word] if w in everyday and word in first.get(w, ()))
            if near:
                rows.append(f"{word} {' '.join(near)}")
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Everyday English words that share their first WordNet sense: one word, then its synonyms, per line.\n")
        out.write("# Made by tools/make-synonyms.py from WordNet 3.0, under its licence:\n#\n")
        out.write("".join(f"# {line}\n" if line else "#\n" for line in LICENCE.strip().split("\n")))
        out.write("\n".join(rows) + "\n")
    print(f"{len(rows)} words with synonyms written to {OUT}")


if __name__ == "__main__":
    main()
