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
#include "run.h"
#include "schema.h"

char *zc_shard_sibling(const char *dir, const char *suffix)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return g_strdup_printf("%.*s%s", (int)n, dir, suffix);
}

/* Bytes of the files in dir (a Xapian database: no subdirectories). */
uint64_t zc_dir_bytes(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    uint64_t total = 0;
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        GStatBuf st;
        if (g_stat(p, &st) == 0)
            total += (uint64_t)st.st_size;
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    return total;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void zc_rmtree(const char *path)
{
    /* A link is removed, never followed (nftw's FTW_PHYS). */
    struct stat st;
    if (path && lstat(path, &st) == 0)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whether the scratch name path may be used: nothing there, or a
 * directory (what a killed run left). Anything else, a symbolic link
 * above all, was not made by zhengce: refused, never followed, so that a
 * link planted beside the index cannot redirect its writes. */
static int scratch_free(const char *path, zc_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT
                   ? ZC_OK
                   : zc_err_set(err, ZC_ERR_IO, "cannot use '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return ZC_OK;
    return zc_err_set(err, ZC_ERR_INVALID,
                      "'%s' is %s, not a directory zhengce made: refusing to use or follow it "
                      "(remove it and run again)",
                      path, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory");
}

int zc_shard_scratch(const char *path, zc_error *err)
{
    int rc = scratch_free(path, err);
    if (rc)
        return rc;
    zc_rmtree(path);
    /* mkdir fails on anything put there since, a link included. */
    if (mkdir(path, 0755) != 0)
        return zc_err_set(err, ZC_ERR_IO, "cannot create '%s': %s", path, strerror(errno));
    return ZC_OK;
}

/* Whether path is a directory itself, not a link to one. */
static int real_dir(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int zc_shard_restore(const char *dir, zc_error *err)
{
    struct stat st;
    if (lstat(dir, &st) == 0)
        return ZC_OK;
    char *fresh = zc_shard_sibling(dir, ".zc-new");
    char *old = zc_shard_sibling(dir, ".zc-old");
    int rc = scratch_free(old, err);
    if (rc == ZC_OK)
        rc = scratch_free(fresh, err);
    if (rc == ZC_OK && real_dir(old)) {
        /* Killed between the two renames of the fallback swap: the new
         * database was complete before the old one was moved away. */
        const char *back = real_dir(fresh) ? fresh : old;
        if (rename(back, dir) != 0)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot restore index '%s' from '%s': %s", dir, back,
                            strerror(errno));
    }
    g_free(fresh);
    g_free(old);
    return rc;
}

int zc_space_check(const char *index, const char *dir, uint64_t need, zc_error *err)
{
    struct statvfs vfs;
    if (statvfs(dir, &vfs) != 0)
        return ZC_OK; /* cannot tell: the writes will say */
    uint64_t avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
    if (avail >= need)
        return ZC_OK;
    return zc_err_set(err, ZC_ERR_IO,
                      "not enough free space to index into '%s': %s (%.1f MB free, about "
                      "%.1f MB needed)",
                      index, strerror(ENOSPC), avail / 1e6, need / 1e6);
}

int zc_shard_cleanup(const char *dir, zc_error *err)
{
    static const char *const leftovers[] = {".zc-new", ".zc-old", ".zc-tmp", ".zc-init"};
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < sizeof leftovers / sizeof *leftovers; i++) {
        char *p = zc_shard_sibling(dir, leftovers[i]);
        rc = scratch_free(p, err);
        if (rc == ZC_OK)
            zc_rmtree(p);
        g_free(p);
    }
    return rc;
}

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
        zc_idx_term(term, ZC_PREFIX_SOURCE, stale->pdata[i]);
        rc = zc_xdb_each_posting(db, term, collect, &s, err);
    }
    for (guint i = 0; rc == ZC_OK && i < s.docids->len; i++)
        rc = zc_xdb_delete_document(db, g_array_index(s.docids, zc_xdocid, i), err);
    g_array_free(s.docids, TRUE);
    return rc;
}

/* Puts fresh in place of dir in one step where the system allows it. */
static int swap_in(const char *dir, const char *fresh, zc_error *err)
{
    if (renameat2(AT_FDCWD, fresh, AT_FDCWD, dir, RENAME_EXCHANGE) == 0)
        return ZC_OK;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOENT)
        return zc_err_set(err, ZC_ERR_IO, "cannot swap in the new index '%s': %s", fresh,
                          strerror(errno));
    char *old = zc_shard_sibling(dir, ".zc-old");
    int rc = scratch_free(old, err);
    struct stat st;
    if (rc == ZC_OK) {
        zc_rmtree(old);
        /* Renaming a directory onto a link that appeared at old meanwhile
         * fails: it is never followed. */
        if (lstat(dir, &st) == 0 && rename(dir, old) != 0)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot move '%s' aside: %s", dir, strerror(errno));
        else if (rename(fresh, dir) != 0)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot move '%s' to '%s': %s", fresh, dir,
                            strerror(errno));
        if (rc == ZC_OK)
            zc_rmtree(old);
    }
    g_free(old);
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
    char *fresh = zc_shard_sibling(ix->path, ".zc-new");
    rc = zc_shard_scratch(fresh, err);
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
        rc = swap_in(ix->path, fresh, err);
    if (rc == ZC_OK) {
        /* The old database (now at fresh) and its lock go. */
        zc_xdb_free(ix->db);
        ix->db = NULL;
        rc = zc_index_reopen(ix, err);
    }
    if (made)
        zc_rmtree(fresh);
    g_free(fresh);
    g_free(srcs);
    return rc;
}
