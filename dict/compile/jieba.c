/* Reading jieba's data: dict.txt, the HMM tables (as dict/compile/jieba_hmm.py
 * writes them) and idf.txt. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "compile.h"

/* Splits a line into at most max blank-separated fields. */
static size_t fields(const char *s, size_t len, const char **f, size_t *fl, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == len)
            break;
        size_t st = i;
        while (i < len && s[i] != ' ' && s[i] != '\t')
            i++;
        f[n] = s + st;
        fl[n++] = i - st;
    }
    return n;
}

static int parse_double(const char *s, size_t len, double *out)
{
    char tmp[64];
    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    double d = strtod(tmp, &end);
    if (*end || errno || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

static int in_set(uint32_t cp, const char *set)
{
    for (size_t i = 0; set[i];) {
        uint32_t c;
        size_t n = zc_utf8_decode(set + i, strlen(set + i), &c);
        if (c == cp)
            return 1;
        i += n ? n : 1;
    }
    return 0;
}

/*
 * A numeral followed by one measure word (一年, 两个, 多种, 第一次) is a
 * phrase, not a word: the numeral and the measure word are tokens of their
 * own (the PKU and CTB convention; also what keyword extraction wants, as
 * such phrases carry no topic). jieba lists thousands of them, tagged m;
 * they stay as lookup entries but are no segmentation words. Lexicalised
 * words tagged m whose second part is no measure word (一些, 十分, 一起,
 * 一点) are untouched.
 */
static int numeral_measure(const char *w, size_t len)
{
    static const char numerals[] = "零〇○一二三四五六七八九十百千万亿两";
    static const char measures[] = "个次位种条批项名年天件场片支只张家块座本把辆架艘句首部台"
                                   "套份股层间所口头笔篇封幅双对群类届周岁代步声眼番回遍顿阵";
    uint32_t cps[16];
    size_t n = 0;
    for (size_t i = 0; i < len && n < 16; n++) {
        size_t k = zc_utf8_decode(w + i, len - i, &cps[n]);
        i += k ? k : 1;
    }
    if (n < 2 || n >= 16 || !in_set(cps[n - 1], measures))
        return 0;
    size_t i = 0;
    if (n == 2 && (cps[0] == 0x51E0 /* 几 */ || cps[0] == 0x591A /* 多 */))
        return 1;
    if (cps[0] == 0x7B2C /* 第 */)
        i = 1;
    if (i == n - 1)
        return 0;
    for (; i < n - 1; i++)
        if (!in_set(cps[i], numerals))
            return 0;
    return 1;
}

int zc_dictc_load_jieba_dict(zc_dictc *c, const char *path, zc_error *err)
{
    zc_buf file = ZC_BUF_INIT, key = ZC_BUF_INIT;
    int rc = zc_dictc_read_file(path, &file, err);
    size_t pos = 0, lineno = 0, len;
    const char *line;
    uint8_t tag_m = zc_dictc_tag(c, "m", 1);
    while (rc == ZC_OK && zc_dictc_next_line(&file, &pos, &line, &len)) {
        lineno++;
        const char *f[3];
        size_t fl[3];
        size_t nf = fields(line, len, f, fl, 3);
        if (nf == 0)
            continue;
        double freq;
        if (nf < 2 || parse_double(f[1], fl[1], &freq) || freq < 0) {
            rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s:%zu: expected 'word frequency [tag]'", path,
                            lineno);
            break;
        }
        size_t chars = zc_dictc_fold(f[0], fl[0], &key);
        if (chars == 0 || chars > 64) {
            rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s:%zu: bad word", path, lineno);
            break;
        }
        long e = zc_wordtab_add(&c->words, key.data, key.len);
        if (e < 0) {
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
            break;
        }
        zc_cword *w = &c->words.w[e];
        if (w->freq == 0 && nf == 3)
            w->tag = zc_dictc_tag(c, f[2], fl[2]);
        w->freq += freq; /* case variants (C# and c#) add up */
        c->total += freq;
        if (w->freq > 0)
            w->flags |= ZC_ENTRY_WORD;
        if (w->tag == tag_m && numeral_measure(key.data, key.len))
            w->flags &= (uint8_t)~ZC_ENTRY_WORD;
    }
    zc_buf_free(&file);
    zc_buf_free(&key);
    return rc;
}

/* B, M, E or S as 0-3 (the order of the compiled tables), or -1. */
static int state_index(const char *s, size_t len)
{
    const char *p = len == 1 ? strchr("BMES", s[0]) : NULL;
    return p && *p ? (int)(p - "BMES") : -1;
}

/* Splits a line at its tabs into at most max fields; returns how many
 * there are (more than max if the line has more). */
static size_t tab_fields(const char *s, size_t len, const char **f, size_t *fl, size_t max)
{
    size_t n = 0, st = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '\t')
            continue;
        if (n < max) {
            f[n] = s + st;
            fl[n] = i - st;
        }
        n++;
        st = i + 1;
    }
    return n;
}

/* One emission probability: of the character cp in state s. index maps
 * code points to rows of c->emit (ZC_DICT_NONE where there is none yet):
 * rows are made in the order characters first appear. */
