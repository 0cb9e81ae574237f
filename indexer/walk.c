/* Walking the paths given to `zhengce index`.
 *
 * A file's key (zc_file.real_path) is the real path of the argument it was
 * found under, symbolic links in it resolved (a link named on the command
 * line is followed, as if its target had been named), joined with the names
 * the walk went through. Below an argument, symbolic links are passed over
 * (and reported) unless the walk follows them; a file reached through a
 * followed link keeps the path through the link as its key, so its
 * document goes when the link goes or is no longer followed, and `zhengce
 * remove` takes the path shown. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/grow.h"
#include "index/index.h"
#include "indexer/walk.h"
#include "record.h"

typedef struct seen {
    dev_t dev;
    ino_t ino;
} seen;

typedef struct walker {
    const zc_walk *opts;
    seen *dirs; /* directories entered on the current path, for loops */
    size_t ndirs, cap;
} walker;

/* Reports path as not indexed. keep: the key at and below which indexed
 * documents must stay, as what is there could not be read; NULL when
 * nothing is there any more. */
static void skip_entry(walker *w, const char *path, const char *keep, int code, const char *why)
{
    zc_error e;
    zc_err_set(&e, code, "%s: %s", path, why);
    if (w->opts->skip)
        w->opts->skip(w->opts->ctx, path, keep, &e);
}

/* Whether a failure to reach a path with errno e says that nothing is
 * there any more (gone, a dangling or looping link), rather than that it
 * could not be read. */
static int leads_nowhere(int e)
{
    return e == ENOENT || e == ENOTDIR || e == ELOOP;
}

static int walk(walker *w, const char *path, const char *key, int top, zc_error *err);

/* A Xapian database directory. */
static int is_database(const char *dir)
{
    zc_buf p = ZC_BUF_INIT;
    struct stat st;
    int yes = zc_buf_printf(&p, "%s/iamglass", dir) == ZC_OK && stat(p.data, &st) == 0;
    zc_buf_free(&p);
    return yes;
}

/* dir "/" name into out. */
static int join(zc_buf *out, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    zc_buf_clear(out);
    return zc_buf_append(out, dir, n) || (n && dir[n - 1] != '/' && zc_buf_putc(out, '/')) ||
           zc_buf_puts(out, name);
}

static int walk_dir(walker *w, const char *path, const char *key, const struct stat *st,
                    zc_error *err)
{
    for (size_t i = 0; i < w->ndirs; i++) {
        if (w->dirs[i].dev == st->st_dev && w->dirs[i].ino == st->st_ino) {
            skip_entry(w, path, NULL, ZC_ERR_INVALID,
                       "symlink loop (directory already being walked)");
            return ZC_OK;
        }
    }
    if (zc_grow((void **)&w->dirs, w->ndirs, &w->cap, sizeof *w->dirs, 16))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory walking '%s'", path);
    w->dirs[w->ndirs++] = (seen){st->st_dev, st->st_ino};

    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        /* Not a sign that its files are gone: their documents stay. */
        int e = errno;
        zc_buf why = ZC_BUF_INIT;
        zc_buf_printf(&why, "cannot read directory: %s%s", strerror(e),
                      leads_nowhere(e) ? "" : " (its documents in the index are kept)");
        skip_entry(w, path, leads_nowhere(e) ? NULL : key, ZC_ERR_IO,
                   why.data ? why.data : strerror(e));
        zc_buf_free(&why);
        w->ndirs--;
        return ZC_OK;
    }
    int rc = ZC_OK;
    zc_buf child = ZC_BUF_INIT, child_key = ZC_BUF_INIT;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (rc == ZC_OK && name[0] != '.') {
            if (join(&child, path, name) || join(&child_key, key, name))
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory walking '%s'", path);
            else
                rc = walk(w, child.data, child_key.data, 0, err);
        }
        free(names[i]);
    }
    free(names);
    zc_buf_free(&child);
    zc_buf_free(&child_key);
    w->ndirs--;
    return rc;
}

