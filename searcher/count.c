/* Counting a match set exactly, with its facets, in parallel over docid
 * ranges of a large local index.
 *
 * A search examines every match (the total is exact and the facets count
 * them all), and a keyword is checked in the position lists of every
 * document holding all of its characters: on a large collection most of a
 * search's time goes here, on one core. The work splits cleanly by docid:
 * each part runs the same query ANDed with its range on a handle of its
 * own (Xapian handles are not shared between threads), and the parts'
 * totals, facet counts and matched documents add up to the whole. Every
 * part reads the same revision, or the count is not split. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "index/index.h"
#include "index/schema.h"
#include "search_internal.h"

/* Documents (by docid span) a part takes at least: below that a thread
 * costs more than it saves. The handle's ZC_TEST_COUNT_PART_DOCS
 * overrides (tests). */
#define ZC_COUNT_PART_DOCS 20000u

typedef struct part {
    zc_index *view;     /* the handle this part reads */
    const zc_xquery *q; /* part 0: the caller's query; others make their own */
    const zc_count_opts *o;
    zc_xdocid lo, hi; /* hi 0: the whole index, no range */
    zc_xenquire *e;   /* the count: its facet spy and recorded docs */
    zc_xspy *keys;
    uint64_t total;
    zc_xenquire *re; /* the ranking of the part's matches (o->rank) */
    zc_xmset *rm;
    unsigned first;
    int rc;
    zc_error err;
} part;

/* Ranks the part's matches (its recorded documents, where they could be
 * kept) with o->rank. */
static int rank_part(part *p)
{
    zc_xquery *docs = NULL;
    int rc = zc_xenquire_docs_query(p->e, &docs, &p->err);
    if (rc == ZC_OK)
        rc = p->o->rank(p->o->ctx, p->view, docs, p->total, p->hi != 0, &p->re, &p->rm, &p->first,
                        &p->err);
    zc_xquery_free(docs);
    return rc;
}

/* Runs one part: the query (within lo..hi), unweighted, every match
 * examined and none kept; then, with o->rank, the ranking of its matches. */
