/* Parsing the query language: keywords separated by blanks, "phrases". */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "dict/unit.h"
#include "search_internal.h"

void zc_query_free(zc_query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++)
        free(q->clauses[i].text);
    free(q->clauses);
    free(q);
}

static int is_open_quote(uint32_t cp) { return cp == '"' || cp == 0x201C; }
static int is_close_quote(uint32_t cp) { return cp == '"' || cp == 0x201D; }

static int add_clause(zc_query *q, const char *s, size_t len, size_t where, int phrase,
                      zc_error *err)
{
    zc_clause *c = realloc(q->clauses, (q->n + 1) * sizeof *c);
    if (!c)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing query");
    q->clauses = c;
    char *t = malloc(len + 1);
    if (!t)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing query");
    memcpy(t, s, len);
    t[len] = '\0';
    q->clauses[q->n++] = (zc_clause){t, where, phrase};
    return ZC_OK;
}

int zc_query_parse_flat(const char *text, zc_query **out, zc_error *err)
{
    *out = NULL;
    size_t len = strlen(text), bad;
    if (!zc_utf8_valid(text, len, &bad))
        return zc_err_set(err, ZC_ERR_QUERY, "query is not valid UTF-8 (byte %zu)", bad);
    zc_query *q = calloc(1, sizeof *q);
    if (!q)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing query");
    size_t i = 0, chars = 0;
    int rc = ZC_OK;
    while (rc == ZC_OK && i < len) {
        uint32_t cp;
        size_t n = zc_utf8_decode(text + i, len - i, &cp);
        if (zc_is_space(cp) || zc_is_newline(cp)) {
            i += n, chars++;
            continue;
        }
        size_t start = i, where = chars;
        if (is_open_quote(cp)) {
            i += n, chars++;
            size_t body = i;
            int closed = 0;
            while (i < len) {
                n = zc_utf8_decode(text + i, len - i, &cp);
                if (is_close_quote(cp)) {
                    closed = 1;
                    break;
                }
                i += n, chars++;
            }
            if (!closed) {
                rc = zc_err_set(err, ZC_ERR_QUERY,
                                "unbalanced quote at character %zu of the query: add the "
                                "closing quote",
                                where + 1);
                break;
            }
            rc = add_clause(q, text + body, i - body, where, 1, err);
            i += n, chars++;
            continue;
        }
        while (i < len) {
            n = zc_utf8_decode(text + i, len - i, &cp);
            if (zc_is_space(cp) || zc_is_newline(cp) || is_open_quote(cp))
                break;
            i += n, chars++;
        }
        rc = add_clause(q, text + start, i - start, where, 0, err);
    }
    if (rc == ZC_OK && q->n == 0)
        rc = zc_err_set(err, ZC_ERR_QUERY, "empty query: give at least one keyword");
    if (rc) {
        zc_query_free(q);
        return rc;
    }
    *out = q;
    return ZC_OK;
}

void zc_query_patterns_free(zc_pattern *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++)
        free(p[i].terms);
    free(p);
}

int zc_query_patterns(const zc_query *q, zc_pattern **out, zc_error *err)
{
    zc_pattern *p = calloc(q->n ? q->n : 1, sizeof *p);
    if (!p)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < q->n; i++) {
        const char *t = q->clauses[i].text;
        size_t tl = strlen(t);
        p[i].terms = malloc((tl + 1) * sizeof *p[i].terms);
        if (!p[i].terms) {
            zc_query_patterns_free(p, q->n);
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        }
        zc_unit_iter it;
        zc_unit u;
        zc_unit_iter_init(&it, t, tl);
        while (zc_unit_next(&it, &u))
            memcpy(p[i].terms[p[i].n++], u.term, sizeof u.term);
    }
    *out = p;
    return ZC_OK;
}
