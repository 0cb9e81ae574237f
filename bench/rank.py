#!/usr/bin/env python3
"""Question -> passage ranking figures for bench/rank.sh.

  rank.py prepare DATA.json OUTDIR
      OUTDIR/passages.jsonl (one row per passage: title, content),
      OUTDIR/questions.txt (one question per line) and OUTDIR/gold.txt
      (the row of each question's passage, and its half: A or B).
  rank.py score OUTDIR NAME=RESULTS...
      MRR@10 and recall@10 of each system's results (one line per
      question, the rows it found, best first), over all questions and
      over each half.

The halves split the passages, not the questions (even rows A, odd rows
B), so that no passage's questions fall on both sides: parameters chosen
on one half are checked on questions of passages they never saw.
"""
import json
import sys


def prepare(data, out):
    rows = json.load(open(data, encoding="utf-8"))
    with open(f"{out}/passages.jsonl", "w", encoding="utf-8") as p, \
            open(f"{out}/questions.txt", "w", encoding="utf-8") as q, \
            open(f"{out}/gold.txt", "w") as g:
        for i, row in enumerate(rows):
            p.write(json.dumps({"title": row["title"], "content": row["context_text"]},
                               ensure_ascii=False) + "\n")
            for qa in row["qas"]:
                text = " ".join(qa["query_text"].split())
                q.write(text + "\n")
                g.write(f"{i} {'AB'[i % 2]}\n")


def score(out, systems):
    gold = [line.split() for line in open(f"{out}/gold.txt")]
    print(f"{'system':<10} {'half':<5} {'questions':>9} {'MRR@10':>8} {'recall@10':>10}")
    for spec in systems:
        name, path = spec.split("=", 1)
        found = [line.split() for line in open(path)]
        if len(found) != len(gold):
            sys.exit(f"rank.py: {path}: {len(found)} lines for {len(gold)} questions")
        for half in ("all", "A", "B"):
            rr = hit = n = 0
            for (row, h), f in zip(gold, found):
                if half != "all" and h != half:
                    continue
                n += 1
                if row in f[:10]:
                    hit += 1
                    rr += 1.0 / (f.index(row) + 1)
            print(f"{name:<10} {half:<5} {n:>9} {rr / n:>8.4f} {hit / n:>10.4f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