static int add_emit(zc_dictc *c, uint32_t *index, uint32_t cp, int s, double v)
{
    cp = zc_dict_fold_cp(cp);
    if (index[cp] == ZC_DICT_NONE) {
        if (c->n_emit % 1024 == 0) {
            uint32_t *ncp = realloc(c->emit_cp, (c->n_emit + 1024) * sizeof *ncp);
            float(*ne)[4] = ncp ? realloc(c->emit, (c->n_emit + 1024) * sizeof *ne) : NULL;
            if (ncp)
                c->emit_cp = ncp;
            if (!ne)
                return ZC_ERR_NOMEM;
            c->emit = ne;
        }
        index[cp] = (uint32_t)c->n_emit;
        c->emit_cp[c->n_emit] = cp;
        for (int t = 0; t < 4; t++)
            c->emit[c->n_emit][t] = ZC_DICT_EMIT_MIN;
        c->n_emit++;
    }
    c->emit[index[cp]][s] = v < ZC_DICT_EMIT_MIN ? ZC_DICT_EMIT_MIN : (float)v;
    return ZC_OK;
}

/* One line of the table: "start S logp", "trans S T logp" or
 * "emit S char logp", tab-separated. */
static int hmm_line(zc_dictc *c, uint32_t *index, const char *line, size_t len, int *starts)
{
    const char *f[4];
    size_t fl[4];
    size_t nf = tab_fields(line, len, f, fl, 4);
    double v;
    if (nf < 3 || nf > 4 || parse_double(f[nf - 1], fl[nf - 1], &v))
        return -1;
    int s = state_index(f[1], fl[1]);
    if (s < 0)
        return -1;
    if (nf == 3 && fl[0] == 5 && !memcmp(f[0], "start", 5)) {
        c->hmm_start[s] = v;
        ++*starts;
        return ZC_OK;
    }
    if (nf != 4)
        return -1;
    if (fl[0] == 5 && !memcmp(f[0], "trans", 5)) {
        int t = state_index(f[2], fl[2]);
        if (t < 0)
            return -1;
        c->hmm_trans[s][t] = v;
        return ZC_OK;
    }
    uint32_t cp;
    if (fl[0] != 4 || memcmp(f[0], "emit", 4) || fl[2] == 0 ||
        zc_utf8_decode(f[2], fl[2], &cp) != fl[2])
        return -1;
    return add_emit(c, index, cp, s, v);
}

int zc_dictc_load_hmm(zc_dictc *c, const char *path, zc_error *err)
{
    for (int s = 0; s < 4; s++) {
        c->hmm_start[s] = -3.14e100; /* jieba's MIN_FLOAT for what is absent */
        for (int t = 0; t < 4; t++)
            c->hmm_trans[s][t] = -3.14e100;
    }
    zc_buf file = ZC_BUF_INIT;
    int rc = zc_dictc_read_file(path, &file, err);
    uint32_t *index = rc ? NULL : malloc(0x110000 * sizeof *index);
    if (!rc && !index)
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
    if (index)
        memset(index, 0xFF, 0x110000 * sizeof *index);
    size_t pos = 0, lineno = 0, len;
    const char *line;
    int starts = 0;
    while (rc == ZC_OK && zc_dictc_next_line(&file, &pos, &line, &len)) {
        lineno++;
        if (len == 0 || line[0] == '#')
            continue;
        int r = hmm_line(c, index, line, len, &starts);
        if (r == ZC_ERR_NOMEM)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
        else if (r)
            rc = zc_err_set(err, ZC_ERR_CORRUPT,
                            "%s:%zu: expected 'start S logp', 'trans S S logp' or "
                            "'emit S char logp' (tab-separated; S one of B, M, E, S)",
                            path, lineno);
    }
    if (rc == ZC_OK && starts == 0)
        rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s: no start probabilities", path);
    if (rc == ZC_OK && c->n_emit == 0)
        rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s: no emission probabilities", path);
    free(index);
    zc_buf_free(&file);
    return rc;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

int zc_dictc_load_idf(zc_dictc *c, const char *path, zc_error *err)
{
    zc_buf file = ZC_BUF_INIT, key = ZC_BUF_INIT;
    int rc = zc_dictc_read_file(path, &file, err);
    size_t pos = 0, lineno = 0, len, n = 0, cap = 0;
    float *all = NULL;
    const char *line;
    while (rc == ZC_OK && zc_dictc_next_line(&file, &pos, &line, &len)) {
        lineno++;
        const char *f[2];
        size_t fl[2];
        size_t nf = fields(line, len, f, fl, 2);
        if (nf == 0)
            continue;
        double idf;
        size_t chars = nf == 2 ? zc_dictc_fold(f[0], fl[0], &key) : 0;
        if (chars == 0 || chars > 64 || parse_double(f[1], fl[1], &idf)) {
            rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s:%zu: expected 'word idf'", path, lineno);
            break;
        }
        long e = zc_wordtab_add(&c->words, key.data, key.len);
        if (zc_grow((void **)&all, n, &cap, sizeof *all, 65536))
            e = -1;
        if (e < 0) {
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
            break;
        }
        c->words.w[e].idf = (float)idf;
        c->words.w[e].flags |= ZC_ENTRY_IDF;
        all[n++] = (float)idf;
    }
    if (rc == ZC_OK && n == 0)
        rc = zc_err_set(err, ZC_ERR_CORRUPT, "%s: no idf values", path);
    if (rc == ZC_OK) {
        qsort(all, n, sizeof *all, cmp_float);
        c->idf_default = n % 2 ? all[n / 2] : (all[n / 2 - 1] + all[n / 2]) / 2;
    }
    free(all);
    zc_buf_free(&file);
    zc_buf_free(&key);
    return rc;
}
