/* Match collection for snippets: every place a pattern's units occur at
 * consecutive positions, found by skipping from anchor to anchor rather
 * than splitting the whole text into units. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/utf8.h"
#include "snippet_scan.h"
#include "text/unit.h"

/* Hits are snippeted on every search and a document may be 100 MB on one
 * line, so the work is bounded: matches are collected up to MAX_MATCHES or
 * HORIZON bytes past the first one (then a little further, so that no
 * fragment edge meets an uncollected match). */
enum {
    MAX_MATCHES = 2000,
    HORIZON = 1 << 20,
    SKIP_MIN = 16, /* bytes worth jumping over instead of splitting */
    SAMPLE = 2048, /* bytes where anchors are compared */
    UNANCHORED = 8 << 20,
};

typedef zc_snip_match match;
typedef zc_snip_matches matches;

/* A pattern as the scanner sees it. The anchor is one of its terms that
 * reads as the same bytes in the text (not a blank, nor U+FFFD, which
 * invalid bytes fold to; a Latin letter needs both cases): searching it
 * finds the next place a match could be, and the text before it is skipped
 * without splitting it into units. */
typedef struct pat_info {
    size_t n;        /* units; 0: never matches, or a duplicate */
    size_t anchor;   /* index of the anchor term */
    size_t nneedles; /* 0: no anchor */
    char needle[2][8];
    size_t needle_len;
    size_t next[2];      /* next occurrence of each needle, SIZE_MAX: none */
    size_t at, start;    /* the nearest of them; where its match would start */
    const uint64_t *key; /* the terms, by term_key */
} pat_info;

typedef struct scan {
    const char *s;
    size_t len;
    const zc_pattern *pats;
    pat_info *pi;
    size_t npats, maxlen;
    int anchored;   /* every pattern has an anchor */
    uint64_t *keys; /* the patterns' terms, by term_key */
    int bounded;    /* stop past MAX_MATCHES or HORIZON (snippets) */
} scan;

size_t zc_snip_prev_char(const char *s, size_t b, uint32_t *cp)
{
    size_t k = 1;
    while (k < 4 && k < b && ((unsigned char)s[b - k] & 0xC0) == 0x80)
        k++;
    if (((unsigned char)s[b - k] & 0xC0) != 0x80 && zc_utf8_decode(s + b - k, k, cp) == k)
        return b - k;
    *cp = 0xFFFD;
    return b - 1;
}

/* Characters in s[a, b), counted as the unit iterator counts them (the
 * common 3-byte characters inline: this runs over skipped text). */
static size_t count_chars(const char *str, size_t a, size_t b)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = 0;
    while (a < b) {
        unsigned c = s[a];
        if (c < 0x80) {
            a++;
        } else if (c > 0xE0 && c < 0xF0 && c != 0xED && b - a >= 3 && (s[a + 1] & 0xC0) == 0x80 &&
                   (s[a + 2] & 0xC0) == 0x80) {
            a += 3;
        } else {
            uint32_t cp;
            size_t k = zc_utf8_decode(str + a, b - a, &cp);
            a += k ? k : 1;
        }
        n++;
    }
    return n;
}

/* Where a match could start that has `units` units before byte c: walks
 * back over whole blank runs, not past a line break. */
static size_t back_units(const char *s, size_t c, size_t units)
{
    while (units > 0 && c > 0) {
        uint32_t cp;
        size_t p = zc_snip_prev_char(s, c, &cp);
        if (zc_is_newline(cp))
            break;
        c = p;
        if (zc_is_zero_width(cp) || cp == 0)
            continue;
        while (zc_is_space(cp) && c > 0) {
            size_t q = zc_snip_prev_char(s, c, &cp);
            if (!zc_is_space(cp))
                break;
            c = q;
        }
        units--;
    }
    return c;
}

/* The first occurrence of needle (1-4 bytes) at or after from. memchr on
 * its last byte, which in CJK text varies most, beats memmem, whose
 * setup is paid on every call. */
