/* The compiler's entry table and small helpers shared by its readers. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/utf8.h"
#include "compile.h"
#include "dict/suggest.h"

static uint64_t hash_key(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

const char *zc_wordtab_key(const zc_wordtab *t, size_t i)
{
    return t->keys.data + t->w[i].key;
}

long zc_wordtab_find(const zc_wordtab *t, const char *key, size_t len)
{
    if (!t->slots)
        return -1;
    for (size_t i = hash_key(key, len) & t->mask;; i = (i + 1) & t->mask) {
        uint32_t s = t->slots[i];
        if (s == 0)
            return -1;
        const zc_cword *w = &t->w[s - 1];
        if (w->key_len == len && !memcmp(t->keys.data + w->key, key, len))
            return (long)s - 1;
    }
}

static int rehash(zc_wordtab *t)
{
    size_t size = t->slots ? (t->mask + 1) * 2 : 1u << 16;
    uint32_t *slots = calloc(size, sizeof *slots);
    if (!slots)
        return ZC_ERR_NOMEM;
    for (size_t e = 0; e < t->n; e++) {
        const zc_cword *w = &t->w[e];
        size_t i = hash_key(t->keys.data + w->key, w->key_len) & (size - 1);
        while (slots[i])
            i = (i + 1) & (size - 1);
        slots[i] = (uint32_t)e + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->mask = size - 1;
    return ZC_OK;
}

long zc_wordtab_add(zc_wordtab *t, const char *key, size_t len)
{
    long found = zc_wordtab_find(t, key, len);
    if (found >= 0)
        return found;
    if ((t->n + 1) * 2 > (t->slots ? t->mask + 1 : 0) && rehash(t))
        return -1;
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 1024;
        zc_cword *w = realloc(t->w, nc * sizeof *w);
        if (!w)
            return -1;
        t->w = w;
        t->cap = nc;
    }
    size_t off = t->keys.len;
    if (zc_buf_append(&t->keys, key, len) || zc_buf_putc(&t->keys, '\0'))
        return -1;
    zc_cword *w = &t->w[t->n];
    memset(w, 0, sizeof *w);
    w->key = (uint32_t)off;
    w->key_len = (uint32_t)len;
    size_t i = hash_key(key, len) & t->mask;
    while (t->slots[i])
        i = (i + 1) & t->mask;
    t->slots[i] = (uint32_t)t->n + 1;
    return (long)t->n++;
}

void zc_wordtab_free(zc_wordtab *t)
{
    free(t->w);
    free(t->slots);
    zc_buf_free(&t->keys);
    memset(t, 0, sizeof *t);
}

void zc_dictc_free(zc_dictc *c)
{
    zc_wordtab_free(&c->words);
    free(c->emit_cp);
    free(c->emit);
    for (size_t i = 0; i < c->n_regions; i++) {
        zc_creg *r = &c->regions[i];
        free(r->code);
        free(r->name);
        free(r->parent_code);
        for (size_t k = 0; k < r->n_shorts; k++)
            free(r->shorts[k]);
        free(r->shorts);
    }
    free(c->regions);
    free(c->syn_members);
    free(c->syn_groups);
}

uint8_t zc_dictc_tag(zc_dictc *c, const char *tag, size_t len)
{
    if (c->n_tags == 0) {
        memset(c->tags[0], 0, 8);
        c->n_tags = 1;
    }
    if (len == 0 || len > 7)
        return 0;
    for (unsigned i = 1; i < c->n_tags; i++)
        if (!strncmp(c->tags[i], tag, len) && c->tags[i][len] == '\0')
            return (uint8_t)i;
    if (c->n_tags == 256)
        return 0;
    memset(c->tags[c->n_tags], 0, 8);
    memcpy(c->tags[c->n_tags], tag, len);
    return (uint8_t)c->n_tags++;
}

size_t zc_dictc_fold(const char *s, size_t len, zc_buf *out)
{
    zc_buf_clear(out);
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = zc_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7F || zc_is_space(cp) || zc_is_newline(cp) ||
            zc_is_zero_width(cp))
            return 0;
        char enc[4];
        if (zc_buf_append(out, enc, zc_utf8_encode(zc_dict_fold_cp(cp), enc)))
            return 0;
        i += n;
        chars++;
    }
    if (zc_buf_reserve(out, 1))
        return 0;
    return chars;
}

int zc_dictc_read_file(const char *path, zc_buf *out, zc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return zc_err_set(err, errno == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO,
                          "cannot read '%s': %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    int rc = ZC_OK;
    while (rc == ZC_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = zc_buf_append(out, chunk, n);
    if (rc == ZC_OK && ferror(f))
        rc = zc_err_set(err, ZC_ERR_IO, "error reading '%s'", path);
    else if (rc)
        rc = zc_err_set(err, rc, "out of memory reading '%s'", path);
    fclose(f);
    if (rc == ZC_OK && out->len >= 3 && !memcmp(out->data, "\xEF\xBB\xBF", 3)) {
        memmove(out->data, out->data + 3, out->len - 3);
        out->len -= 3;
        out->data[out->len] = '\0';
    }
    if (rc == ZC_OK && zc_buf_append(out, "", 0)) /* data non-NULL, terminated */
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
    return rc;
}

