/* The search benchmark's query mix, and the benchmarks' timing helpers
 * (query_mix.h). */
#include "query_mix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "dict/dict.h"
#include "text/seg.h"

/* splitmix64: small, fast and the same on every platform. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t below(uint64_t *s, size_t n)
{
    return (size_t)(next_rand(s) % n);
}

const char *zc_qmix_class_name(zc_qmix_class c)
{
    static const char *const names[] = {"1 keyword", "2 keywords", "3 keywords", "phrase"};
    return (unsigned)c < ZC_QMIX_CLASSES ? names[c] : "?";
}

/* 1 if s[0..len) is n Han characters, min <= n <= max. */
static int all_han(const char *s, size_t len, size_t min, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len; n++) {
        uint32_t cp;
        size_t k = zc_utf8_decode(s + i, len - i, &cp);
        if (!k || !zc_is_han(cp))
            return 0;
        i += k;
    }
    return n >= min && n <= max;
}

typedef struct span {
    const char *s;
    size_t len;
} span;

static int span_in(const span *v, size_t n, span x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].len == x.len && !memcmp(v[i].s, x.s, x.len))
            return 1;
    return 0;
}

/* k distinct words of 2-4 Han characters from text, joined by blanks into
 * out; 0 if the text has fewer than k. */
static int pick_words(zc_seg *seg, const char *text, size_t len, int k, uint64_t *rng, zc_buf *out,
                      zc_error *err)
{
    const zc_token *t;
    size_t nt;
    if (zc_seg_cut(seg, text, len, ZC_SEG_ACCURATE, 0, &t, &nt, err))
        return -1;
    span *words = malloc((nt + 1) * sizeof *words);
    if (!words)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory making queries"), -1;
    size_t nw = 0;
    for (size_t i = 0; i < nt; i++) {
        span w = {text + t[i].byte_off, t[i].byte_len};
        if (!(t[i].flags & (ZC_TOK_PUNCT | ZC_TOK_NUMBER | ZC_TOK_LATIN)) &&
            all_han(w.s, w.len, 2, 4) && !span_in(words, nw, w))
            words[nw++] = w;
    }
    int got = (size_t)k <= nw;
    for (int j = 0; got && j < k; j++) {
        size_t i = j + below(rng, nw - (size_t)j); /* partial Fisher-Yates */
        span w = words[i];
        words[i] = words[j];
        words[j] = w;
        if ((j && zc_buf_putc(out, ' ')) || zc_buf_append(out, w.s, w.len)) {
            free(words);
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory making queries"), -1;
        }
    }
    free(words);
    return got;
}

/* A quoted run of 3-8 Han characters from a random place of text; 0 if the
 * place chosen has none. */
static int pick_phrase(const char *text, size_t len, uint64_t *rng, zc_buf *out, zc_error *err)
{
    size_t want = 3 + below(rng, 6);
    size_t at = zc_utf8_align(text, len, below(rng, len));
    size_t end = at;
    for (size_t n = 0; n < want; n++) {
        uint32_t cp;
        size_t k = end < len ? zc_utf8_decode(text + end, len - end, &cp) : 0;
        if (!k || !zc_is_han(cp))
            return 0;
        end += k;
    }
    if (zc_buf_putc(out, '"') || zc_buf_append(out, text + at, end - at) || zc_buf_putc(out, '"'))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory making queries"), -1;
    return 1;
}

