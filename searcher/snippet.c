/* Snippets: up to three fragments of the stored text around the densest
 * clusters of matches, with every whole match inside them highlighted.
 * Matches are found with the same unit split as the index (text/unit.h),
 * so highlights agree exactly with what matched. docs/snippets.md tells
 * how the window is chosen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "snippet.h"
#include "snippet_scan.h"
#include "text/unit.h"

enum {
    MAX_FRAGS = 3,
    EDGE_EXT = 8, /* characters an edge may move to keep a match whole */
    MAX_LEN = 1 << 16,
};

typedef zc_snip_match match;
typedef zc_snip_matches matches;

typedef struct frag {
    size_t c0, c1, b0;
    int clean; /* starts the text or a sentence: no "…" before it */
} frag;

static int is_break(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == '!' || cp == '?' ||
           cp == ';' || zc_is_newline(cp);
}

/* Up to max characters from byte b to the end of the text. */
static size_t count_forward(const char *s, size_t len, size_t b, size_t max)
{
    size_t n = 0;
    while (b < len && n < max) {
        uint32_t cp;
        size_t k = zc_utf8_decode(s + b, len - b, &cp);
        b += k ? k : 1;
        n++;
    }
    return n;
}

static int by_start(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->c0 != y->c0)
        return x->c0 < y->c0 ? -1 : 1;
    return x->c1 < y->c1 ? -1 : (x->c1 > y->c1);
}

typedef struct endkey {
    size_t c1, i;
} endkey;

static int by_end(const void *a, const void *b)
{
    const endkey *x = a, *y = b;
    if (x->c1 != y->c1)
        return x->c1 < y->c1 ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

/* What choosing windows needs besides the matches. */
typedef struct chooser {
    const char *s;
    size_t len, npats, elig;
    const matches *m;
    endkey *ends;        /* matches by end */
    unsigned char *in;   /* per match: inside the current window */
    size_t *cnt;         /* per pattern: matches in the window */
    unsigned char *want; /* per pattern: counts as distinct */
    unsigned char *covered;
} chooser;

static int overlaps(const frag *fr, size_t nfr, size_t a, size_t b)
{
    for (size_t k = 0; k < nfr; k++)
        if (a < fr[k].c1 && fr[k].c0 < b)
            return 1;
    return 0;
}

/* The window [s, s+W) starting at a match that holds the most wanted
 * distinct patterns, then the most matches, then the earliest; a sweep
 * where matches enter by end and leave by start. Returns the index of its
 * first match, or SIZE_MAX if none holds a wanted pattern. */
static size_t best_window(chooser *ch, size_t W, const frag *fr, size_t nfr)
{
    const matches *m = ch->m;
    memset(ch->in, 0, m->n);
    memset(ch->cnt, 0, ch->npats * sizeof *ch->cnt);
    size_t enter = 0, leave = 0, distinct = 0, total = 0;
    size_t best = SIZE_MAX, best_d = 0, best_t = 0;
    for (size_t i = 0; i < m->n; i++) {
        size_t s = m->v[i].c0;
        if (s >= ch->elig)
            break;
        if (i > 0 && m->v[i - 1].c0 == s)
            continue;
        for (; leave < m->n && m->v[leave].c0 < s; leave++) {
            if (ch->in[leave]) {
                ch->in[leave] = 0;
                size_t p = m->v[leave].pat;
                total--;
                if (--ch->cnt[p] == 0 && ch->want[p])
                    distinct--;
            }
        }
        for (; enter < m->n && ch->ends[enter].c1 <= s + W; enter++) {
            size_t k = ch->ends[enter].i;
            if (m->v[k].c0 >= s) {
                ch->in[k] = 1;
                size_t p = m->v[k].pat;
                total++;
                if (ch->cnt[p]++ == 0 && ch->want[p])
                    distinct++;
            }
        }
        if (distinct > best_d || (distinct == best_d && total > best_t)) {
            if (!overlaps(fr, nfr, s, s + W))
                best = i, best_d = distinct, best_t = total;
        }
    }
    return best_d ? best : SIZE_MAX;
}

/* Index of the first match starting at or after c. */
static size_t lower_bound(const matches *m, size_t c)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid].c0 < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Places a fragment of about W characters around the window's matches
 * i.. (those within [s, s+W)): just after a sentence boundary if one is
 * close before, else with a third of the spare room before; edges move a
 * little to keep a match they would cut whole. */
