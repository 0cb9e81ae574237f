/* Ranking a count's matches: the candidates for the page of hits, in rank
 * order. The rank query was compiled with the match query (compile.c) and
 * runs within the documents the count recorded, where it could record them;
 * Xapian may skip what cannot reach the page, so this is fast, and the
 * total comes from the count.
 *
 * Relevance order breaks ties by id, so that it is the same in one index
 * and in shards: Xapian's merge of shards prunes equal weights unless
 * every match is examined (check_at_least), and a document may weigh a
 * few ulps apart in the two layouts (subquery weights are summed in an
 * order that depends on each shard's statistics), so ZC_TIE_SLACK more
 * hits on each side are fetched and near ties reordered by id (page.c). */
#include <stdint.h>

#include "common/err.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"

#define ZC_TIE_SLACK 16u

/* BM25's parameters for every part of the relevance (searcher/score.c). */
#define ZC_BM25_K1 1.0
#define ZC_BM25_B 0.5

int zc_rank(zc_index *ix, const zc_xquery *q, const zc_search_options *o, uint64_t total, int whole,
            zc_rank_out *out, zc_error *err)
{
    *out = (zc_rank_out){0};
    int rc = zc_xenquire_new(ix->db, &out->e, err);
    unsigned from = o->offset, n = o->limit, check = 0;
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(out->e, q, 0, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_bm25(out->e, ZC_BM25_K1, ZC_BM25_B, err);
    if (rc == ZC_OK && o->sort != ZC_SORT_RELEVANCE) {
        rc = zc_xenquire_set_sort(out->e, ZC_XSORT_VALUE_THEN_RELEVANCE, zc_when_slot(o), 1, err);
    } else if (rc == ZC_OK) {
        rc = zc_xenquire_set_sort(out->e, ZC_XSORT_RELEVANCE_THEN_VALUE, ZC_SLOT_ID, 0, err);
        from = o->offset > ZC_TIE_SLACK ? o->offset - ZC_TIE_SLACK : 0;
        n = o->limit + (o->offset - from) + ZC_TIE_SLACK;
        if (zc_xdb_shard_count(ix->db) > 1)
            check = total > UINT32_MAX ? UINT32_MAX : (unsigned)total;
    }
    if (whole) { /* a part's candidates: all that could make the page */
        n += from;
        from = 0;
    }
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(out->e, from, n, check, &out->set, err);
    if (rc == ZC_OK) /* remote shards: the page's documents in one exchange */
        rc = zc_xmset_fetch(out->set, err);
    out->first = from;
    if (rc)
        zc_rank_free(out);
    return rc;
}

void zc_rank_free(zc_rank_out *out)
{
    /* The set before the enquire that made it. */
    zc_xmset_free(out->set);
    zc_xenquire_free(out->e);
    *out = (zc_rank_out){0};
}
