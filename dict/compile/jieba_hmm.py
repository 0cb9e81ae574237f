#!/usr/bin/env python3
"""jieba's HMM for unknown words, as data the dictionary compiler reads.

jieba ships the tables of its HMM (finalseg/prob_start.py, prob_trans.py,
prob_emit.py) as Python source: each assigns a literal dict to P. This reads
them with Python's own parser (ast.literal_eval: nothing is executed) and
writes one tab-separated text file, a line per number, in the files' order:

    # comment lines start with '#'
    start <TAB> STATE <TAB> LOGP            log P(the first character is in STATE)
    trans <TAB> FROM <TAB> TO <TAB> LOGP    log P(TO follows FROM)
    emit <TAB> STATE <TAB> CHAR <TAB> LOGP  log P(CHAR | STATE)

STATE, FROM and TO are B, M, E or S (begin, middle, end of a word, single);
CHAR is one character; LOGP is a number as Python writes it (repr: the
shortest text that reads back as the same double). Pairs absent from the
tables are absent from the file (zhengce-dictc gives them jieba's
MIN_FLOAT).

    usage: jieba_hmm.py FINALSEG_DIR OUTPUT
"""
import ast
import math
import os
import sys

STATES = "BMES"


class TableError(Exception):
    pass


def read_table(path):
    """The literal assigned to P in the Python file at path."""
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise TableError(f"{path}: cannot read: {e}")
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        raise TableError(f"{path}:{e.lineno}: {e.msg}")
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "P" for t in node.targets
        ):
            for part in ast.walk(node.value):
                if not isinstance(
                    part, (ast.Dict, ast.Constant, ast.UnaryOp, ast.USub, ast.UAdd)
                ):
                    raise TableError(f"{path}:{part.lineno}: not a literal")
            try:
                return ast.literal_eval(node.value)
            except ValueError as e:
                raise TableError(f"{path}:{node.value.lineno}: {e}")
    raise TableError(f"{path}: no assignment to P")


def states_of(path, table, what):
    if not isinstance(table, dict):
        raise TableError(f"{path}: expected a dict of {what}")
    for state in table:
        if not isinstance(state, str) or len(state) != 1 or state not in STATES:
            raise TableError(f"{path}: state {state!r} is not B, M, E or S")
    return table.items()


def number(path, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TableError(f"{path}: {value!r} is not a number")
    value = float(value)
    if not math.isfinite(value):
        raise TableError(f"{path}: {value!r} is not a finite number")
    return repr(value)


def lines(finalseg):
    paths = [os.path.join(finalseg, f"prob_{n}.py") for n in ("start", "trans", "emit")]
    start, trans, emit = (read_table(p) for p in paths)
    for state, logp in states_of(paths[0], start, "states"):
        yield f"start\t{state}\t{number(paths[0], logp)}\n"
    for src, row in states_of(paths[1], trans, "states"):
        for dst, logp in states_of(paths[1], row, "states"):
            yield f"trans\t{src}\t{dst}\t{number(paths[1], logp)}\n"
    n = 0
    for state, row in states_of(paths[2], emit, "states"):
        if not isinstance(row, dict):
            raise TableError(f"{paths[2]}: expected {{state: {{char: logp}}}}")
        for char, logp in row.items():
            if not isinstance(char, str) or len(char) != 1 or char in "\t\n\r":
                raise TableError(f"{paths[2]}: emission key {char!r} is not one character")
            yield f"emit\t{state}\t{char}\t{number(paths[2], logp)}\n"
            n += 1
    if n == 0:
        raise TableError(f"{paths[2]}: no emission probabilities")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: jieba_hmm.py FINALSEG_DIR OUTPUT\n")
        return 2
    finalseg, output = argv[1], argv[2]
    try:
        text = "".join(lines(finalseg))
    except TableError as e:
        sys.stderr.write(f"jieba_hmm.py: {e}\n")
        return 1
    # Written beside the output and renamed, so that a failed run never
    # leaves a half-written table for the compiler.
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# jieba's HMM for unknown words, from " + finalseg + "\n")
        f.write("# written by dict/compile/jieba_hmm.py; format in its docstring\n")
        f.write(text)
    os.replace(tmp, output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