static char *slurp(const char *path, size_t *len, zc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zc_err_set(err, ZC_ERR_IO, "%s: cannot open", path), NULL;
    zc_buf b = ZC_BUF_INIT;
    char chunk[1 << 16];
    size_t n;
    int rc = 0;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = zc_buf_append(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (rc || bad) {
        zc_buf_free(&b);
        return zc_err_set(err, rc ? ZC_ERR_NOMEM : ZC_ERR_IO, "%s: cannot read", path), NULL;
    }
    *len = b.len;
    return zc_buf_detach(&b);
}

/* Offsets of the lines of all[0..len) into *lines (a sentinel at the end). */
static int index_lines(const char *all, size_t len, size_t **lines, size_t *n, zc_error *err)
{
    size_t cap = 1024;
    *n = 0;
    *lines = malloc(cap * sizeof **lines);
    for (size_t at = 0; *lines && at < len;) {
        const char *nl = memchr(all + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - all) : len;
        if (end > at)
            (*lines)[(*n)++] = at;
        at = end + 1;
        if (*n + 1 == cap) {
            size_t *g = realloc(*lines, (cap *= 2) * sizeof *g);
            if (!g)
                free(*lines);
            *lines = g;
        }
    }
    if (!*lines)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading the collection");
    (*lines)[*n] = len;
    return ZC_OK;
}

/* The text of row i (content, else full_text or text) into out; empty if
 * the row has none. */
static int row_text(const char *all, const size_t *lines, size_t i, zc_buf *out)
{
    zc_buf_clear(out);
    json_t *row = json_loadb(all + lines[i], lines[i + 1] - lines[i], 0, NULL);
    const char *keys[] = {"content", "full_text", "text"};
    const char *s = NULL;
    for (size_t k = 0; row && !s && k < 3; k++)
        s = json_string_value(json_object_get(row, keys[k]));
    int rc = s ? zc_buf_puts(out, s) : ZC_OK;
    json_decref(row);
    return rc;
}

int zc_qmix_make(const char *jsonl_path, const char *dict_path, size_t n, uint64_t seed,
                 zc_qmix *out, zc_error *err)
{
    *out = (zc_qmix){0};
    size_t len, nl = 0, *lines = NULL;
    char *all = slurp(jsonl_path, &len, err);
    if (!all)
        return err->code;
    zc_dict *dict = NULL;
    zc_seg *seg = NULL;
    zc_buf text = ZC_BUF_INIT, q = ZC_BUF_INIT;
    int rc = index_lines(all, len, &lines, &nl, err);
    if (!rc && !nl)
        rc = zc_err_set(err, ZC_ERR_INVALID, "%s: no rows", jsonl_path);
    if (!rc)
        rc = zc_dict_open(dict_path, &dict, err);
    if (!rc)
        rc = zc_seg_new(dict, &seg, err);
    if (!rc && !(out->q = calloc(n ? n : 1, sizeof *out->q)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory making queries");
    out->items = nl;
    uint64_t rng = seed;
    for (size_t tries = 0; !rc && out->n < n; tries++) {
        if (tries > 1000 * (n + 1)) {
            rc = zc_err_set(err, ZC_ERR_INVALID, "%s: too little Han text to make queries",
                            jsonl_path);
            break;
        }
        zc_qmix_class cls = (zc_qmix_class)(out->n % ZC_QMIX_CLASSES);
        if (row_text(all, lines, below(&rng, nl), &text)) {
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory making queries");
            break;
        }
        if (!text.len)
            continue;
        zc_buf_clear(&q);
        int got = cls == ZC_QMIX_PHRASE
                      ? pick_phrase(text.data, text.len, &rng, &q, err)
                      : pick_words(seg, text.data, text.len, (int)cls + 1, &rng, &q, err);
        if (got < 0)
            rc = err->code;
        else if (got)
            out->q[out->n++] = (zc_qmix_query){cls, zc_buf_detach(&q)};
    }
    zc_buf_free(&text);
    zc_buf_free(&q);
    zc_seg_free(seg);
    zc_dict_free(dict);
    free(lines);
    free(all);
    if (rc)
        zc_qmix_free(out);
    return rc;
}

void zc_qmix_free(zc_qmix *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->q[i].text);
    free(m->q);
    *m = (zc_qmix){0};
}

int zc_bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double zc_bench_pct(const double *v, size_t n, double p)
{
    size_t k = (size_t)ceil(p * (double)n);
    return v[k ? k - 1 : 0];
}
