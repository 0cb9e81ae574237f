/* File-system helpers: removing a tree, the size of a directory. */
#include "common/fs.h"

#include <ftw.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>

/* Bytes of the files in dir (a Xapian database: no subdirectories). */
uint64_t zc_fs_dir_bytes(const char *dir)
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

void zc_fs_rmtree(const char *path)
{
    /* A link is removed, never followed (nftw's FTW_PHYS). */
    struct stat st;
    if (path && lstat(path, &st) == 0)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
