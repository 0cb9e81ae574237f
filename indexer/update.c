/* zc_index_update and zc_index_remove: plan, then run. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "plan.h"
#include "run.h"

void zc_index_options_init(zc_index_options *o)
{
    memset(o, 0, sizeof *o);
}

void zc_idx_make_id(const char *key, char out[17])
{
    /* FNV-1a, 64 bits: stable across runs and machines. */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

void zc_idx_term(char out[20], const char *prefix, const char *key)
{
    char id[17];
    zc_idx_make_id(key, id);
    snprintf(out, 20, "%s%s", prefix, id);
}

static int need_writable(zc_index *ix, zc_error *err)
{
    if (!ix->writable)
        return zc_err_set(err, ZC_ERR_INVALID, "index '%s' is open read-only", ix->path);
    return ZC_OK;
}

int zc_index_update(zc_index *ix, const char *const *paths, size_t n,
                    const zc_index_options *opts, zc_index_stats *stats, zc_error *err)
{
    zc_index_options defaults;
    if (!opts) {
        zc_index_options_init(&defaults);
        opts = &defaults;
    }
    zc_index_stats local;
    if (!stats) {
        memset(&local, 0, sizeof local);
        stats = &local;
    }
    int rc = need_writable(ix, err);
    zc_plan plan;
    if (rc == ZC_OK)
        rc = zc_plan_make(ix->db, paths, n, opts, &plan, err);
    if (rc)
        return rc;
    rc = zc_run(ix, &plan, opts, stats, err);
    zc_plan_clear(&plan);
    return rc;
}

int zc_index_remove(zc_index *ix, const char *const *paths, size_t n, zc_index_stats *stats,
                    zc_error *err)
{
    zc_index_stats local;
    if (!stats) {
        memset(&local, 0, sizeof local);
        stats = &local;
    }
    int rc = need_writable(ix, err);
    zc_plan plan;
    if (rc == ZC_OK)
        rc = zc_plan_removal(ix->db, paths, n, &plan, err);
    if (rc)
        return rc;
    zc_index_options o;
    zc_index_options_init(&o);
    rc = zc_run(ix, &plan, &o, stats, err);
    zc_plan_clear(&plan);
    return rc;
}