static int place(chooser *ch, size_t i, size_t W, frag *f)
{
    const matches *m = ch->m;
    size_t s = m->v[i].c0, e = m->v[i].c1, be = m->v[i].b1;
    for (size_t j = i; j < m->n && m->v[j].c0 < s + W; j++)
        if (m->v[j].c1 <= s + W && m->v[j].c1 > e)
            e = m->v[j].c1, be = m->v[j].b1;
    size_t spare = W > e - s ? W - (e - s) : 0;
    size_t look = W / 5 < spare ? W / 5 : spare;
    size_t *bk = malloc((spare + 1) * sizeof *bk);
    if (!bk)
        return ZC_ERR_NOMEM;
    size_t nb = 0, brk = SIZE_MAX, b = m->v[i].b0;
    bk[0] = b;
    while (nb < spare && b > 0) {
        uint32_t cp;
        b = zc_snip_prev_char(ch->s, b, &cp);
        if (brk == SIZE_MAX && nb <= look && is_break(cp))
            brk = nb;
        bk[++nb] = b;
    }
    if (b == 0 && nb <= look)
        brk = nb; /* the text's start is the best start */
    size_t before;
    if (brk != SIZE_MAX) {
        before = brk;
    } else {
        size_t tail = count_forward(ch->s, ch->len, be, spare);
        before = spare / 3;
        if (tail < spare - before)
            before = spare - tail;
        if (before > nb)
            before = nb;
    }
    f->c0 = s - before;
    f->b0 = bk[before];
    f->c1 = e + (spare - before);
    f->clean = brk != SIZE_MAX || f->b0 == 0;
    free(bk);
    for (int round = 0; round < 3; round++) {
        int moved = 0;
        size_t k = lower_bound(m, f->c0);
        for (size_t j = k, steps = 0; j-- > 0 && steps < 256; steps++) {
            if (m->v[j].c1 > f->c0 && f->c0 - m->v[j].c0 <= EDGE_EXT) {
                f->c0 = m->v[j].c0, f->b0 = m->v[j].b0, f->clean = 0, moved = 1;
                break;
            }
        }
        k = lower_bound(m, f->c1);
        for (size_t j = k, steps = 0; j-- > 0 && steps < 256; steps++) {
            if (m->v[j].c1 > f->c1 && m->v[j].c1 - f->c1 <= EDGE_EXT) {
                f->c1 = m->v[j].c1, moved = 1;
                break;
            }
        }
        if (!moved)
            break;
    }
    for (size_t j = lower_bound(m, f->c0); j < m->n && m->v[j].c0 < f->c1; j++)
        if (m->v[j].c1 <= f->c1)
            ch->covered[m->v[j].pat] = 1;
    return ZC_OK;
}

/* Chooses up to MAX_FRAGS fragments: one if it holds every pattern that
 * matched, else the budget is split so further fragments can show the
 * patterns it misses. */
static int choose(chooser *ch, size_t len, frag *fr, size_t *nfr)
{
    size_t np = ch->npats;
    unsigned char *present = calloc(np ? np : 1, 1);
    if (!present)
        return ZC_ERR_NOMEM;
    for (size_t j = 0; j < ch->m->n && ch->m->v[j].c0 < ch->elig; j++)
        present[ch->m->v[j].pat] = 1;
    int rc = ZC_OK;
    for (size_t f = 1; f <= MAX_FRAGS && rc == ZC_OK; f++) {
        size_t W = len > 2 * f + 1 ? (len - f - 1) / f : 1;
        memcpy(ch->want, present, np);
        memset(ch->covered, 0, np);
        *nfr = 0;
        size_t i = best_window(ch, W, fr, 0);
        if (i == SIZE_MAX)
            i = 0; /* every match is longer than W */
        rc = place(ch, i, W, &fr[(*nfr)++]);
        int missing = 1;
        while (rc == ZC_OK) {
            missing = 0;
            for (size_t p = 0; p < np; p++) {
                ch->want[p] = present[p] && !ch->covered[p];
                missing |= ch->want[p];
            }
            if (!missing || *nfr == f)
                break;
            i = best_window(ch, W, fr, *nfr);
            if (i == SIZE_MAX)
                break;
            rc = place(ch, i, W, &fr[(*nfr)++]);
        }
        if (!missing)
            break;
    }
    free(present);
    return rc;
}

