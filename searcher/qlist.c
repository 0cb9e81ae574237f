/* Lists of queries, and the small rewrites the compiler makes of one query. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"
#include "compile_internal.h"

static int oom(zc_error *err)
{
    return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
}

/* Frees every query of v[0..n) and v itself. */
void zc_qlist_free_all(zc_xquery **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        zc_xquery_free(v[i]);
    free(v);
}

int zc_qlist_push(zc_qlist *l, zc_xquery *q, zc_error *err)
{
    if (!q)
        return ZC_OK;
    if (zc_grow((void **)&l->v, l->n, &l->cap, sizeof *l->v, 8)) {
        zc_xquery_free(q);
        return oom(err);
    }
    l->v[l->n++] = q;
    return ZC_OK;
}

void zc_qlist_free(zc_qlist *l)
{
    zc_qlist_free_all(l->v, l->n);
    *l = (zc_qlist){0};
}

/* Combines the list with op into *out (NULL when the list is empty; the
 * only entry itself when there is one) and empties the list. */
int zc_qlist_combine(zc_qlist *l, zc_xop op, unsigned param, zc_xquery **out, zc_error *err)
{
    *out = NULL;
    int rc = ZC_OK;
    if (l->n == 1) {
        *out = l->v[0];
        l->n = 0;
    } else if (l->n > 1) {
        rc = zc_xquery_combine(op, l->v, l->n, param, out, err);
    }
    zc_qlist_free(l);
    return rc;
}

/* *q = op(*q, other), consuming other; either may be NULL. */
int zc_query_merge(zc_xop op, zc_xquery **q, zc_xquery *other, zc_error *err)
{
    if (!other)
        return ZC_OK;
    if (!*q) {
        *q = other;
        return ZC_OK;
    }
    zc_xquery *r = NULL;
    int rc = zc_xquery_pair(op, *q, other, &r, err);
    zc_xquery_free(*q);
    zc_xquery_free(other);
    *q = r;
    return rc;
}

/* Replaces *q by the fixed boost weight on what it matches. */
int zc_query_boost(zc_xquery **q, double weight, zc_error *err)
{
    if (!*q)
        return ZC_OK;
    zc_xquery *r = NULL;
    int rc = zc_xquery_fixed_weight(*q, weight, &r, err);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

int zc_query_scale(zc_xquery **q, double factor, zc_error *err)
{
    if (!*q || factor == 1.0)
        return ZC_OK;
    zc_xquery *r = NULL;
    int rc = zc_xquery_scale_weight(*q, factor, &r, err);
    zc_xquery_free(*q);
    *q = r;
    return rc;
}

/* ------------------------------------------------------------ both sides */

void zc_qpair_free(zc_qpair *q)
{
    zc_xquery_free(q->m);
    zc_xquery_free(q->r);
    *q = (zc_qpair){0};
}

/* Pushes each side of q onto its list; takes q, also when it fails. */
int zc_qpairs_push(zc_qpairs *l, zc_qpair *q, zc_error *err)
{
    int rc = zc_qlist_push(&l->m, q->m, err);
    q->m = NULL;
    if (rc == ZC_OK)
        rc = zc_qlist_push(&l->r, q->r, err);
    else
        zc_xquery_free(q->r);
    q->r = NULL;
    return rc;
}

void zc_qpairs_free(zc_qpairs *l)
{
    zc_qlist_free(&l->m);
    zc_qlist_free(&l->r);
}

int zc_qpairs_combine(zc_qpairs *l, zc_xop op, unsigned param, zc_qpair *out, zc_error *err)
{
    *out = (zc_qpair){0};
    int rc = zc_qlist_combine(&l->m, op, param, &out->m, err);
    if (rc == ZC_OK)
        rc = zc_qlist_combine(&l->r, op, param, &out->r, err);
    zc_qpairs_free(l);
    if (rc)
        zc_qpair_free(out);
    return rc;
}

/* Each side of *q = op(that side, the same side of other); takes other. */
int zc_qpair_merge(zc_xop op, zc_qpair *q, zc_qpair *other, zc_error *err)
{
    int rc = zc_query_merge(op, &q->m, other->m, err);
    other->m = NULL;
    if (rc == ZC_OK)
        rc = zc_query_merge(op, &q->r, other->r, err);
    else
        zc_xquery_free(other->r);
    other->r = NULL;
    return rc;
}

int zc_qpair_scale(zc_qpair *q, double factor, zc_error *err)
{
    int rc = zc_query_scale(&q->m, factor, err);
    return rc ? rc : zc_query_scale(&q->r, factor, err);
}

int zc_qpair_both(const cc *c, zc_xquery *q, zc_qpair *out, zc_error *err)
{
    *out = (zc_qpair){q, NULL};
    int rc = c->rank && q ? zc_xquery_copy(q, &out->r, err) : ZC_OK;
    if (rc)
        zc_qpair_free(out);
    return rc;
}
