/*
 * The peer benchmark's queries (bench/peers.sh): drawn from the `content`
 * of a JSONL collection with a fixed seed, in five classes, each with the
 * number of rows whose content holds it, found by a plain substring scan
 * (memmem) of the same strings the engines index: the exact count every
 * engine is checked against.
 *
 *   1char  one Han character          2char  two adjacent Han characters
 *   3-4    a run of 3-4 Han chars     5-8    a run of 5-8 Han characters
 *   2kw    two words of 2-4 Han characters the segmenter cut from one
 *          item (bench/query_mix.c), joined by a blank: rows holding both
 *
 * usage: zc-bench-peer-queries JSONL DICT PER_CLASS SEED > queries.tsv
 * output: class TAB query TAB scan count, one query a line.
 */

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "query_mix.h"

typedef struct row {
    char *s;
    size_t len;
} row;

static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The content of every row of path (rows without one: empty). */
static row *load_rows(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1024;
    row *v = malloc(cap * sizeof *v);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t got;
    *n = 0;
    while (v && (got = getline(&line, &lcap, f)) > 0) {
        json_t *j = json_loadb(line, (size_t)got, 0, NULL);
        json_t *c = json_object_get(j, "content");
        const char *s = json_string_value(c);
        size_t len = s ? json_string_length(c) : 0;
        if (*n == cap) {
            row *g = realloc(v, (cap *= 2) * sizeof *v);
            if (!g) {
                free(v);
                v = NULL;
                json_decref(j);
                break;
            }
            v = g;
        }
        v[*n].s = malloc(len + 1);
        if (v[*n].s) {
            memcpy(v[*n].s, s ? s : "", len);
            v[*n].s[len] = '\0';
        }
        v[(*n)++].len = len;
        json_decref(j);
    }
    free(line);
    fclose(f);
    return v;
}

/* A run of k Han characters at a random place of a random row, into out;
 * 0 when the place chosen has none. */
static int pick_run(const row *rows, size_t n, size_t k, uint64_t *rng, char *out, size_t cap)
{
    const row *r = &rows[next_rand(rng) % n];
    if (!r->len || !r->s)
        return 0;
    size_t at = zc_utf8_align(r->s, r->len, next_rand(rng) % r->len), end = at;
    for (size_t i = 0; i < k; i++) {
        uint32_t cp;
        size_t l = end < r->len ? zc_utf8_decode(r->s + end, r->len - end, &cp) : 0;
        if (!l || !zc_is_han(cp))
            return 0;
        end += l;
    }
    if (end - at + 1 > cap)
        return 0;
    memcpy(out, r->s + at, end - at);
    out[end - at] = '\0';
    return 1;
}

/* Rows whose content holds every blank-separated part of q. */
static size_t scan(const row *rows, size_t n, const char *q)
{
    char parts[2][64];
    size_t np = 0;
    for (const char *p = q; *p && np < 2;) {
        size_t l = strcspn(p, " ");
        if (l && l < sizeof parts[0]) {
            memcpy(parts[np], p, l);
            parts[np++][l] = '\0';
        }
        p += l + (p[l] == ' ');
    }
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < np && rows[i].s && memmem(rows[i].s, rows[i].len, parts[k], strlen(parts[k])))
            k++;
        hits += np && k == np;
    }
    return hits;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: zc-bench-peer-queries JSONL DICT PER_CLASS SEED\n");
        return 2;
    }
    size_t per = strtoul(argv[3], NULL, 10), n = 0;
    uint64_t seed = strtoull(argv[4], NULL, 10), rng = seed;
    row *rows = load_rows(argv[1], &n);
    if (!rows || !n) {
        fprintf(stderr, "zc-bench-peer-queries: %s: cannot read rows\n", argv[1]);
        return 2;
    }
    static const struct {
        const char *name;
        size_t lo, hi;
    } runs[] = {{"1char", 1, 1}, {"2char", 2, 2}, {"3-4", 3, 4}, {"5-8", 5, 8}};
    for (size_t c = 0; c < 4; c++) {
        for (size_t got = 0, tries = 0; got < per && tries < 1000 * per; tries++) {
            char q[64];
            size_t k = runs[c].lo + next_rand(&rng) % (runs[c].hi - runs[c].lo + 1);
            if (!pick_run(rows, n, k, &rng, q, sizeof q))
                continue;
            printf("%s\t%s\t%zu\n", runs[c].name, q, scan(rows, n, q));
            got++;
        }
    }
    /* Two keywords: the 2-keyword queries of the search benchmark's mix. */
    zc_qmix mix;
    zc_error err;
    if (zc_qmix_make(argv[1], argv[2], 4 * per, seed, &mix, &err)) {
        fprintf(stderr, "zc-bench-peer-queries: %s\n", err.message);
        return 2;
    }
    for (size_t i = 0; i < mix.n; i++)
        if (mix.q[i].cls == ZC_QMIX_KW2)
            printf("2kw\t%s\t%zu\n", mix.q[i].text, scan(rows, n, mix.q[i].text));
    zc_qmix_free(&mix);
    for (size_t i = 0; i < n; i++)
        free(rows[i].s);
    free(rows);
    return 0;
}
