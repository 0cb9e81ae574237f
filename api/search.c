/* zc_search and zc_index_facets on a handle threads may share: each call
 * runs the searcher (searcher/search.c) on a view of the handle of its own,
 * so no two threads use one Xapian database or one normalizer; the view
 * runs it again where that cures a failure (zc_index_run_on_view). */
#include <stddef.h>
#include <string.h>

#include "common/err.h"
#include "index/index.h"
#include "searcher/search_internal.h"

typedef struct call {
    const char *query; /* NULL: the facets of every document */
    const zc_search_options *opts;
    zc_results **out;
} call;

static int run(zc_index *view, void *ctx, zc_error *err)
{
    const call *c = ctx;
    return c->query ? zc_search_run(view, c->query, c->opts, c->out, err)
                    : zc_facets_run(view, c->out, err);
}

int zc_search(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
              zc_error *err)
{
    static const zc_search_options defaults = ZC_SEARCH_OPTIONS_INIT;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    if (opts->version < 1 || opts->version > ZC_SEARCH_OPTIONS_VERSION)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "zc_search: options version %u is not supported (this library knows %d)",
                          opts->version, ZC_SEARCH_OPTIONS_VERSION);
    if (!query)
        return zc_err_set(err, ZC_ERR_INVALID, "no query given");
    /* An older struct: its fields, the later ones at their defaults. */
    zc_search_options full = defaults;
    if (opts->version == 1) {
        memcpy(&full, opts, offsetof(zc_search_options, match));
        full.version = ZC_SEARCH_OPTIONS_VERSION;
        opts = &full;
    }
    call c = {query, opts, out};
    return zc_index_run_on_view(ix, run, &c, err);
}

int zc_index_facets(zc_index *ix, zc_results **out, zc_error *err)
{
    *out = NULL;
    call c = {NULL, NULL, out};
    return zc_index_run_on_view(ix, run, &c, err);
}
