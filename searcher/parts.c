/* The parts a search runs in, in parallel over docid ranges of a large
 * local index.
 *
 * Counting examines every match, on one core per Xapian handle. The work
 * splits cleanly by docid: each part runs the same stages on its own
 * range, on a handle of its own (Xapian handles are not shared between
 * threads), and the parts' totals, facet counts and matched documents add
 * up to the whole. Every part reads the same revision, or the search is
 * not split. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "index/index.h"
#include "search_internal.h"

/* Documents (by docid span) a part takes at least: below that a thread
 * costs more than it saves. The handle's ZC_TEST_COUNT_PART_DOCS
 * overrides (tests). */
#define ZC_PART_DOCS 20000u

/* A bound on the matches (bound.c) below which a search counts in one
 * part. A second part's thread, handle, compile and merge cost about 0.3
 * ms; in one thread the count and ranking of some 40-60 matches cost as
 * much (their positions and weights read), and a bound is never below the
 * matches, often above them. The handle's ZC_TEST_COUNT_FEW overrides. */
#define ZC_PART_FEW 100u

/* How many parts a search on ix takes (1: not split). */
static size_t plan(zc_index *ix, unsigned threads, zc_xdb_stats *st)
{
    if (!ix->owner || threads == 1 || !zc_xdb_is_local(ix->db))
        return 1;
    zc_error e;
    if (zc_xdb_stats_get(ix->db, st, &e) != ZC_OK)
        return 1;
    long knob = zc_index_test_get(ix, ZC_TEST_COUNT_PART_DOCS);
    unsigned long per = knob > 0 ? (unsigned long)knob : ZC_PART_DOCS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = (size_t)(st->last_docid / per);
    size_t most = threads ? threads : (cores > 0 ? (size_t)cores : 1);
    if (n > most)
        n = most;
    if (n > ZC_PARTS_MAX)
        n = ZC_PARTS_MAX;
    return n ? n : 1;
}

/* A handle of ix's owner at ix's revision for a part, or NULL. */
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

/* The bound below which a search on ix counts in one part (0: none). */
static uint64_t few_below(const zc_index *ix)
{
    long knob = zc_index_test_get(ix, ZC_TEST_COUNT_FEW);
    if (knob > 0)
        return (uint64_t)knob;
    return zc_index_test_get(ix, ZC_TEST_COUNT_PART_DOCS) > 0 ? 0 : ZC_PART_FEW;
}

void zc_parts_take(zc_index *ix, unsigned threads, zc_parts_few_fn *few, void *few_ctx,
                   zc_parts *out)
{
    memset(out, 0, sizeof *out);
    out->ix = ix;
    zc_xdb_stats st = {0};
    size_t n = plan(ix, threads, &st);
    uint64_t below = n > 1 && few ? few_below(ix) : 0;
    if (below && few(few_ctx, below))
        n = 1;
    for (size_t k = 0; k < n; k++) {
        zc_index *v = k ? helper_view(ix) : ix;
        if (!v) {
            n = k; /* as many parts as handles */
            break;
        }
        out->part[k].view = v;
    }
    out->n = n;
    if (n < 2)
        return;
    zc_xdocid last = (zc_xdocid)st.last_docid;
    for (size_t k = 0; k < n; k++) {
        out->part[k].lo = (zc_xdocid)(1 + (uint64_t)last * k / n);
        out->part[k].hi = (zc_xdocid)((uint64_t)last * (k + 1) / n);
    }
}

typedef struct runner {
    zc_part *p;
    zc_part_fn *fn;
    void *ctx;
} runner;

static void *part_thread(void *arg)
{
    runner *r = arg;
    r->p->rc = r->fn(r->p, r->ctx);
    return NULL;
}

int zc_parts_run(zc_parts *ps, zc_part_fn *fn, void *ctx, zc_error *err)
{
    runner run[ZC_PARTS_MAX];
    pthread_t tid[ZC_PARTS_MAX];
    int started[ZC_PARTS_MAX] = {0};
    for (size_t k = 0; k < ps->n; k++) {
        run[k] = (runner){&ps->part[k], fn, ctx};
        ps->part[k].rc = ZC_OK;
        zc_error_clear(&ps->part[k].err);
    }
    for (size_t k = 1; k < ps->n; k++)
        started[k] = pthread_create(&tid[k], NULL, part_thread, &run[k]) == 0;
    for (size_t k = 1; k < ps->n; k++)
        if (!started[k])
            part_thread(&run[k]); /* no thread to be had: run it here */
    part_thread(&run[0]);
    for (size_t k = 1; k < ps->n; k++)
        if (started[k])
            pthread_join(tid[k], NULL);
    for (size_t k = 0; k < ps->n; k++) {
        if (ps->part[k].rc) {
            if (err)
                *err = ps->part[k].err;
            return ps->part[k].rc;
        }
    }
    return ZC_OK;
}

void zc_parts_clear(zc_parts *ps)
{
    /* What was made on a handle goes before the handle serves another
     * search (Xapian counts references to a database without atomics):
     * the ranking, then the count that recorded its documents. */
    for (size_t k = 0; k < ps->n; k++) {
        zc_part *p = &ps->part[k];
        zc_rank_free(&p->ranked);
        zc_count_free(&p->count);
        zc_compiled_free(&p->q);
    }
}

void zc_parts_give(zc_parts *ps)
{
    zc_parts_clear(ps);
    for (size_t k = 1; k < ps->n; k++)
        zc_index_view_give(ps->ix->owner, ps->part[k].view);
    memset(ps, 0, sizeof *ps);
}
