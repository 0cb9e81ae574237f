/* The index directory's life on disk: the scratch names beside it, putting
 * it back after a killed swap, what a killed run left, free space. */
#include "index/dir.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "common/err.h"
#include "common/fs.h"

char *zc_dir_sibling(const char *dir, const char *suffix)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return g_strdup_printf("%.*s%s", (int)n, dir, suffix);
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

int zc_dir_scratch(const char *path, zc_error *err)
{
    int rc = scratch_free(path, err);
    if (rc)
        return rc;
    zc_fs_rmtree(path);
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

int zc_dir_restore(const char *dir, zc_error *err)
{
    struct stat st;
    if (lstat(dir, &st) == 0)
        return ZC_OK;
    char *fresh = zc_dir_sibling(dir, ".zc-new");
    char *old = zc_dir_sibling(dir, ".zc-old");
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

int zc_dir_space_check(const char *index, const char *dir, uint64_t need, zc_error *err)
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

int zc_dir_cleanup(const char *dir, zc_error *err)
{
    static const char *const leftovers[] = {".zc-new", ".zc-old", ".zc-tmp", ".zc-init"};
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < sizeof leftovers / sizeof *leftovers; i++) {
        char *p = zc_dir_sibling(dir, leftovers[i]);
        rc = scratch_free(p, err);
        if (rc == ZC_OK)
            zc_fs_rmtree(p);
        g_free(p);
    }
    return rc;
}

/* Puts fresh in place of dir in one step where the system allows it. */
int zc_dir_swap_in(const char *dir, const char *fresh, zc_error *err)
{
    if (renameat2(AT_FDCWD, fresh, AT_FDCWD, dir, RENAME_EXCHANGE) == 0)
        return ZC_OK;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOENT)
        return zc_err_set(err, ZC_ERR_IO, "cannot swap in the new index '%s': %s", fresh,
                          strerror(errno));
    char *old = zc_dir_sibling(dir, ".zc-old");
    int rc = scratch_free(old, err);
    struct stat st;
    if (rc == ZC_OK) {
        zc_fs_rmtree(old);
        /* Renaming a directory onto a link that appeared at old meanwhile
         * fails: it is never followed. */
        if (lstat(dir, &st) == 0 && rename(dir, old) != 0)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot move '%s' aside: %s", dir, strerror(errno));
        else if (rename(fresh, dir) != 0)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot move '%s' to '%s': %s", fresh, dir,
                            strerror(errno));
        if (rc == ZC_OK)
            zc_fs_rmtree(old);
    }
    g_free(old);
    return rc;
}
