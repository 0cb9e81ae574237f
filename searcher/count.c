/* Counting a match set exactly, with its facets.
 *
 * A search examines every match (the total is exact and the facets count
 * them all), and a keyword is checked in the position lists of every
 * document holding all of its characters: on a large collection most of a
 * search's time goes here. A part of a split search (parts.c) counts its
 * docid range; the parts' totals, facet counts and matched documents add
 * up to the whole. */
#include <stdlib.h>

#include "common/err.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"

int zc_count(zc_index *ix, const zc_xquery *q, zc_xdocid lo, zc_xdocid hi, int facets,
             zc_xdocs *docs, zc_count_out *out, zc_error *err)
{
    *out = (zc_count_out){0};
    zc_xquery *range = NULL;
    zc_xdb_stats st;
    zc_xmset *m = NULL;
    int rc = ZC_OK;
    if (hi) {
        rc = zc_xquery_docid_range(lo, hi, &range, err);
        if (rc == ZC_OK)
            rc = zc_xquery_pair(ZC_XOP_FILTER, q, range, &out->ran, err);
    } else {
        rc = zc_xquery_copy(q, &out->ran, err);
    }
    if (rc == ZC_OK)
        rc = zc_xdb_stats_get(ix->db, &st, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_new(ix->db, &out->e, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(out->e, out->ran, 0, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_bool_weight(out->e, err);
    if (rc == ZC_OK && facets)
        rc = zc_xenquire_add_facet(out->e, ZC_SLOT_FACETS, 0, 0, &out->keys, err);
    if (rc == ZC_OK && docs)
        zc_xenquire_record_docs(out->e, docs); /* where it can: one local database */
    /* Every match examined (check_at_least past the last document), none
     * kept. */
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(out->e, 0, 0, (unsigned)st.doc_count + 1, &m, err);
    if (rc == ZC_OK)
        out->total = zc_xmset_estimated(m);
    zc_xmset_free(m);
    zc_xquery_free(range);
    if (rc)
        zc_count_free(out);
    return rc;
}

void zc_count_free(zc_count_out *out)
{
    zc_xenquire_free(out->e);
    zc_xquery_free(out->ran);
    *out = (zc_count_out){0};
}
