/* Planning an indexing run: which files are new or changed, which are
 * unchanged, which have gone. */
#ifndef ZC_INDEXER_PLAN_H
#define ZC_INDEXER_PLAN_H

#include <glib.h>

#include "index/index.h"
#include "manifest.h"

typedef struct zc_work {
    zc_file file;
    int known;                         /* indexed before: stale documents to drop */
    const zc_manifest_entry *manifest; /* NULL if none; owned by the plan */
} zc_work;

typedef struct zc_plan {
    GPtrArray *work;    /* zc_work *, largest files first */
    GPtrArray *removed; /* char *: keys of sources to drop */
    uint64_t unchanged, skipped, failed;
    uint64_t oversize; /* over the size limit, not read (also in skipped) */
    uint64_t bytes;    /* total size of the work */
    zc_manifests *manifests;
} zc_plan;

/* The sources already in db: real path → stamp ("size:mtime:hash"). */
int zc_plan_known(zc_xdb *db, GHashTable **out, zc_error *err);

/* Walks paths and compares with what db holds (nothing if full): a file
 * whose bytes or manifest row changed is work, a source below a directory
 * walked that the walk did not meet is removed, except below what could
 * not be read (a directory that cannot be listed keeps its documents).
 * Skipped and failed files go to o->report. */
int zc_plan_make(zc_xdb *db, const char *const *paths, size_t n, const zc_index_options *o,
                 zc_plan *out, zc_error *err);

/* Sources of db at or below paths, for zhengce remove. An empty path, or
 * one that is the root directory, is refused (ZC_ERR_INVALID): a script's
 * unset variable must not remove everything. */
int zc_plan_removal(zc_xdb *db, const char *const *paths, size_t n, zc_plan *out, zc_error *err);

void zc_plan_clear(zc_plan *p);

#endif
