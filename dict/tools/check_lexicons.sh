#!/bin/sh
# Check the hand-written lexicons in dict/lexicon/ before they are compiled.
#
#   dict/tools/check_lexicons.sh [LEXICON_DIR [JIEBA_DICT_TXT]]
#
# Defaults: the lexicon directory next to this script and jieba's dict.txt
# from the python3-jieba package. Checks: valid UTF-8, no CR, no trailing
# blanks, tabs only in regions.tsv (where a tab ends the rows without short
# forms), no duplicates within a file; policy.txt entries are
# `word [freq] [tag]` with words of 2-12 characters, each counted as absent
# from jieba's dictionary or present (those present with a frequency of 100
# or more are listed); regions.tsv rows have five fields, a valid level, a
# parent of a higher level, and all 31 mainland provinces are there; every
# synonym group has two words and no word is in two groups; no stop word is
# a policy term. Prints a summary; exits 1 if any check fails.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
lex=${1:-$here/../lexicon}
jieba=${2:-/usr/lib/python3/dist-packages/jieba/dict.txt}
LC_ALL=C
export LC_ALL
status=0

fail() { echo "check_lexicons: $*" >&2; status=1; }

for f in policy.txt regions.tsv stopwords.txt synonyms.txt README.md; do
    p=$lex/$f
    if [ ! -r "$p" ]; then fail "$p: missing"; continue; fi
    iconv -f UTF-8 -t UTF-8 "$p" > /dev/null 2>&1 || fail "$p: not valid UTF-8"
    # In regions.tsv a tab ends the rows whose short_forms field is empty.
    awk -v f="$p" -v tsv="$([ "$f" = regions.tsv ] && echo 1 || echo 0)" '
        function err(m) { if (++bad <= 20) printf "%s:%d: %s\n", f, NR, m }
        /\r/ { err("carriage return") }
        / $/ || (!tsv && /\t$/) { err("trailing blank") }
        !tsv && /\t/ { err("tab") }
        END { exit bad > 0 }' "$p" >&2 || status=1
done
[ "$status" = 0 ] || exit 1

# policy.txt: format, length, duplicates, presence in jieba's dictionary.
awk -v f="$lex/policy.txt" '
    function nchar(s,   t) { t = s; return length(t) - gsub(/[\200-\277]/, "", t) }
    FNR == NR { freq[$1] = $2; next }
    /^#/ || /^$/ { next }
    {
        n = split($0, a, " ")
        if (n > 3 || $0 ~ /  / || (n == 3 && a[2] !~ /^[0-9]+$/) || (n >= 2 && a[n] !~ /^[a-z]+$/ && a[n] !~ /^[0-9]+$/)) {
            printf "%s:%d: expected word [freq] [tag]\n", f, FNR; bad = 1
        }
        c = nchar(a[1])
        if (c < 2 || c > 12) { printf "%s:%d: %s has %d characters\n", f, FNR, a[1], c; bad = 1 }
        if (a[1] in seen) { printf "%s:%d: duplicate %s\n", f, FNR, a[1]; bad = 1 }
        seen[a[1]] = 1; words++
        if (a[1] in freq) {
            present++
            if (freq[a[1]] >= 100) high = high " " a[1] "(" freq[a[1]] ")"
        } else absent++
    }
    END {
        printf "policy.txt: %d entries, %d absent from jieba, %d present", words, absent, present
        printf "%s\n", high == "" ? "" : "; with frequency >= 100:" high
        exit bad
    }' "$jieba" "$lex/policy.txt" || status=1

# regions.tsv: five fields, codes, levels, parents, mainland provinces.
awk -F '\t' -v f="$lex/regions.tsv" '
    /^#/ { next }
    NF != 5 { printf "%s:%d: %d fields\n", f, NR, NF; bad = 1; next }
    $1 !~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/ { printf "%s:%d: bad code\n", f, NR; bad = 1 }
    $2 != "province" && $2 != "city" && $2 != "county" { printf "%s:%d: bad level\n", f, NR; bad = 1 }
    ($2 == "province") != ($4 == "") { printf "%s:%d: parent_code\n", f, NR; bad = 1 }
    $1 in level { printf "%s:%d: duplicate code %s\n", f, NR, $1; bad = 1 }
    { level[$1] = $2; parent[$1] = $4; line[$1] = NR; n[$2]++; if ($5 != "") s++ }
    END {
        rank["province"] = 1; rank["city"] = 2; rank["county"] = 3
        for (k in parent)
            if (parent[k] != "" && (!(parent[k] in level) || rank[level[parent[k]]] >= rank[level[k]])) {
                printf "%s:%d: parent %s is no division of a higher level\n", f, line[k], parent[k]; bad = 1
            }
        m = split("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65", pv, " ")
        for (i = 1; i <= m; i++)
            if (level[pv[i] "0000"] != "province") { printf "%s: province %s0000 missing\n", f, pv[i]; bad = 1 }
        printf "regions.tsv: %d provinces, %d cities, %d counties, %d with short forms\n", n["province"], n["city"], n["county"], s
        exit bad
    }' "$lex/regions.tsv" || status=1

# synonyms.txt: at least two words a group, no word in two groups.
awk -v f="$lex/synonyms.txt" '
    /^#/ || /^$/ { next }
    $0 ~ /  / { printf "%s:%d: double space\n", f, NR; bad = 1 }
    NF < 2 { printf "%s:%d: a group needs two words\n", f, NR; bad = 1 }
    { for (i = 1; i <= NF; i++) {
          if ($i in where) { printf "%s:%d: %s already in line %d\n", f, NR, $i, where[$i]; bad = 1 }
          where[$i] = NR }
      groups++ }
    END { printf "synonyms.txt: %d groups\n", groups; exit bad }' "$lex/synonyms.txt" || status=1

# stopwords.txt: one word a line, no duplicates, no policy term.
awk -v f="$lex/stopwords.txt" '
    FNR == NR { if ($0 !~ /^#/ && NF) policy[$1] = 1; next }
    /^#/ || /^$/ { next }
    NF != 1 { printf "%s:%d: one word a line\n", f, FNR; bad = 1 }
    $1 in seen { printf "%s:%d: duplicate %s\n", f, FNR, $1; bad = 1 }
    $1 in policy { printf "%s:%d: %s is a policy term\n", f, FNR, $1; bad = 1 }
    { seen[$1] = 1; words++ }
    END { printf "stopwords.txt: %d words\n", words; exit bad }' "$lex/policy.txt" "$lex/stopwords.txt" || status=1

exit "$status"