static int run_part(part *p)
{
    zc_xquery *own = NULL, *ranged = NULL, *range = NULL;
    zc_xdb_stats st;
    zc_xmset *m = NULL;
    zc_error *err = &p->err;
    int rc = ZC_OK;
    const zc_xquery *q = p->q;
    if (!q) {
        rc = p->o->make(p->o->ctx, p->view, &own, err);
        q = own;
    }
    if (rc == ZC_OK && p->hi) {
        rc = zc_xquery_docid_range(p->lo, p->hi, &range, err);
        if (rc == ZC_OK)
            rc = zc_xquery_pair(ZC_XOP_FILTER, q, range, &ranged, err);
        q = ranged;
    }
    if (rc == ZC_OK)
        rc = zc_xdb_stats_get(p->view->db, &st, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_new(p->view->db, &p->e, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_query(p->e, q, 0, err);
    if (rc == ZC_OK)
        rc = zc_xenquire_set_bool_weight(p->e, err);
    if (rc == ZC_OK && p->o->facets)
        rc = zc_xenquire_add_facet(p->e, ZC_SLOT_FACETS, 0, 0, &p->keys, err);
    if (rc == ZC_OK && p->o->rank)
        zc_xenquire_record_docs(p->e); /* where it can: one local database */
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(p->e, 0, 0, (unsigned)st.doc_count + 1, &m, err);
    if (rc == ZC_OK)
        p->total = zc_xmset_estimated(m);
    zc_xmset_free(m);
    zc_xquery_free(own);
    zc_xquery_free(range);
    zc_xquery_free(ranged);
    if (rc == ZC_OK && p->o->rank && p->total)
        rc = rank_part(p); /* a part without matches has no page */
    return p->rc = rc;
}

static void *part_thread(void *arg)
{
    run_part(arg);
    return NULL;
}

/* How many parts ix's count takes (1: not split). */
static size_t plan(zc_index *ix, const zc_count_opts *o, zc_xdb_stats *st)
{
    if (!o->make || !ix->owner || o->threads == 1 || !zc_xdb_is_local(ix->db))
        return 1;
    zc_error e;
    if (zc_xdb_stats_get(ix->db, st, &e) != ZC_OK)
        return 1;
    long knob = zc_index_test_get(ix, ZC_TEST_COUNT_PART_DOCS);
    unsigned long per = knob > 0 ? (unsigned long)knob : ZC_COUNT_PART_DOCS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = (size_t)(st->last_docid / per);
    size_t most = o->threads ? o->threads : (cores > 0 ? (size_t)cores : 1);
    if (n > most)
        n = most;
    if (n > ZC_COUNT_MAX_PARTS)
        n = ZC_COUNT_MAX_PARTS;
    return n ? n : 1;
}

/* A handle of ix's owner at ix's revision for a helper, or NULL. */
static zc_index *helper_view(zc_index *ix)
{
    zc_index *v = NULL;
    zc_error e;
    if (zc_index_view_take(ix->owner, &v, &e) != ZC_OK)
        return NULL;
    if (!zc_xdb_same_revision(ix->db, v->db) &&
        (zc_xdb_reopen(v->db, &e) != ZC_OK || !zc_xdb_same_revision(ix->db, v->db))) {
        zc_index_view_give(ix->owner, v);
        return NULL;
    }
    return v;
}

int zc_count(zc_index *ix, const zc_xquery *q, const zc_count_opts *o, zc_count_out *out,
             zc_error *err)
{
    *out = (zc_count_out){.ix = ix};
    zc_xdb_stats st = {0};
    size_t n = plan(ix, o, &st);
    part parts[ZC_COUNT_MAX_PARTS];
    pthread_t tid[ZC_COUNT_MAX_PARTS];
    int started[ZC_COUNT_MAX_PARTS] = {0};
    memset(parts, 0, sizeof parts);
    for (size_t k = 0; k < n; k++) {
        part *p = &parts[k];
        p->view = k ? helper_view(ix) : ix;
        if (!p->view) {
            n = k; /* as many parts as handles */
            break;
        }
        out->views[k] = p->view;
        p->q = k ? NULL : q;
        p->o = o;
    }
    if (n < 2) {
        n = 1;
    } else {
        zc_xdocid last = (zc_xdocid)st.last_docid;
        for (size_t k = 0; k < n; k++) {
            parts[k].lo = (zc_xdocid)(1 + (uint64_t)last * k / n);
            parts[k].hi = (zc_xdocid)((uint64_t)last * (k + 1) / n);
        }
    }
    out->n = n;
    for (size_t k = 1; k < n; k++)
        started[k] = pthread_create(&tid[k], NULL, part_thread, &parts[k]) == 0;
    for (size_t k = 1; k < n; k++)
        if (!started[k])
            run_part(&parts[k]); /* no thread to be had: run it here */
    run_part(&parts[0]);
    for (size_t k = 1; k < n; k++)
        if (started[k])
            pthread_join(tid[k], NULL);

    int rc = ZC_OK;
    for (size_t k = 0; k < n; k++) {
        if (parts[k].rc && rc == ZC_OK) {
            rc = parts[k].rc;
            *err = parts[k].err;
        }
        out->total += parts[k].total;
        out->keys[k] = parts[k].keys;
        out->count_e[k] = parts[k].e;
        out->rank_e[k] = parts[k].re;
        out->pages[k] = parts[k].rm;
    }
    out->first = parts[0].first;
    if (rc)
        zc_count_free(out);
    return rc;
}

void zc_count_free(zc_count_out *out)
{
    for (size_t k = 0; k < out->n; k++) {
        /* What was made on a handle goes before the handle is given back
         * (Xapian counts references to a database without atomics). */
        zc_xmset_free(out->pages[k]);
        zc_xenquire_free(out->rank_e[k]);
        zc_xenquire_free(out->count_e[k]);
        if (k && out->views[k])
            zc_index_view_give(out->ix->owner, out->views[k]);
    }
    *out = (zc_count_out){0};
}