static size_t find_in(const scan *sc, const char *needle, size_t n, size_t from, size_t to)
{
    const char *s = sc->s, *end = sc->s + to;
    if (n == 0 || from + n > to)
        return SIZE_MAX;
    for (const char *h = s + from + n - 1; h < end; h++) {
        h = memchr(h, needle[n - 1], (size_t)(end - h));
        if (!h)
            break;
        if (memcmp(h - (n - 1), needle, n - 1) == 0)
            return (size_t)(h - (n - 1) - s);
    }
    return SIZE_MAX;
}

static int same_terms(const zc_pattern *a, const zc_pattern *b)
{
    for (size_t j = 0; j < a->n; j++)
        if (strcmp(a->terms[j], b->terms[j]) != 0)
            return 0;
    return 1;
}

/* How well a term anchors: 3 as its own non-ASCII bytes, 2 as its own
 * ASCII byte, 1 as a Latin letter (two needles), 0 not (a blank, U+FFFD). */
static int anchor_kind(const char *t)
{
    unsigned char c = (unsigned char)t[0];
    if (c >= 0x80)
        return strcmp(t, "\xEF\xBF\xBD") ? 3 : 0;
    if (c >= 'a' && c <= 'z')
        return 1;
    return c == ' ' || (c >= 'A' && c <= 'Z') ? 0 : 2;
}

/* Occurrences of needle in the first n bytes of the text. */
static size_t count_in(const scan *sc, size_t n, const char *needle, size_t k)
{
    size_t c = 0;
    for (size_t at = find_in(sc, needle, k, 0, n); at != SIZE_MAX;
         at = find_in(sc, needle, k, at + k, n))
        c++;
    return c;
}

/* A term as a number, for one comparison per unit. */
static uint64_t term_key(const char *t, size_t n)
{
    uint64_t k = 0;
    memcpy(&k, t, n < 8 ? n : 8);
    return k;
}

/* Picks pi's anchor: of the terms of the best kind, the rarest at the
 * start of the text. */
static void pick_anchor(scan *sc, pat_info *pi, const zc_pattern *pt)
{
    int kind = 0;
    size_t ncand = 0, best = SIZE_MAX;
    for (size_t j = 0; j < pt->n; j++) {
        int k = anchor_kind(pt->terms[j]);
        if (k > kind)
            kind = k, ncand = 0;
        ncand += k == kind;
    }
    if (!kind) {
        sc->anchored = 0;
        return;
    }
    size_t sample = sc->len < SAMPLE ? sc->len : SAMPLE;
    for (size_t j = 0; j < pt->n && j < 8; j++) {
        if (anchor_kind(pt->terms[j]) != kind)
            continue;
        char up[8];
        memcpy(up, pt->terms[j], 8);
        up[0] = (char)(up[0] - 32);
        size_t n = strlen(up);
        size_t c = ncand < 2 ? 0
                             : count_in(sc, sample, pt->terms[j], n) +
                                   (kind == 1 ? count_in(sc, sample, up, n) : 0);
        if (c < best) {
            best = c;
            pi->anchor = j;
            pi->nneedles = kind == 1 ? 2 : 1;
            memcpy(pi->needle[0], pt->terms[j], 8);
            memcpy(pi->needle[1], up, 8);
            pi->needle_len = n;
        }
    }
    for (size_t k = 0; k < pi->nneedles; k++)
        pi->next[k] = find_in(sc, pi->needle[k], pi->needle_len, 0, sc->len);
}

static int scan_init(scan *sc)
{
    sc->maxlen = 0;
    sc->anchored = 1;
    size_t nterms = 0;
    for (size_t p = 0; p < sc->npats; p++)
        nterms += sc->pats[p].n;
    sc->keys = malloc((nterms + 1) * sizeof *sc->keys);
    if (!sc->keys)
        return ZC_ERR_NOMEM;
    nterms = 0;
    for (size_t p = 0; p < sc->npats; p++) {
        pat_info *pi = &sc->pi[p];
        const zc_pattern *pt = &sc->pats[p];
        pi->n = pt->n;
        pi->key = sc->keys + nterms;
        pi->at = SIZE_MAX;
        for (size_t j = 0; j < pt->n; j++) {
            if (!memchr(pt->terms[j], '\0', 8) || !pt->terms[j][0])
                pi->n = 0; /* no unit has such a term */
            else
                sc->keys[nterms + j] = term_key(pt->terms[j], strlen(pt->terms[j]));
        }
        nterms += pt->n;
        for (size_t q = 0; q < p && pi->n; q++)
            if (sc->pi[q].n == pt->n && same_terms(&sc->pats[q], pt))
                pi->n = 0;
        if (!pi->n)
            continue;
        pick_anchor(sc, pi, pt);
        if (pt->n > sc->maxlen)
            sc->maxlen = pt->n;
    }
    return ZC_OK;
}