/* The status of path: a top path is followed if it is a link (it was
 * named); below it, a link only when the walk follows links. Returns 0,
 * 1 when path is a link passed over, or -1 with errno set. */
static int entry_stat(walker *w, const char *path, int top, struct stat *st)
{
    if (top)
        return stat(path, st) == 0 ? 0 : -1;
    if (lstat(path, st) != 0)
        return -1;
    if (!S_ISLNK(st->st_mode))
        return 0;
    if (!w->opts->follow)
        return 1;
    return stat(path, st) == 0 ? 0 : -1;
}

static int walk(walker *w, const char *path, const char *key, int top, zc_error *err)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, ZC_MANIFEST_NAME) == 0)
        return ZC_OK; /* read by the manifests (manifest.c), reported there */
    struct stat st;
    int got = entry_stat(w, path, top, &st);
    if (got < 0) {
        int e = errno;
        if (top)
            return zc_err_set(err, e == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO, "%s: %s", path,
                              strerror(e));
        /* A dangling link or a file gone meanwhile leaves nothing to keep;
         * anything else (EACCES, EIO) may hide a file still there. */
        zc_buf why = ZC_BUF_INIT;
        if (e == ELOOP)
            zc_buf_puts(&why, "symlink loop");
        else
            zc_buf_printf(&why, "%s%s", strerror(e),
                          leads_nowhere(e) ? "" : " (its documents in the index are kept)");
        skip_entry(w, path, leads_nowhere(e) ? NULL : key, ZC_ERR_IO,
                   why.data ? why.data : strerror(e));
        zc_buf_free(&why);
        return ZC_OK;
    }
    if (got > 0) {
        skip_entry(w, path, NULL, ZC_ERR_INVALID,
                   "symbolic link, not followed (--follow follows links)");
        return ZC_OK;
    }
    if (S_ISDIR(st.st_mode)) {
        if (is_database(path))
            return ZC_OK; /* an index (perhaps this one) is no report */
        return walk_dir(w, path, key, &st, err);
    }
    if (!S_ISREG(st.st_mode)) {
        if (top)
            skip_entry(w, path, NULL, ZC_ERR_INVALID, "not a regular file");
        return ZC_OK;
    }
    zc_kind kind = zc_kind_of(base);
    if (kind == ZC_KIND_NONE) {
        skip_entry(w, path, NULL, ZC_ERR_INVALID,
                   "unsupported file type (indexed: .txt .md .html .htm .csv .jsonl .pdf .docx "
                   ".doc .wps .xlsx .xls .et .ofd)");
        return ZC_OK;
    }
    zc_file f = {strdup(path), strdup(key), kind, (uint64_t)st.st_size,
                 (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec};
    int rc;
    if (!f.path || !f.real_path)
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory walking '%s'", path);
    else
        rc = w->opts->file(w->opts->ctx, &f);
    zc_file_clear(&f);
    return rc;
}

int zc_idx_walk(const zc_walk *opts, const char *path, char **dir_key, zc_error *err)
{
    *dir_key = NULL;
    if (!path || !*path)
        return zc_err_set(err, ZC_ERR_INVALID, "an empty path names no file or directory");
    struct stat st;
    if (stat(path, &st) != 0)
        return zc_err_set(err, errno == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO, "%s: %s", path,
                          strerror(errno));
    char *key = realpath(path, NULL);
    if (!key)
        return zc_err_set(err, errno == ENOMEM ? ZC_ERR_NOMEM : ZC_ERR_IO, "%s: %s", path,
                          strerror(errno));
    walker w = {opts, NULL, 0, 0};
    int rc = walk(&w, path, key, 1, err);
    free(w.dirs);
    if (rc == ZC_OK && S_ISDIR(st.st_mode))
        *dir_key = key;
    else
        free(key);
    return rc;
}
