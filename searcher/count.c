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
#include "indexer/index_internal.h"
#include "indexer/schema.h"
#include "search_internal.h"

/* Documents (by docid span) a part takes at least: below that a thread
 * costs more than it saves. ZHENGCE_COUNT_PART_DOCS overrides (tests). */
#define ZC_COUNT_PART_DOCS 20000u

typedef struct part {
    zc_index *view;       /* the handle this part reads */
    const zc_xquery *q;   /* part 0: the caller's query; others make their own */
    zc_count_maker *make; /* builds the query on view */
    void *ctx;
    zc_xdocid lo, hi; /* hi 0: the whole index, no range */
    int facets, record;
    zc_xenquire *e; /* after the run: its facet spy and recorded docs */
    zc_xspy *keys;
    uint64_t total;
    int rc;
    zc_error err;
} part;

/* Runs one part: the query (within lo..hi), unweighted, every match
 * examined and none kept. */
static int run_part(part *p)
{
    zc_xquery *own = NULL, *ranged = NULL, *range = NULL;
    zc_xdb_stats st;
    zc_xmset *m = NULL;
    zc_error *err = &p->err;
    int rc = ZC_OK;
    const zc_xquery *q = p->q;
    if (!q) {
        rc = p->make(p->ctx, p->view, &own, err);
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
    if (rc == ZC_OK && p->facets)
        rc = zc_xenquire_add_facet(p->e, ZC_SLOT_FACETS, 0, 0, &p->keys, err);
    if (rc == ZC_OK && p->record)
        p->record = zc_xenquire_record_docs(p->e);
    if (rc == ZC_OK)
        rc = zc_xenquire_get_mset(p->e, 0, 0, (unsigned)st.doc_count + 1, &m, err);
    if (rc == ZC_OK)
        p->total = zc_xmset_estimated(m);
    zc_xmset_free(m);
    zc_xquery_free(own);
    zc_xquery_free(range);
    zc_xquery_free(ranged);
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
    unsigned long per = ZC_COUNT_PART_DOCS;
    const char *env = getenv("ZHENGCE_COUNT_PART_DOCS");
    if (env && *env)
        per = strtoul(env, NULL, 10);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = per ? (size_t)(st->last_docid / per) : 1;
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

int zc_count(zc_index *ix, const zc_xquery *q, const zc_count_opts *o, zc_facet_spies *spies,
             uint64_t *total, zc_xquery **docs, zc_error *err)
{
    if (spies)
        *spies = (zc_facet_spies){0};
    if (docs)
        *docs = NULL;
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
        p->q = k ? NULL : q;
        p->make = o->make;
        p->ctx = o->ctx;
        p->facets = spies != NULL;
        p->record = docs != NULL;
    }
    if (n < 2) {
        n = 1;
        parts[0].hi = 0;
    } else {
        zc_xdocid last = (zc_xdocid)st.last_docid;
        for (size_t k = 0; k < n; k++) {
            parts[k].lo = (zc_xdocid)(1 + (uint64_t)last * k / n);
            parts[k].hi = (zc_xdocid)((uint64_t)last * (k + 1) / n);
        }
    }
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
    *total = 0;
    for (size_t k = 0; k < n; k++) {
        if (parts[k].rc && rc == ZC_OK) {
            rc = parts[k].rc;
            *err = parts[k].err;
        }
        *total += parts[k].total;
    }
    /* The matched documents only if every part kept its own. */
    int record = docs != NULL;
    for (size_t k = 0; k < n; k++)
        record = record && parts[k].record;
    if (rc == ZC_OK && record) {
        const zc_xenquire *es[ZC_COUNT_MAX_PARTS];
        for (size_t k = 0; k < n; k++)
            es[k] = parts[k].e;
        rc = zc_xenquire_docs_query_n(es, n, docs, err);
    }
    for (size_t k = 0; k < n; k++) {
        if (rc == ZC_OK && spies) {
            /* The spies live as long as their enquires: hand them over. */
            spies->keys[k] = parts[k].keys;
            spies->owner[k] = parts[k].e;
            spies->n = k + 1;
        } else {
            zc_xenquire_free(parts[k].e);
        }
        if (k)
            zc_index_view_give(ix->owner, parts[k].view);
    }
    return rc;
}

void zc_facet_spies_free(zc_facet_spies *s)
{
    for (size_t k = 0; k < s->n; k++)
        zc_xenquire_free(s->owner[k]);
    *s = (zc_facet_spies){0};
}
