/* The runtime user dictionary of a zc_seg: words added by the program or
 * loaded from a file, looked up beside the compiled dictionary. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "dict/suggest.h"
#include "text/seg_internal.h"

void zc_udict_free(zc_udict *u)
{
    free(u->slots);
    free(u->keys);
    memset(u, 0, sizeof *u);
}

static int same_key(const zc_udict *u, const zc_uentry *e, const uint32_t *raw, size_t len)
{
    if (e->len != len)
        return 0;
    const uint32_t *k = u->keys + e->key;
    for (size_t i = 0; i < len; i++)
        if (k[i] != zc_dict_fold_cp(raw[i]))
            return 0;
    return 1;
}

const zc_uentry *zc_udict_find(const zc_udict *u, const uint32_t *key, size_t len, uint64_t hash)
{
    if (!u->slots)
        return NULL;
    for (size_t i = hash & u->mask;; i = (i + 1) & u->mask) {
        const zc_uentry *e = &u->slots[i];
        if (!e->used)
            return NULL;
        if (e->hash == hash && same_key(u, e, key, len))
            return e;
    }
}

static int grow_table(zc_udict *u)
{
    size_t size = u->slots ? (u->mask + 1) * 2 : 64;
    zc_uentry *slots = calloc(size, sizeof *slots);
    if (!slots)
        return ZC_ERR_NOMEM;
    for (size_t i = 0; u->slots && i <= u->mask; i++) {
        if (!u->slots[i].used)
            continue;
        size_t j = u->slots[i].hash & (size - 1);
        while (slots[j].used)
            j = (j + 1) & (size - 1);
        slots[j] = u->slots[i];
    }
    free(u->slots);
    u->slots = slots;
    u->mask = size - 1;
    return ZC_OK;
}

/* The entry for folded key[0..len), created (as a prefix) if missing. */
static zc_uentry *upsert(zc_udict *u, const uint32_t *key, size_t len)
{
    uint64_t h = zc_udict_hash_start();
    for (size_t i = 0; i < len; i++)
        h = zc_udict_hash_step(h, key[i]);
    zc_uentry *found = (zc_uentry *)zc_udict_find(u, key, len, h);
    if (found)
        return found;
    if ((u->n + 1) * 2 > (u->slots ? u->mask + 1 : 0) && grow_table(u))
        return NULL;
    if (u->n_keys + len > u->cap_keys) {
        size_t cap = u->cap_keys ? u->cap_keys * 2 : 256;
        while (cap < u->n_keys + len)
            cap *= 2;
        uint32_t *k = realloc(u->keys, cap * sizeof *k);
        if (!k)
            return NULL;
        u->keys = k;
        u->cap_keys = cap;
    }
    memcpy(u->keys + u->n_keys, key, len * sizeof *key);
    size_t i = h & u->mask;
    while (u->slots[i].used)
        i = (i + 1) & u->mask;
    zc_uentry *e = &u->slots[i];
    memset(e, 0, sizeof *e);
    e->hash = h;
    e->key = (uint32_t)u->n_keys;
    e->len = (uint16_t)len;
    e->used = 1;
    e->logp = ZC_DICT_NOT_WORD;
    u->n_keys += len;
    u->n++;
    return e;
}

typedef struct suggest_ctx {
    const zc_seg *s;
    const uint32_t *key;
} suggest_ctx;

/* A span of the word being added, looked up as zc_route_span_logp does. */
static double span_logp(void *ctx, size_t a, size_t b)
{
    suggest_ctx *c = ctx;
    const zc_seg *s = c->s;
    uint64_t h = zc_udict_hash_start();
    for (size_t k = a; k < b; k++)
        h = zc_udict_hash_step(h, c->key[k]);
    const zc_uentry *u = zc_udict_find(&s->user, c->key + a, b - a, h);
    if (u && u->is_word)
        return u->logp;
    uint32_t node = 0;
    for (size_t k = a; k < b && node != ZC_DICT_NONE; k++)
        node = zc_dict_step(s->d, node, zc_dict_char_id(s->d, c->key[k]));
    if (node == ZC_DICT_NONE)
        return ZC_DICT_NOT_WORD;
    return zc_dict_node_logp(s->d->nodes[node]);
}

