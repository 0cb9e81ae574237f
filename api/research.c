/* The research tools' entry points: the options checked (an older
 * version's struct read as far as it goes), each run on a view of the
 * handle of its own (zc_index_run_on_view), as zc_search is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/fs.h"
#include "index/index.h"
#include "research/research.h"

typedef enum tool { TREND, KWIC, SIMILAR, KEYWORDS } tool;

typedef struct call {
    tool t;
    const char *arg;
    const zc_research_options *o;
    void *out;
} call;

static int run(zc_index *view, void *ctx, zc_error *err)
{
    const call *c = ctx;
    switch (c->t) {
    case TREND: return zc_trend_collect(view, c->arg, c->o, c->out, err);
    case KWIC: return zc_kwic_collect(view, c->arg, c->o, c->out, err);
    case SIMILAR: return zc_similar_find(view, c->arg, c->o, c->out, err);
    default: return zc_keywords_find(view, c->arg, c->o, c->out, err);
    }
}

/* A file the index does not have, for similar and keywords: analysed as
 * the indexer analyses files, into a scratch index that is searched
 * together with ix (its shards, when they are all directories), so the
 * tool sees the document as if it were indexed; the scratch index is
 * removed after. rc (ZC_ERR_NOT_FOUND, in err) stands when arg is no
 * readable file or ix has a server among its shards. */
static int unindexed(zc_index *ix, const call *c, int rc, zc_error *err)
{
    struct stat sb;
    if (stat(c->arg, &sb) != 0 || !S_ISREG(sb.st_mode) || !ix->n_shards)
        return rc;
    for (size_t i = 0; i < ix->n_shards; i++)
        if (ix->shards[i].host || ix->shards[i].down)
            return rc;
    char scratch[] = "/tmp/zhengce-document-XXXXXX";
    if (!mkdtemp(scratch))
        return zc_err_set(err, ZC_ERR_IO, "cannot analyse '%s': no scratch directory", c->arg);
    char db[sizeof scratch + 8];
    snprintf(db, sizeof db, "%s/index", scratch);
    const char **specs = calloc(ix->n_shards + 1, sizeof *specs);
    zc_index *w = NULL, *both = NULL;
    zc_index_stats st = {0};
    zc_index_options io = ZC_INDEX_OPTIONS_INIT;
    io.jobs = 1;
    zc_error why;
    zc_error_clear(&why);
    rc = specs ? zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &w, &why) : ZC_ERR_NOMEM;
    if (rc == ZC_OK)
        rc = zc_index_update(w, &c->arg, 1, &io, &st, &why);
    zc_index_free(w);
    if (rc == ZC_OK && (st.failed || st.skipped || !st.documents))
        rc = zc_err_set(&why, ZC_ERR_INVALID, "a kind of file that is not indexed, or unreadable");
    if (rc == ZC_OK) {
        for (size_t i = 0; i < ix->n_shards; i++)
            specs[i] = ix->shards[i].spec;
        specs[ix->n_shards] = db;
        rc = zc_index_open_shards(specs, ix->n_shards + 1, &both, &why);
    }
    if (rc == ZC_OK)
        rc = zc_index_run_on_view(both, run, (void *)c, &why);
    if (rc)
        zc_err_set(err, rc, "cannot analyse '%s', which the index does not hold: %s", c->arg,
                   why.message);
    zc_index_free(both);
    free(specs);
    zc_fs_rmtree(scratch);
    return rc;
}

static int start(const char *fn, zc_index *ix, const char *arg, const zc_research_options *o,
                 tool t, void *out, zc_error *err)
{
    static const zc_research_options defaults = ZC_RESEARCH_OPTIONS_INIT;
    if (!o)
        o = &defaults;
    if (o->version < 1 || o->version > ZC_RESEARCH_OPTIONS_VERSION)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "%s: options version %u is not supported (this library knows %d)", fn,
                          o->version, ZC_RESEARCH_OPTIONS_VERSION);
    if (!ix || !arg || !out)
        return zc_err_set(err, ZC_ERR_INVALID, "%s: no %s given", fn,
                          !ix    ? "index"
                          : !arg ? (t < SIMILAR ? "query" : "document")
                                 : "result");
    call c = {t, arg, o, out};
    int rc = zc_index_run_on_view(ix, run, &c, err);
    if (rc == ZC_ERR_NOT_FOUND && t >= SIMILAR)
        rc = unindexed(ix, &c, rc, err);
    return rc;
}

int zc_research_options_init(zc_research_options *o, unsigned version)
{
    static const zc_research_options defaults = ZC_RESEARCH_OPTIONS_INIT;
    if (!o)
        return ZC_ERR_INVALID;
    if (version < 1 || version > ZC_RESEARCH_OPTIONS_VERSION)
        return ZC_ERR_INVALID;
    *o = defaults;
    return ZC_OK;
}

int zc_trend_run(zc_index *ix, const char *query, const zc_research_options *o, zc_trend **out,
                 zc_error *err)
{
    if (out)
        *out = NULL;
    return start("zc_trend_run", ix, query, o, TREND, out, err);
}

int zc_kwic_run(zc_index *ix, const char *query, const zc_research_options *o, zc_kwic **out,
                zc_error *err)
{
    if (out)
        *out = NULL;
    return start("zc_kwic_run", ix, query, o, KWIC, out, err);
}

int zc_similar_run(zc_index *ix, const char *doc, const zc_research_options *o, zc_similar **out,
                   zc_error *err)
{
    if (out)
        *out = NULL;
    return start("zc_similar_run", ix, doc, o, SIMILAR, out, err);
}

int zc_keywords_run(zc_index *ix, const char *doc, const zc_research_options *o, zc_keywords **out,
                    zc_error *err)
{
    if (out)
        *out = NULL;
    return start("zc_keywords_run", ix, doc, o, KEYWORDS, out, err);
}
