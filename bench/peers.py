"""The tables of bench/peers.sh, from its index.tsv and search.tsv.

index.tsv:  engine round wall_s cpu_s maxrss_kb bytes
search.tsv: engine round class ms total scan_count
"""
import math
import statistics
import sys
from collections import defaultdict

CLASSES = ["1char", "2char", "3-4", "5-8", "2kw"]
NAMES = {"zhengce": "zhengce --jobs 2", "floor": "floor (Xapian API, 2 jobs)",
         "groonga": "Groonga TokenBigram", "sqlite": "SQLite FTS5 trigram",
         "zhengce-nofacets": "zhengce, no facets"}


def pct(v, p):
    v = sorted(v)
    k = math.ceil(p * len(v))
    return v[max(k, 1) - 1]


def span(v, fmt):
    return f"{fmt.format(statistics.median(v))} ({fmt.format(min(v))}–{fmt.format(max(v))})"


def main(index_path, search_path):
    rows = defaultdict(list)
    for line in open(index_path, encoding="utf-8"):
        e, _r, w, c, m, b = line.rstrip("\n").split("\t")
        rows[e].append((float(w), float(c), int(m) / 1024, int(b) / 1e6))
    print("\nindexing: median (min–max) over the rounds")
    print(f"{'engine':30} {'wall s':>20} {'CPU s':>20} {'peak MB':>10} {'index MB':>9}")
    for e in ["groonga", "sqlite", "zhengce", "floor"]:
        if e not in rows:
            continue
        v = rows[e]
        print(f"{NAMES[e]:30} {span([x[0] for x in v], '{:.1f}'):>20} "
              f"{span([x[1] for x in v], '{:.1f}'):>20} {statistics.median(x[2] for x in v):10.0f} "
              f"{statistics.median(x[3] for x in v):9.1f}")

    ms = defaultdict(list)
    agree = defaultdict(lambda: [0, 0])
    for line in open(search_path, encoding="utf-8"):
        e, _r, cls, t, total, scan = line.rstrip("\n").split("\t")
        ms[(e, cls)].append(float(t))
        a = agree[(e, cls)]
        a[0] += int(total) == int(scan)
        a[1] += 1
    engines = [e for e in ["groonga", "sqlite", "zhengce", "zhengce-nofacets"]
               if any(k[0] == e for k in ms)]
    print("\nsearch latency in ms over every round (exact total + top 10 + snippets);"
          " agree: totals equal to the substring scan's")
    print(f"{'class':6} {'engine':22} {'p50':>8} {'p90':>8} {'p99':>8} {'mean':>8} {'agree':>8}")
    for cls in CLASSES:
        for e in engines:
            v = ms.get((e, cls))
            if not v:
                continue
            a = agree[(e, cls)]
            print(f"{cls:6} {NAMES[e]:22} {pct(v, .5):8.2f} {pct(v, .9):8.2f} {pct(v, .99):8.2f} "
                  f"{statistics.mean(v):8.2f} {100 * a[0] / a[1]:7.1f}%")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
