/* Ranking a count's matches: the candidates for the page of hits, in rank
 * order. The rank query was compiled with the match query (compile.c) and
 * runs within the documents the count recorded, where it could record them;
 * Xapian may skip what cannot reach the page, so this is fast, and the
 * total comes from the count. Not where keywords are alternatives (an
 * OR, --any): libxapian 1.4's pruning of an OR of such branches was seen
 * to lose a hit (docs/xapian.md), so those weigh every match.
 *
 * Relevance order breaks ties by id, so that it is the same in one index
 * and in shards: Xapian's merge of shards prunes equal weights unless
 * every match is examined (check_at_least), and a document may weigh a
 * few ulps apart in the two layouts (subquery weights are summed in an
 * order that depends on each shard's statistics), so ZC_TIE_SLACK more
 * hits on each side are fetched and near ties reordered by id (page.c).
 * Where more hits than that tie with the page's first or last (reports
 * of the same counts and lengths, whose weights differ by those ulps
 * alone), the fetch grows until it holds all of them. */
#include <math.h>
#include <stdint.h>

#include "common/err.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"

#define ZC_TIE_SLACK 16u
/* Weights within this relative difference are a tie (as page.c sorts). */
#define ZC_TIE_REL 1e-9

static int tied(double a, double b)
{
    double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= ZC_TIE_REL * scale;
}

/* Whether set, fetched from `from`, n at most, may miss hits tied with
 * the page's first (*head) or last (*tail): [offset, offset + limit). */
static void ties_cut(const zc_xmset *set, unsigned from, unsigned n, unsigned offset,
                     unsigned limit, int *head, int *tail)
{
    size_t size = zc_xmset_size(set);
    *head = *tail = 0;
    if (size == 0 || limit == 0)
        return;
    size_t first = offset - from, last = offset + limit - 1 - from;
    if (from > 0 && first < size)
        *head = tied(zc_xmset_weight(set, 0), zc_xmset_weight(set, first));
    if (size == n && last < size)
        *tail = tied(zc_xmset_weight(set, size - 1), zc_xmset_weight(set, last));
}

int zc_rank(zc_index *ix, const zc_compiled *c, const zc_search_options *o, uint64_t total,
            int whole, zc_rank_out *out, zc_error *err)
{
    const zc_xquery *q = c->rank;
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
    if (c->rank_every || zc_index_test_get(ix, ZC_TEST_RANK_EVERY_MATCH))
        check = total > UINT32_MAX ? UINT32_MAX : (unsigned)total;
    if (whole) { /* a part's candidates: all that could make the page */
        n += from;
        from = 0;
    }
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(out->e, from, n, check, &out->set, err);
    int head = 0, tail = 0;
    if (rc == ZC_OK && o->sort == ZC_SORT_RELEVANCE)
        ties_cut(out->set, from, n, o->offset, o->limit, &head, &tail);
    while (rc == ZC_OK && (head || tail)) {
        if (head) {
            n += from;
            from = 0;
        }
        if (tail)
            n = n > UINT32_MAX / 2 ? UINT32_MAX : n * 2;
        zc_xmset_free(out->set);
        out->set = NULL;
        rc = zc_xenquire_get_mset(out->e, from, n, check, &out->set, err);
        if (rc == ZC_OK)
            ties_cut(out->set, from, n, o->offset, o->limit, &head, &tail);
    }
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