static int by_frag(const void *a, const void *b)
{
    const frag *x = a, *y = b;
    return x->c0 < y->c0 ? -1 : (x->c0 > y->c0);
}

typedef struct out {
    zc_buf b;
    size_t oc;  /* characters written */
    size_t *hl; /* highlights so far */
    size_t nhl;
} out;

static int put(out *o, const char *s, size_t n)
{
    o->oc++;
    return zc_buf_append(&o->b, s, n);
}

static void highlight(out *o, size_t a, size_t z)
{
    if (o->nhl && a < o->hl[2 * o->nhl - 1]) {
        if (z > o->hl[2 * o->nhl - 1])
            o->hl[2 * o->nhl - 1] = z;
    } else {
        o->hl[2 * o->nhl] = a;
        o->hl[2 * o->nhl + 1] = z;
        o->nhl++;
    }
}

/* Writes fragment f: units as in the text (a blank run as one space, a
 * line break as one space unless a blank is beside it, leading and
 * trailing blanks dropped), recording the output offsets of the matches
 * wholly inside it. Sets *more if units follow. */
static int render(const chooser *ch, const frag *f, out *o, int *more)
{
    const matches *m = ch->m;
    size_t lo = lower_bound(m, f->c0), hi = lo;
    while (hi < m->n && m->v[hi].c0 < f->c1)
        hi++;
    size_t n = hi - lo;
    size_t *o0 = malloc((2 * n + 1) * sizeof *o0);
    endkey *ek = malloc((n + 1) * sizeof *ek);
    if (!o0 || !ek) {
        free(o0);
        free(ek);
        return ZC_ERR_NOMEM;
    }
    size_t *o1 = o0 + n, ne = 0;
    for (size_t j = lo; j < hi; j++)
        if (m->v[j].c1 <= f->c1)
            ek[ne++] = (endkey){m->v[j].c1, j - lo};
    qsort(ek, ne, sizeof *ek, by_end);
    zc_unit_iter it;
    zc_unit_iter_init(&it, ch->s, ch->len);
    it.off = f->b0;
    it.char_off = f->c0;
    for (size_t j = 0; j < 2 * n; j++)
        o0[j] = SIZE_MAX;
    size_t ps = lo, pe = 0, start = o->oc, last_pos = 0;
    int rc = ZC_OK, last_space = 0;
    zc_unit u;
    *more = 0;
    while (rc == ZC_OK && zc_unit_next(&it, &u)) {
        if (u.char_off >= f->c1) {
            *more = 1;
            break;
        }
        int gap = o->oc > start && u.pos > last_pos + 1;
        last_pos = u.pos;
        while (ps < hi && m->v[ps].c0 < u.char_off)
            ps++;
        int opens = ps < hi && m->v[ps].c0 == u.char_off;
        /* A blank leading the fragment, or beside a line break, is only
         * shown if a match starts with it. */
        if (u.cp == ' ' && !opens && (o->oc == start || (gap && last_space)))
            continue;
        if (u.cp != ' ' && gap && !last_space)
            rc = put(o, " ", 1);
        for (; ps < hi && m->v[ps].c0 == u.char_off; ps++)
            o0[ps - lo] = o->oc;
        if (rc == ZC_OK) {
            if (u.cp == ' ')
                rc = put(o, " ", 1);
            else if (u.cp == 0xFFFD)
                rc = put(o, "\xEF\xBF\xBD", 3);
            else
                rc = put(o, ch->s + u.byte_off, u.byte_len);
        }
        last_space = u.cp == ' ';
        for (; pe < ne && ek[pe].c1 <= u.char_off + u.char_len; pe++)
            o1[ek[pe].i] = o->oc;
    }
    /* Highlights in order of start, since the matches are. */
    for (size_t j = lo; rc == ZC_OK && j < hi; j++)
        if (o0[j - lo] != SIZE_MAX && o1[j - lo] != SIZE_MAX)
            highlight(o, o0[j - lo], o1[j - lo]);
    if (last_space && o->oc > start && !(o->nhl && o->hl[2 * o->nhl - 1] == o->oc)) {
        o->b.len--;
        o->b.data[o->b.len] = '\0';
        o->oc--;
    }
    free(o0);
    free(ek);
    return rc;
}