/* The first byte at or after from where pi's anchor occurs (SIZE_MAX:
 * none); sets pi->at to it and pi->start to where its match would start. */
static size_t next_anchor(const scan *sc, pat_info *pi, size_t from)
{
    if (pi->at != SIZE_MAX && pi->at >= from)
        return pi->at;
    pi->at = SIZE_MAX;
    for (size_t k = 0; k < pi->nneedles; k++) {
        if (pi->next[k] < from)
            pi->next[k] = find_in(sc, pi->needle[k], pi->needle_len, from, sc->len);
        if (pi->next[k] < pi->at)
            pi->at = pi->next[k];
    }
    if (pi->at != SIZE_MAX)
        pi->start = back_units(sc->s, pi->at, pi->anchor);
    return pi->at;
}

/* A unit as the ring keeps it. */
typedef struct runit {
    size_t b0, b1, c0, c1;
    uint64_t key;
    uint32_t pos;
} runit;

static int push_match(matches *m, const runit *f, const runit *u, size_t pat)
{
    if (zc_grow((void **)&m->v, m->n, &m->cap, sizeof *m->v, 16))
        return ZC_ERR_NOMEM;
    m->v[m->n++] = (match){f->c0, u->c1, f->b0, u->b1, pat};
    return ZC_OK;
}

/* Collects matches; *elig is the character offset windows may start
 * before (SIZE_MAX: all were collected). A ring of the last maxlen units
 * lets each pattern be tested as the text streams by. */
static int collect(scan *sc, size_t len_chars, matches *out, size_t *elig)
{
    *elig = SIZE_MAX;
    if (sc->maxlen == 0)
        return ZC_OK;
    runit *ring = malloc(sc->maxlen * sizeof *ring);
    if (!ring)
        return ZC_ERR_NOMEM;
    zc_unit_iter it;
    zc_unit_iter_init(&it, sc->s, sc->len);
    size_t count = 0, check_at = 0, cand = SIZE_MAX, deadline = SIZE_MAX;
    /* Patterns of nothing but blanks cannot be skipped to: a cap. */
    size_t stop_b = sc->anchored || !sc->bounded ? SIZE_MAX : UNANCHORED;
    int rc = ZC_OK;
    zc_unit u;
    for (;;) {
        size_t keep = count < sc->maxlen ? count : sc->maxlen - 1;
        size_t from = keep ? ring[(count - keep) % sc->maxlen].b0 : it.off;
        /* A partial match can only start in the last maxlen-1 units; while
         * the last candidate is among them, it stays the nearest. */
        if (sc->anchored && it.off >= check_at && (cand == SIZE_MAX || from > cand)) {
            size_t r = SIZE_MAX;
            cand = SIZE_MAX;
            for (size_t p = 0; p < sc->npats; p++) {
                pat_info *pi = &sc->pi[p];
                if (pi->n && next_anchor(sc, pi, from) < cand)
                    cand = pi->at;
                if (pi->n && pi->at != SIZE_MAX && pi->start < r)
                    r = pi->start;
            }
            if (cand == SIZE_MAX)
                break; /* no anchor ahead: no match ahead */
            if (r > it.off + SKIP_MIN) {
                /* Long jumps count bytes, more than the characters
                 * there: no window spans them, and counting is slow
                 * (unbounded, offsets stay exact characters). */
                size_t n = r - it.off;
                it.char_off +=
                    sc->bounded && n > 4 * len_chars + 256 ? n : count_chars(sc->s, it.off, r);
                it.off = r;
                it.gap = 1; /* no match spans the jump */
                count = 0;
            }
            check_at = cand + 1;
        }
        if (!zc_unit_next(&it, &u) || u.char_off >= deadline)
            break;
        if (sc->bounded && deadline == SIZE_MAX && (u.byte_off > stop_b || out->n >= MAX_MATCHES)) {
            *elig = u.char_off;
            deadline = u.char_off + 2 * len_chars + 64;
        }
        runit *cur = &ring[count % sc->maxlen];
        *cur = (runit){u.byte_off,
                       u.byte_off + u.byte_len,
                       u.char_off,
                       u.char_off + u.char_len,
                       term_key(u.term, u.term_len),
                       u.pos};
        count++;
        for (size_t p = 0; p < sc->npats && rc == ZC_OK; p++) {
            size_t k = sc->pi[p].n;
            const uint64_t *key = sc->pi[p].key;
            if (k == 0 || k > count || cur->key != key[k - 1])
                continue;
            size_t first = count - k;
            const runit *f = &ring[first % sc->maxlen];
            int ok = cur->pos == f->pos + k - 1;
            for (size_t j = 0; ok && j + 1 < k; j++) {
                const runit *x = &ring[(first + j) % sc->maxlen];
                ok = x->pos == f->pos + j && x->key == key[j];
            }
            /* Letters and digits at its edges as whole runs, as the
             * index's edge terms ask (index/schema.h). */
            if (ok && zc_unit_whole_runs(sc->s, sc->len, f->b0, cur->b1 - f->b0)) {
                rc = push_match(out, f, cur, p);
                if (out->n == 1 && sc->bounded)
                    stop_b = f->b0 > SIZE_MAX - HORIZON ? SIZE_MAX : f->b0 + HORIZON;
            }
        }
        if (rc)
            break;
    }
    free(ring);
    return rc;
}

