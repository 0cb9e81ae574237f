/* Indexing files: read, build, replace by id, commit in batches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "index_internal.h"
#include "schema.h"

typedef struct add_ctx {
    zc_index *ix;
    zc_index_stats *stats;
    zc_error *err; /* for failures that stop the run */
} add_ctx;

static void report(zc_index *ix, zc_event ev, const char *path, const zc_error *why)
{
    if (ix->report)
        ix->report(ix->report_ctx, ev, path, why);
}

static void on_skip(void *ctx, const char *path, const zc_error *why)
{
    add_ctx *a = ctx;
    a->stats->skipped++;
    report(a->ix, ZC_EVENT_SKIPPED, path, why);
}

static int add_file(void *ctx, const char *path)
{
    add_ctx *a = ctx;
    zc_source src;
    zc_error why;
    int rc = zc_idx_read_file(path, &src, &why);
    if (rc == ZC_ERR_NOMEM) {
        *a->err = why;
        return rc;
    }
    if (rc) {
        /* This file is bad; the others still get indexed. */
        on_skip(a, path, &why);
        return ZC_OK;
    }
    char id[17], idterm[32];
    zc_idx_make_id(src.real_path, id);
    snprintf(idterm, sizeof idterm, "%s%s", ZC_PREFIX_ID, id);
    zc_xdoc *doc = NULL;
    rc = zc_idx_build_doc(&src, id, &doc, a->err);
    if (rc == ZC_OK)
        rc = zc_xdb_replace_document_by_term(a->ix->db, idterm, doc, NULL, a->err);
    zc_xdoc_free(doc);
    if (rc == ZC_OK) {
        a->stats->indexed++;
        a->stats->bytes += src.size;
        report(a->ix, ZC_EVENT_INDEXED, path, NULL);
        if (++a->ix->pending >= ZC_COMMIT_EVERY)
            rc = zc_index_commit(a->ix, a->err);
    }
    zc_source_free(&src);
    return rc;
}

int zc_index_add_path(zc_index *ix, const char *path, zc_index_stats *stats, zc_error *err)
{
    if (!ix->writable)
        return zc_err_set(err, ZC_ERR_INVALID, "index '%s' is open read-only", ix->path);
    zc_index_stats local = {0, 0, 0};
    zc_error scratch;
    add_ctx a = {ix, stats ? stats : &local, err ? err : &scratch};
    return zc_idx_walk(path, add_file, on_skip, &a, err);
}