void zc_snip_free(zc_snippet *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->hl);
    memset(s, 0, sizeof *s);
}

int zc_snip_make(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                 size_t len, zc_snippet *res, zc_error *err)
{
    memset(res, 0, sizeof *res);
    if (len > MAX_LEN)
        len = MAX_LEN;
    if (len < 1)
        len = 1;
    matches m = {NULL, 0, 0};
    chooser ch = {text, text_len, npats, SIZE_MAX, &m, NULL, NULL, NULL, NULL, NULL};
    out o = {ZC_BUF_INIT, 0, NULL, 0};
    frag fr[MAX_FRAGS];
    size_t nfr = 0;
    int rc = zc_snip_collect(text, text_len, pats, npats, len, &m, &ch.elig);
    if (rc == ZC_OK && m.n) {
        qsort(m.v, m.n, sizeof *m.v, by_start);
        ch.ends = malloc(m.n * sizeof *ch.ends);
        ch.in = malloc(m.n);
        ch.cnt = malloc((npats + 1) * sizeof *ch.cnt);
        ch.want = malloc(npats + 1);
        ch.covered = malloc(npats + 1);
        o.hl = malloc(2 * m.n * sizeof *o.hl);
        if (!ch.ends || !ch.in || !ch.cnt || !ch.want || !ch.covered || !o.hl)
            rc = ZC_ERR_NOMEM;
        for (size_t j = 0; rc == ZC_OK && j < m.n; j++)
            ch.ends[j] = (endkey){m.v[j].c1, j};
        if (rc == ZC_OK) {
            qsort(ch.ends, m.n, sizeof *ch.ends, by_end);
            rc = choose(&ch, len, fr, &nfr);
        }
    } else if (rc == ZC_OK) {
        /* No match: the start of the text. */
        fr[nfr++] = (frag){0, len > 1 ? len - 1 : 1, 0, 1};
    }
    if (rc == ZC_OK && nfr) {
        qsort(fr, nfr, sizeof *fr, by_frag);
        size_t k = 0;
        for (size_t j = 1; j < nfr; j++) {
            if (fr[j].c0 <= fr[k].c1) {
                if (fr[j].c1 > fr[k].c1)
                    fr[k].c1 = fr[j].c1;
            } else {
                fr[++k] = fr[j];
            }
        }
        nfr = k + 1;
    }
    int more = 0;
    for (size_t k = 0; rc == ZC_OK && k < nfr; k++) {
        if (k > 0 || !fr[k].clean)
            rc = put(&o, "…", strlen("…"));
        if (rc == ZC_OK)
            rc = render(&ch, &fr[k], &o, &more);
    }
    if (rc == ZC_OK && more)
        rc = put(&o, "…", strlen("…"));
    free(m.v);
    free(ch.ends);
    free(ch.in);
    free(ch.cnt);
    free(ch.want);
    free(ch.covered);
    if (rc) {
        free(o.hl);
        zc_buf_free(&o.b);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory making a snippet");
    }
    res->text = zc_buf_detach(&o.b);
    res->hl = o.hl;
    res->n_hl = o.nhl;
    return ZC_OK;
}