static int collect_in(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                      size_t len_chars, int bounded, zc_snip_matches *m, size_t *elig)
{
    *elig = SIZE_MAX;
    scan sc = {text, text_len, pats,   calloc(npats ? npats : 1, sizeof(pat_info)), npats, 0,
               1,    NULL,     bounded};
    int rc = sc.pi ? ZC_OK : ZC_ERR_NOMEM;
    if (rc == ZC_OK)
        rc = scan_init(&sc);
    if (rc == ZC_OK)
        rc = collect(&sc, len_chars, m, elig);
    free(sc.pi);
    free(sc.keys);
    return rc;
}

int zc_snip_collect(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                    size_t len_chars, zc_snip_matches *m, size_t *elig)
{
    return collect_in(text, text_len, pats, npats, len_chars, 1, m, elig);
}

int zc_snip_collect_all(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                        zc_snip_matches *m)
{
    size_t elig;
    return collect_in(text, text_len, pats, npats, 0, 0, m, &elig);
}

static int by_place(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->c0 != y->c0)
        return x->c0 < y->c0 ? -1 : 1;
    return x->c1 < y->c1 ? -1 : (x->c1 > y->c1);
}

int zc_snip_spans(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                  size_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    matches m = {0};
    int rc = zc_snip_collect_all(text, text_len, pats, npats, &m);
    size_t *v = rc == ZC_OK ? malloc((2 * m.n + 1) * sizeof *v) : NULL;
    if (rc == ZC_OK && !v)
        rc = ZC_ERR_NOMEM;
    if (rc == ZC_OK) {
        qsort(m.v, m.n, sizeof *m.v, by_place);
        /* Joined as a snippet's highlights are (snippet.c): a match that
         * starts inside the last one extends it. */
        size_t k = 0;
        for (size_t i = 0; i < m.n; i++) {
            if (k && m.v[i].c0 < v[2 * k - 1]) {
                if (m.v[i].c1 > v[2 * k - 1])
                    v[2 * k - 1] = m.v[i].c1;
            } else {
                v[2 * k] = m.v[i].c0;
                v[2 * k + 1] = m.v[i].c1;
                k++;
            }
        }
        *out = v;
        *n = k;
    }
    free(m.v);
    return rc;
}
