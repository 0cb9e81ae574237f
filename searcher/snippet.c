/* Snippets: a window of the stored text around the first match, with every
 * whole match inside it highlighted. Matches are found with the same unit
 * split as the index, so highlights agree exactly with what matched. */
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "dict/unit.h"
#include "search_internal.h"

typedef struct span {
    size_t c0, c1; /* character offsets [c0, c1) */
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
} spans;

static int spans_push(spans *s, size_t c0, size_t c1)
{
    if (zc_grow((void **)&s->v, s->n, &s->cap, sizeof *s->v, 16))
        return ZC_ERR_NOMEM;
    s->v[s->n++] = (span){c0, c1};
    return ZC_OK;
}

static int by_start(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->c0 != y->c0)
        return x->c0 < y->c0 ? -1 : 1;
    return x->c1 < y->c1 ? 1 : (x->c1 > y->c1 ? -1 : 0);
}

/* Finds the matches of pats up to `horizon` characters past the first one.
 * A ring of the last maxlen units lets each pattern be tested as the text
 * streams by, without holding all units of a large document. */
static int find_matches(const char *text, size_t len, const zc_pattern *pats, size_t npats,
                        size_t horizon, spans *out)
{
    size_t maxlen = 0;
    for (size_t i = 0; i < npats; i++)
        if (pats[i].n > maxlen)
            maxlen = pats[i].n;
    if (maxlen == 0)
        return ZC_OK;
    zc_unit *ring = malloc(maxlen * sizeof *ring);
    if (!ring)
        return ZC_ERR_NOMEM;
    zc_unit_iter it;
    zc_unit_iter_init(&it, text, len);
    size_t count = 0, stop = (size_t)-1;
    int rc = ZC_OK;
    zc_unit u;
    while (rc == ZC_OK && zc_unit_next(&it, &u)) {
        if (u.char_off > stop)
            break;
        ring[count % maxlen] = u;
        count++;
        for (size_t p = 0; p < npats; p++) {
            size_t k = pats[p].n;
            if (k == 0 || k > count)
                continue;
            size_t first = count - k;
            const zc_unit *f = &ring[first % maxlen];
            int ok = 1;
            for (size_t j = 0; ok && j < k; j++) {
                const zc_unit *x = &ring[(first + j) % maxlen];
                ok = x->pos == f->pos + j && x->term_len == strlen(pats[p].terms[j]) &&
                     memcmp(x->term, pats[p].terms[j], x->term_len) == 0;
            }
            if (ok) {
                rc = spans_push(out, f->char_off, u.char_off + u.char_len);
                if (out->n == 1)
                    stop = f->char_off + horizon;
            }
        }
    }
    free(ring);
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
                 size_t len, zc_snippet *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    spans m = {NULL, 0, 0};
    if (find_matches(text, text_len, pats, npats, len, &m))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory making a snippet");
    if (m.n)
        qsort(m.v, m.n, sizeof *m.v, by_start);

    /* The window: a third of the spare room before the first match. */
    size_t start = 0, end = len;
    if (m.n) {
        size_t mlen = m.v[0].c1 - m.v[0].c0;
        size_t before = mlen < len ? (len - mlen) / 3 : 0;
        start = m.v[0].c0 > before ? m.v[0].c0 - before : 0;
        end = start + len;
        if (end < m.v[0].c1)
            end = m.v[0].c1;
    }

    zc_buf b = ZC_BUF_INIT;
    size_t *hl = calloc(2 * (m.n + 1), sizeof *hl);
    size_t nhl = 0, next = 0; /* next match to open */
    size_t ci = 0, oc = 0, i = 0;
    int rc = hl ? ZC_OK : ZC_ERR_NOMEM, in_break = 0;
    if (rc == ZC_OK && start > 0) {
        rc = zc_buf_puts(&b, "…");
        oc = 1;
    }
    while (rc == ZC_OK && i < text_len) {
        uint32_t cp;
        size_t n = zc_utf8_decode(text + i, text_len - i, &cp);
        if (n == 0)
            n = 1, cp = 0xFFFD;
        if (ci >= end) {
            rc = zc_buf_puts(&b, "…");
            break;
        }
        if (ci >= start) {
            /* Open highlights starting here; drop ones that would be cut. */
            while (next < m.n && m.v[next].c0 < ci)
                next++;
            while (next < m.n && m.v[next].c0 == ci) {
                if (m.v[next].c1 <= end) {
                    if (nhl && hl[2 * nhl - 1] > oc) {
                        /* overlaps the previous one: extend it */
                        size_t e = oc + (m.v[next].c1 - ci);
                        if (e > hl[2 * nhl - 1])
                            hl[2 * nhl - 1] = e;
                    } else {
                        hl[2 * nhl] = oc;
                        hl[2 * nhl + 1] = oc + (m.v[next].c1 - ci);
                        nhl++;
                    }
                }
                next++;
            }
            /* Line breaks (and blanks next to them) print as one space;
             * no match contains a line break, so offsets stay exact. */
            if (zc_is_newline(cp) || (in_break && zc_is_space(cp) && !(nhl && hl[2 * nhl - 1] > oc))) {
                if (!in_break) {
                    rc = zc_buf_putc(&b, ' ');
                    oc++;
                }
                in_break = 1;
            } else {
                in_break = 0;
                rc = zc_buf_append(&b, text + i, n);
                oc++;
            }
        }
        i += n;
        ci++;
    }
    free(m.v);
    if (rc) {
        free(hl);
        zc_buf_free(&b);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory making a snippet");
    }
    out->text = zc_buf_detach(&b);
    out->hl = hl;
    out->n_hl = nhl;
    return ZC_OK;
}
