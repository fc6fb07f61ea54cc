#!/usr/bin/env bash
# Reproduces the quality figures in one run, on the Release build:
#   tools/measure.sh extractive   the validation split, dev2, unseen-1 and replay-questions (fresh questions about this
#                                 case, never tuned on), and the invented cases (never tuned on, except thirdcase)
#   tools/measure.sh model        every replay set of the model path (tests/eval/model-*.jsonl; model-dev is the shared copy)
# Each line: set, then the scorer's figures. Logs per set go to $OUT (default: a new temporary folder, printed first).
# Extractive runs use the in-process `eval` command (the same figures as ../shared/eval/score.py); model runs use
# ../shared/eval/score_model.py against its replay server, three at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-extractive}"
OUT="${OUT:-$(mktemp -d)}"
echo "logs: $OUT" >&2
dotnet build -c Release src/CaseBot.Cli -v q -nologo >&2
CLI=(dotnet src/CaseBot.Cli/bin/Release/net10.0/CaseBot.Cli.dll)

case "$what" in
  extractive)
    figures() { printf '%-12s %s\n' "$1" "$(grep '^accuracy=' "$OUT/$1.txt")"; }
    for set in validation dev2 unseen-1 replay-questions; do
      "${CLI[@]}" eval "tests/eval/$set.jsonl" > "$OUT/$set.txt" 2>> "$OUT/stderr.log"
      figures "$set"
    done
    for c in othercase fourthcase fifthcase sixthcase thirdcase; do
      "${CLI[@]}" eval "tests/$c/questions.jsonl" --articles "tests/$c/articles" --index "$OUT/index-$c" > "$OUT/$c.txt" 2>> "$OUT/stderr.log"
      figures "$c"
    done
    ;;
  model)
    sets=(tests/eval/model-*.jsonl)
    printf '%s\n' "${sets[@]}" | xargs -P 3 -I{} sh -c 'python3 ../shared/eval/score_model.py "$1" "$2" "$3" chat --jsonl > "$4/$(basename "$1" .jsonl).log" 2>&1' _ {} "${CLI[0]}" "${CLI[1]}" "$OUT"
    for set in "${sets[@]}"; do
      name="$(basename "$set" .jsonl)"
      printf '%-16s %s\n' "$name" "$(grep -E '^(accuracy|keptGood|leakedBad|fallback)' "$OUT/$name.log" | tr '\n' ' ')"
    done
    ;;
  *) echo "usage: tools/measure.sh extractive|model" >&2; exit 2 ;;
esac
