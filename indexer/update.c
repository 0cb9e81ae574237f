/* zc_index_update and zc_index_remove: plan, then run. */
#include <glib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "plan.h"
#include "run.h"

/* Plans the update (opts NULL: the defaults) or, with removal, the removal
 * of paths, then runs the plan; ix must be writable. */
static int plan_and_run(zc_index *ix, const char *const *paths, size_t n, int removal,
                        const zc_index_options *opts, zc_index_stats *stats, zc_error *err)
{
    static const zc_index_options defaults = ZC_INDEX_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    /* Filled, not added to: a caller's stack garbage must not show. */
    zc_index_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    /* Version 1 lacks the fields from text_column on: they keep their
     * defaults. */
    zc_index_options v1;
    if (opts->version == 1) {
        v1 = defaults;
        memcpy(&v1, opts, offsetof(zc_index_options, text_column));
        v1.version = ZC_INDEX_OPTIONS_VERSION;
        opts = &v1;
    }
    if (opts->version != ZC_INDEX_OPTIONS_VERSION)
        return zc_err_set(
            err, ZC_ERR_INVALID,
            "zc_index_update: options version %u is not supported (this library knows %d)",
            opts->version, ZC_INDEX_OPTIONS_VERSION);
    if ((unsigned)opts->mode > ZC_MODE_SHARDS)
        return zc_err_set(err, ZC_ERR_INVALID, "zc_index_update: unknown index mode %d",
                          (int)opts->mode);
    if (!ix->write.on)
        return zc_err_set(err, ZC_ERR_INVALID, "index '%s' is open read-only", ix->path);
    if (n && !paths)
        return zc_err_set(err, ZC_ERR_INVALID, "no paths given");
    if (ix->write.old_layout && (removal || !opts->full))
        return zc_index_layout_error(ix, ix->write.old_layout, err);
    zc_plan plan;
    int rc = removal ? zc_plan_removal(ix->db, paths, n, &plan, err)
                     : zc_plan_make(ix->db, paths, n, opts, &plan, err);
    if (rc)
        return rc;
    rc = zc_run(ix, &plan, opts, stats, err);
    zc_plan_clear(&plan);
    if (rc == ZC_OK && ix->write.old_layout) { /* rebuilt: the layout is ours now */
        free(ix->write.old_layout);
        ix->write.old_layout = NULL;
    }
    return rc;
}

int zc_index_update(zc_index *ix, const char *const *paths, size_t n, const zc_index_options *opts,
                    zc_index_stats *stats, zc_error *err)
{
    return plan_and_run(ix, paths, n, 0, opts, stats, err);
}

int zc_index_remove(zc_index *ix, const char *const *paths, size_t n, zc_index_stats *stats,
                    zc_error *err)
{
    return plan_and_run(ix, paths, n, 1, NULL, stats, err);
}
