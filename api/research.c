/* The research tools' entry points: the options checked (an older
 * version's struct read as far as it goes), each run on a view of the
 * handle of its own (zc_index_run_on_view), as zc_search is. */
#include <string.h>

#include "common/err.h"
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
    return zc_index_run_on_view(ix, run, &c, err);
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
