/* zc_document_get on a handle threads may share: run on a view of its
 * own (index/view.c), as zc_search is (api/search.c). */
#include <stddef.h>

#include "common/err.h"
#include "index/index.h"
#include "searcher/document.h"

typedef struct call {
    const char *name, *query;
    const zc_document_options *o;
    zc_document **out;
} call;

static int run(zc_index *view, void *ctx, zc_error *err)
{
    const call *c = ctx;
    return zc_document_run(view, c->name, c->query, c->o, c->out, err);
}

int zc_document_get(zc_index *ix, const char *id_or_path, const char *query,
                    const zc_document_options *o, zc_document **out, zc_error *err)
{
    static const zc_document_options defaults = ZC_DOCUMENT_OPTIONS_INIT;
    *out = NULL;
    if (!o)
        o = &defaults;
    if (o->version != ZC_DOCUMENT_OPTIONS_VERSION)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "zc_document_get: options version %u is not supported (this library "
                          "knows %d)",
                          o->version, ZC_DOCUMENT_OPTIONS_VERSION);
    if ((unsigned)o->match > ZC_MATCH_ANY)
        return zc_err_set(err, ZC_ERR_INVALID, "unknown match mode %d", (int)o->match);
    if (!id_or_path || !*id_or_path)
        return zc_err_set(err, ZC_ERR_INVALID, "no document id or path given");
    call c = {id_or_path, query, o, out};
    return zc_index_run_on_view(ix, run, &c, err);
}
