/* Gathering a document's terms per term (postings.h): an open-addressing
 * hash table over the terms, and the positions grouped by a counting sort
 * at flush time. */
#include "postings.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/grow.h"

typedef struct entry {
    uint64_t hash;
    uint32_t term_off, term_len; /* in p->terms */
    uint32_t count;              /* occurrences: the wdf */
    uint32_t npos;               /* positions among them not yet given to the document */
    uint32_t given;              /* positions given to the document (zc_postings_spill) */
} entry;

typedef struct posting {
    uint32_t entry, pos;
} posting;

struct zc_postings {
    zc_buf terms;   /* the terms' bytes, back to back */
    entry *entries; /* in order of first occurrence */
    size_t n_entries, cap_entries;
    uint32_t *slots; /* entry index + 1; 0: empty */
    size_t n_slots;  /* a power of two, at least twice n_entries */
    unsigned shift;  /* 64 - log2(n_slots): a hash's slot is its top bits */
    posting *posts;  /* in the order given */
    size_t n_posts, cap_posts;
    uint32_t *sorted; /* positions grouped by entry, at flush */
    uint32_t *start;  /* each entry's first index in sorted */
    size_t cap_sorted, cap_start;
};

int zc_postings_new(zc_postings **out, zc_error *err)
{
    *out = NULL;
    zc_postings *p = calloc(1, sizeof *p);
    if (p) {
        p->n_slots = 4096;
        p->shift = 64 - 12;
        p->slots = calloc(p->n_slots, sizeof *p->slots);
    }
    if (!p || !p->slots) {
        free(p);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    *out = p;
    return ZC_OK;
}

void zc_postings_free(zc_postings *p)
{
    if (!p)
        return;
    zc_buf_free(&p->terms);
    free(p->entries);
    free(p->slots);
    free(p->posts);
    free(p->sorted);
    free(p->start);
    free(p);
}

/*
 * Most terms are a character or a short word: up to 8 bytes, read as one
 * integer and multiplied by an odd constant. For a given length that is a
 * bijection, so equal hashes and lengths mean equal terms, with no string
 * compare. Longer terms go through XXH3.
 */
static inline uint64_t term_hash(const char *term, size_t len)
{
    if (len <= 8) {
        uint64_t v = 0;
        memcpy(&v, term, len);
        return (v ^ (uint64_t)len) * 0x9E3779B97F4A7C15ull;
    }
    return XXH3_64bits(term, len);
}

/* Doubles the table and places the entries again. */
static int rehash(zc_postings *p)
{
    size_t n = p->n_slots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return ZC_ERR_NOMEM;
    p->shift--;
    for (size_t i = 0; i < p->n_entries; i++) {
        size_t s = p->entries[i].hash >> p->shift;
        while (slots[s])
            s = (s + 1) & (n - 1);
        slots[s] = (uint32_t)i + 1;
    }
    free(p->slots);
    p->slots = slots;
    p->n_slots = n;
    return ZC_OK;
}

/* The index of term's entry, created if new; -1 when out of memory. */
static inline long find(zc_postings *p, const char *term, size_t len)
{
    uint64_t h = term_hash(term, len);
    size_t mask = p->n_slots - 1, s = h >> p->shift;
    for (uint32_t k; (k = p->slots[s]) != 0; s = (s + 1) & mask) {
        const entry *e = &p->entries[k - 1];
        if (e->hash == h && e->term_len == len &&
            (len <= 8 || !memcmp(p->terms.data + e->term_off, term, len)))
            return (long)k - 1;
    }
    if (len > UINT32_MAX || p->terms.len > UINT32_MAX - len ||
        zc_grow((void **)&p->entries, p->n_entries, &p->cap_entries, sizeof *p->entries, 1024) ||
        zc_buf_append(&p->terms, term, len))
        return -1;
    entry *e = &p->entries[p->n_entries];
    *e = (entry){h, (uint32_t)(p->terms.len - len), (uint32_t)len, 0, 0, 0};
    p->slots[s] = (uint32_t)++p->n_entries;
    if (p->n_entries * 2 > p->n_slots && rehash(p))
        return -1;
    return (long)p->n_entries - 1;
}

int zc_postings_add_pos(zc_postings *p, const char *term, size_t len, uint32_t pos)
{
    long i = find(p, term, len);
    if (i < 0 || zc_grow((void **)&p->posts, p->n_posts, &p->cap_posts, sizeof *p->posts, 4096))
        return ZC_ERR_NOMEM;
    p->entries[i].count++;
    p->entries[i].npos++;
    p->posts[p->n_posts++] = (posting){(uint32_t)i, pos};
    return ZC_OK;
}

int zc_postings_add_count(zc_postings *p, const char *term, size_t len)
{
    long i = find(p, term, len);
    if (i < 0)
        return ZC_ERR_NOMEM;
    p->entries[i].count++;
    return ZC_OK;
}

static int reserve(uint32_t **arr, size_t *cap, size_t n)
{
    if (n <= *cap)
        return ZC_OK;
    uint32_t *v = realloc(*arr, n * sizeof *v);
    if (!v)
        return ZC_ERR_NOMEM;
    *arr = v;
    *cap = n;
    return ZC_OK;
}

void zc_postings_clear(zc_postings *p)
{
    memset(p->slots, 0, p->n_slots * sizeof *p->slots);
    zc_buf_clear(&p->terms);
    p->n_entries = 0;
    p->n_posts = 0;
}

size_t zc_postings_pending(const zc_postings *p)
{
    return p->n_posts;
}

int zc_postings_spill(zc_postings *p, zc_xdoc *doc, zc_error *err)
{
    int rc = ZC_OK;
    if (reserve(&p->sorted, &p->cap_sorted, p->n_posts) ||
        reserve(&p->start, &p->cap_start, p->n_entries + 1)) {
        zc_postings_clear(p);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    }
    /* Counting sort of the positions by entry; each entry's positions keep
     * the order they came in (ascending, as the text is read). */
    uint32_t at = 0;
    for (size_t i = 0; i < p->n_entries; i++) {
        p->start[i] = at;
        at += p->entries[i].npos;
    }
    p->start[p->n_entries] = at;
    for (size_t k = 0; k < p->n_posts; k++)
        p->sorted[p->start[p->posts[k].entry]++] = p->posts[k].pos;
    for (size_t i = 0; rc == ZC_OK && i < p->n_entries; i++) {
        entry *e = &p->entries[i];
        if (!e->npos)
            continue;
        const uint32_t *pos = p->sorted + p->start[i] - e->npos;
        rc =
            zc_xdoc_add_positions(doc, p->terms.data + e->term_off, e->term_len, pos, e->npos, err);
        e->given += e->npos;
        e->npos = 0;
    }
    p->n_posts = 0;
    if (rc)
        zc_postings_clear(p);
    return rc;
}

int zc_postings_flush(zc_postings *p, zc_xdoc *doc, zc_error *err)
{
    int rc = zc_postings_spill(p, doc, err);
    for (size_t i = 0; rc == ZC_OK && i < p->n_entries; i++) {
        const entry *e = &p->entries[i];
        if (e->count > e->given)
            rc = zc_xdoc_add_term_n(doc, p->terms.data + e->term_off, e->term_len,
                                    e->count - e->given, err);
    }
    zc_postings_clear(p);
    return rc;
}