int zc_dictc_next_line(const zc_buf *buf, size_t *pos, const char **line, size_t *len)
{
    if (*pos >= buf->len)
        return 0;
    const char *s = buf->data + *pos;
    const char *nl = memchr(s, '\n', buf->len - *pos);
    size_t l = nl ? (size_t)(nl - s) : buf->len - *pos;
    *pos += l + (nl ? 1 : 0);
    if (l && s[l - 1] == '\r')
        l--;
    *line = s;
    *len = l;
    return 1;
}

typedef struct suggest_ctx {
    zc_dictc *c;
    const char *key;
    size_t offs[ZC_WORD_MAX_CHARS + 1];
    double log_total;
} suggest_ctx;

static double span_logp(void *ctx, size_t a, size_t b)
{
    suggest_ctx *s = ctx;
    long e = zc_wordtab_find(&s->c->words, s->key + s->offs[a], s->offs[b] - s->offs[a]);
    if (e < 0 || !(s->c->words.w[e].flags & ZC_ENTRY_WORD) || s->c->words.w[e].freq <= 0)
        return 1;
    return log(s->c->words.w[e].freq) - s->log_total;
}

double zc_dictc_suggest(zc_dictc *c, const char *key, size_t len, double floor)
{
    suggest_ctx s = {.c = c, .key = key, .log_total = log(c->total > 1 ? c->total : 1)};
    size_t n = 0;
    for (size_t i = 0; i < len && n < ZC_WORD_MAX_CHARS; n++) {
        s.offs[n] = i;
        uint32_t cp;
        size_t k = zc_utf8_decode(key + i, len - i, &cp);
        i += k ? k : 1;
    }
    s.offs[n] = len;
    return zc_suggest_freq(n, span_logp, &s, s.log_total, floor);
}

/* The entry of a word from a lexicon line, folded; -1 with err set. */
long zc_dictc_add_word(zc_dictc *c, const char *w, size_t len, zc_buf *key, const char *path,
                       size_t lineno, zc_error *err)
{
    size_t chars = zc_dictc_fold(w, len, key);
    if (chars == 0 || chars > ZC_WORD_MAX_CHARS) {
        zc_err_set(err, ZC_ERR_CORRUPT, "%s:%zu: bad word '%.*s' (%s)", path, lineno, (int)len, w,
                   chars ? "too long" : "invalid UTF-8, blank or control character");
        return -1;
    }
    long e = zc_wordtab_add(&c->words, key->data, key->len);
    if (e < 0)
        zc_err_set(err, ZC_ERR_NOMEM, "out of memory reading '%s'", path);
    return e;
}

/* Makes entry e a segmentation word of frequency freq. */
void zc_dictc_set_freq(zc_dictc *c, long e, double freq)
{
    zc_cword *w = &c->words.w[e];
    double old = (w->flags & ZC_ENTRY_WORD) ? w->freq : 0;
    c->total += freq - old;
    w->freq = freq;
    w->flags |= ZC_ENTRY_WORD;
}

double zc_dictc_word_freq(const zc_dictc *c, long e)
{
    const zc_cword *w = &c->words.w[e];
    return (w->flags & ZC_ENTRY_WORD) ? w->freq : 0;
}
