"""The checks of scripts/layout.sh: includes, calls, file sizes."""
import collections
import glob
import os
import re
import subprocess
import sys

ROOMS = ['common', 'dict', 'text', 'extract', 'index', 'indexer', 'searcher',
         'research', 'xapian-c', 'api', 'http', 'cli']
MAX_LINES = 600
build = sys.argv[1]
problems = []

files = [f for f in subprocess.check_output(
    ['git', 'ls-files', '*.c', '*.h', '*.cc', '*.hh']).decode().split()
    if f.split('/')[0] in ROOMS + ['tests', 'bench', 'include'] and os.path.exists(f)]

for f in files:
    with open(f, encoding='utf-8') as fh:
        n = sum(1 for _ in fh)
    if n > MAX_LINES:
        problems.append(f'{f}: {n} lines, over {MAX_LINES}: split it by job')

include = re.compile(r'#include "([^"]+)"')
rooms = collections.defaultdict(set)
for f in files:
    room = f.split('/')[0]
    if room not in ROOMS:
        continue
    with open(f, encoding='utf-8') as fh:
        text = fh.read()
    for m in include.finditer(text):
        name = m.group(1)
        here = os.path.join(os.path.dirname(f), name)
        target = os.path.normpath(here if os.path.exists(here) else name)
        other = target.split('/')[0]
        if room in ('searcher', 'research', 'api', 'http') and other == 'indexer':
            problems.append(f'{f} includes {name}: the searcher reads the index '
                            'through index/ only')
        if other in ROOMS and other != room:
            rooms[room].add(other)


def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return out


for comp in cycles(rooms):
    problems.append('rooms include each other in a circle: ' + ' <-> '.join(comp))

objs = glob.glob(os.path.join(build, 'CMakeFiles/zhengce_core.dir/**/*.o'), recursive=True)
if objs:
    defined, undefined = {}, {}
    for o in objs:
        name = o.split('zhengce_core.dir/')[1][:-2]
        if name.startswith(('/', '..')) or not os.path.exists(name):
            continue  # generated sources
        d, u = set(), set()
        for line in subprocess.check_output(['nm', o]).decode().splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in 'TDBR':
                d.add(p[2])
            elif len(p) == 2 and p[0] == 'U':
                u.add(p[1])
        defined[name], undefined[name] = d, u
    owner = {s: f for f, ds in defined.items() for s in ds}
    calls = collections.defaultdict(set)
    for f, us in undefined.items():
        for s in us:
            if s in owner and owner[s] != f:
                calls[f].add(owner[s])
    for comp in cycles(calls):
        problems.append('files call each other in a circle: ' + ' <-> '.join(comp))
else:
    print(f'layout: no objects in {build}: calls not checked', file=sys.stderr)

for p in problems:
    print('layout:', p, file=sys.stderr)
if problems:
    sys.exit(1)
print('layout: rooms, includes, calls and file sizes: ok', file=sys.stderr)
