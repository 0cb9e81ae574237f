/* Building the Xapian query: each clause is a phrase of its units, so it
 * matches exactly where its text occurs contiguously (dict/unit.h). */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "search_internal.h"

static int pattern_query(const zc_pattern *p, zc_xquery **out, zc_error *err)
{
    if (p->n == 1)
        return zc_xquery_term(p->terms[0], 1, 1, out, err);
    zc_xquery **subs = calloc(p->n, sizeof *subs);
    if (!subs)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building query");
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < p->n; i++)
        rc = zc_xquery_term(p->terms[i], 1, (unsigned)(i + 1), &subs[i], err);
    if (rc == ZC_OK)
        rc = zc_xquery_combine(ZC_XOP_PHRASE, subs, p->n, (unsigned)p->n, out, err);
    for (size_t i = 0; i < p->n; i++)
        zc_xquery_free(subs[i]);
    free(subs);
    return rc;
}

int zc_query_build(const zc_query *q, const zc_pattern *pats, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    zc_xquery **subs = calloc(q->n, sizeof *subs);
    if (!subs)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building query");
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < q->n; i++) {
        if (pats[i].n == 0)
            rc = zc_err_set(err, ZC_ERR_QUERY, "empty phrase at character %zu of the query",
                            q->clauses[i].where + 1);
        else
            rc = pattern_query(&pats[i], &subs[i], err);
    }
    if (rc == ZC_OK)
        rc = zc_xquery_combine(ZC_XOP_AND, subs, q->n, 0, out, err);
    for (size_t i = 0; i < q->n; i++)
        zc_xquery_free(subs[i]);
    free(subs);
    return rc;
}