int zc_seg_add_word(zc_seg *s, const char *word, double freq, const char *tag, zc_error *err)
{
    size_t len = word ? strlen(word) : 0;
    uint32_t key[ZC_WORD_MAX_CHARS];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = zc_utf8_decode(word + i, len - i, &cp);
        if (k == 0)
            return zc_err_set(err, ZC_ERR_INVALID, "user word is not valid UTF-8");
        if (n == ZC_WORD_MAX_CHARS)
            return zc_err_set(err, ZC_ERR_INVALID, "user word '%s' is longer than %d characters",
                              word, ZC_WORD_MAX_CHARS);
        if (cp < 0x20 || zc_is_space(cp) || zc_is_newline(cp) || zc_is_zero_width(cp))
            return zc_err_set(err, ZC_ERR_INVALID, "user word '%s' contains a blank", word);
        key[n++] = zc_dict_fold_cp(cp);
        i += k;
    }
    if (n == 0)
        return zc_err_set(err, ZC_ERR_INVALID, "empty user word");
    if (tag && strlen(tag) > 7)
        return zc_err_set(err, ZC_ERR_INVALID, "tag '%s' of user word '%s' is too long", tag, word);
    double log_total = s->d->log_total;
    if (!(freq > 0)) {
        suggest_ctx c = {s, key};
        freq = zc_suggest_freq(n, span_logp, &c, log_total, ZC_SUGGEST_FLOOR);
        double old = span_logp(&c, 0, n);
        if (old <= 0 && exp(old + log_total) > freq)
            freq = exp(old + log_total);
    }
    /* Prefixes first, so that the walk in route.c can stop at a miss. */
    for (size_t p = 1; p <= n; p++)
        if (!upsert(&s->user, key, p))
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory adding user word '%s'", word);
    zc_uentry *e = upsert(&s->user, key, n);
    if (!e->is_word)
        s->user.words++;
    e->is_word = 1;
    double lp = log(freq) - log_total;
    e->logp = (float)(lp > 0 ? 0 : lp);
    memset(e->tag, 0, sizeof e->tag);
    if (tag)
        memcpy(e->tag, tag, strlen(tag));
    return ZC_OK;
}

/* `word [freq] [tag]`, as policy.txt. */
static int parse_line(char *line, char **word, double *freq, char **tag)
{
    char *f[4], *save = NULL;
    int n = 0;
    for (char *t = strtok_r(line, " \t", &save); t && n < 4; t = strtok_r(NULL, " \t", &save))
        f[n++] = t;
    if (n == 0 || n > 3)
        return n == 0 ? 0 : -1;
    *word = f[0];
    *freq = 0;
    *tag = NULL;
    if (n >= 2 && f[1][0] >= '0' && f[1][0] <= '9') {
        char *end;
        errno = 0;
        *freq = strtod(f[1], &end);
        if (*end || errno || !(*freq > 0))
            return -1;
        if (n == 3)
            *tag = f[2];
    } else if (n == 2) {
        *tag = f[1];
    } else if (n == 3) {
        return -1;
    }
    return 1;
}

int zc_seg_load_user_dict(zc_seg *s, const char *path, zc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zc_err_set(err, errno == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO,
                          "cannot read user dictionary '%s': %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = ZC_OK;
    while (rc == ZC_OK && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t l = (size_t)got;
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
            line[--l] = '\0';
        char *p = line;
        if (lineno == 1 && !strncmp(p, "\xEF\xBB\xBF", 3))
            p += 3;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\0')
            continue;
        char *word, *tag;
        double freq;
        int pr = parse_line(p, &word, &freq, &tag);
        if (pr < 0) {
            rc = zc_err_set(err, ZC_ERR_INVALID, "%s:%zu: expected 'word [frequency] [tag]'", path,
                            lineno);
        } else if (pr > 0 && (rc = zc_seg_add_word(s, word, freq, tag, err)) != ZC_OK) {
            zc_err_prefix(err, "%s:%zu: ", path, lineno);
        }
    }
    if (rc == ZC_OK && ferror(f))
        rc = zc_err_set(err, ZC_ERR_IO, "error reading user dictionary '%s'", path);
    free(line);
    fclose(f);
    return rc;
}
