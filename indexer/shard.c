/* Shard mode's last step: compact the index and the new shards into a new
 * database and swap it in (see run.h). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "common/err.h"
#include "common/fs.h"
#include "index/dir.h"
#include "index/schema.h"
#include "run.h"

typedef struct stale_ctx {
    GArray *docids;
    zc_xdocid old_last;
} stale_ctx;

static int collect(void *ctx, zc_xdocid docid, unsigned wdf)
{
    (void)wdf;
    stale_ctx *s = ctx;
    if (docid <= s->old_last)
        g_array_append_val(s->docids, docid);
    return 0;
}

/* Drops from db (the merged database) the documents that came from the old
 * index (docids up to old_last: compaction keeps sources in order) of each
 * stale source. */
static int drop_stale(zc_xdb *db, GPtrArray *stale, zc_xdocid old_last, zc_error *err)
{
    stale_ctx s = {g_array_new(FALSE, FALSE, sizeof(zc_xdocid)), old_last};
    int rc = ZC_OK;
    for (guint i = 0; rc == ZC_OK && i < stale->len; i++) {
        char term[20];
        zc_schema_term(term, ZC_PREFIX_SOURCE, stale->pdata[i]);
        rc = zc_xdb_each_posting(db, term, collect, &s, err);
    }
    for (guint i = 0; rc == ZC_OK && i < s.docids->len; i++)
        rc = zc_xdb_delete_document(db, g_array_index(s.docids, zc_xdocid, i), err);
    g_array_free(s.docids, TRUE);
    return rc;
}

int zc_shard_merge(zc_index *ix, const char *const *shards, size_t nshards, int keep_old,
                   GPtrArray *stale, zc_error *err)
{
    zc_xdb_stats st;
    int rc = zc_xdb_stats_get(ix->db, &st, err);
    if (rc)
        return rc;
    const char **srcs = g_new0(const char *, nshards + 1);
    size_t n = 0;
    if (keep_old)
        srcs[n++] = ix->path;
    for (size_t i = 0; i < nshards; i++)
        if (g_file_test(shards[i], G_FILE_TEST_IS_DIR))
            srcs[n++] = shards[i];
    char *fresh = zc_dir_sibling(ix->path, ".zc-new");
    rc = zc_dir_scratch(fresh, err);
    int made = rc == ZC_OK;
    zc_xdb *db = NULL;
    if (rc == ZC_OK && n > 0)
        rc = zc_xdb_compact(srcs, n, fresh, err);
    if (rc == ZC_OK)
        rc = zc_xdb_open_writable(fresh, ZC_XDB_CREATE_OR_OPEN, &db, err);
    if (rc == ZC_OK && keep_old)
        rc = drop_stale(db, stale, (zc_xdocid)st.last_docid, err);
    if (rc == ZC_OK)
        rc = zc_index_keep_filler(db, err);
    if (rc == ZC_OK)
        rc = zc_index_stamp_schema(db, err);
    if (rc == ZC_OK)
        rc = zc_xdb_commit(db, err);
    zc_xdb_free(db);
    /* The old handle commits what it holds pending when it is closed, and
     * a glass database writes its version file by the directory's name:
     * after the swap that would be the new database's. Nothing it holds
     * matters now (the filler added at open is in the new database). */
    if (rc == ZC_OK)
        rc = zc_xdb_discard(ix->db, err);
    if (rc == ZC_OK)
        rc = zc_dir_swap_in(ix->path, fresh, err);
    if (rc == ZC_OK) {
        /* The old database (now at fresh) and its lock go. */
        zc_xdb_free(ix->db);
        ix->db = NULL;
        rc = zc_index_reopen(ix, err);
    }
    if (made)
        zc_fs_rmtree(fresh);
    g_free(fresh);
    g_free(srcs);
    return rc;
}
