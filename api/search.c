/* zc_search and zc_index_facets on a handle threads may share: each call
 * runs the searcher (searcher/search.c) on a view of the handle of its own,
 * so no two threads use one Xapian database or one normalizer. */
#include "common/err.h"
#include "index/index.h"
#include "searcher/search_internal.h"

typedef int run_fn(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
                   zc_error *err);

static int on_view(zc_index *ix, run_fn *run, const char *query, const zc_search_options *opts,
                   zc_results **out, zc_error *err)
{
    *out = NULL;
    zc_index *view = NULL;
    int rc = zc_index_view_take(ix, &view, err);
    /* A writer committing twice while a search reads makes Xapian discard
     * the revision being read (DatabaseModifiedError, a ZC_ERR_BACKEND):
     * reopen at the last commit and run again. */
    for (int attempt = 0; rc == ZC_OK; attempt++) {
        rc = run(view, query, opts, out, err);
        zc_error e;
        if (rc != ZC_ERR_BACKEND || attempt == 3 || zc_xdb_reopen(view->db, &e) != ZC_OK)
            break;
        rc = ZC_OK;
    }
    zc_index_view_give(ix, view);
    return rc;
}

int zc_search(zc_index *ix, const char *query, const zc_search_options *opts, zc_results **out,
              zc_error *err)
{
    static const zc_search_options defaults = ZC_SEARCH_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version != ZC_SEARCH_OPTIONS_VERSION) {
        *out = NULL;
        return zc_err_set(err, ZC_ERR_INVALID,
                          "zc_search: options version %u is not supported (this library knows %d)",
                          opts->version, ZC_SEARCH_OPTIONS_VERSION);
    }
    return on_view(ix, zc_search_run, query, opts, out, err);
}

int zc_index_facets(zc_index *ix, zc_results **out, zc_error *err)
{
    return on_view(ix, zc_facets_run, NULL, NULL, out, err);
}
