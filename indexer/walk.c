/* Walking the paths given to `zhengce index`. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/grow.h"
#include "index_internal.h"
#include "record.h"

typedef struct seen {
    dev_t dev;
    ino_t ino;
} seen;

typedef struct walker {
    zc_walk_fn fn;
    zc_walk_skip_fn skip;
    void *ctx;
    seen *dirs; /* directories entered on the current path, for loops */
    size_t ndirs, cap;
} walker;

static void skip_entry(walker *w, const char *path, int code, const char *why)
{
    zc_error e;
    zc_err_set(&e, code, "%s: %s", path, why);
    if (w->skip)
        w->skip(w->ctx, path, &e);
}

static int walk(walker *w, const char *path, int top, zc_error *err);

/* A Xapian database directory. */
static int is_database(const char *dir)
{
    zc_buf p = ZC_BUF_INIT;
    struct stat st;
    int yes = zc_buf_printf(&p, "%s/iamglass", dir) == ZC_OK && stat(p.data, &st) == 0;
    zc_buf_free(&p);
    return yes;
}

static int walk_dir(walker *w, const char *path, const struct stat *st, zc_error *err)
{
    for (size_t i = 0; i < w->ndirs; i++) {
        if (w->dirs[i].dev == st->st_dev && w->dirs[i].ino == st->st_ino) {
            skip_entry(w, path, ZC_ERR_INVALID, "symlink loop (directory already being walked)");
            return ZC_OK;
        }
    }
    if (zc_grow((void **)&w->dirs, w->ndirs, &w->cap, sizeof *w->dirs, 16))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory walking '%s'", path);
    w->dirs[w->ndirs++] = (seen){st->st_dev, st->st_ino};

    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        skip_entry(w, path, ZC_ERR_IO, strerror(errno));
        w->ndirs--;
        return ZC_OK;
    }
    int rc = ZC_OK;
    zc_buf child = ZC_BUF_INIT;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (rc == ZC_OK && name[0] != '.') {
            zc_buf_clear(&child);
            size_t plen = strlen(path);
            if (zc_buf_append(&child, path, plen) ||
                (plen && path[plen - 1] != '/' && zc_buf_putc(&child, '/')) ||
                zc_buf_puts(&child, name))
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory walking '%s'", path);
            else
                rc = walk(w, child.data, 0, err);
        }
        free(names[i]);
    }
    free(names);
    zc_buf_free(&child);
    w->ndirs--;
    return rc;
}

static int walk(walker *w, const char *path, int top, zc_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (top)
            return zc_err_set(err, e == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO, "%s: %s", path,
                              strerror(e));
        /* A dangling symlink or a file gone meanwhile. */
        skip_entry(w, path, ZC_ERR_IO, e == ELOOP ? "symlink loop" : strerror(e));
        return ZC_OK;
    }
    if (S_ISDIR(st.st_mode)) {
        if (is_database(path))
            return ZC_OK; /* an index (perhaps this one) is no report */
        return walk_dir(w, path, &st, err);
    }
    if (!S_ISREG(st.st_mode)) {
        if (top)
            skip_entry(w, path, ZC_ERR_INVALID, "not a regular file");
        return ZC_OK;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, ZC_MANIFEST_NAME) == 0)
        return ZC_OK;
    zc_kind kind = zc_kind_of(base);
    if (kind == ZC_KIND_NONE) {
        skip_entry(w, path, ZC_ERR_INVALID,
                   "unsupported file type (indexed: .txt .md .html .htm .csv .jsonl)");
        return ZC_OK;
    }
    char *real = realpath(path, NULL);
    int rc = ZC_OK, e = errno;
    zc_file f = {strdup(path), real, kind, (uint64_t)st.st_size,
                 (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec};
    if (!f.path || (!f.real_path && e == ENOMEM))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory walking '%s'", path);
    else if (!f.real_path) /* gone since stat(), or a component changed: this file only */
        skip_entry(w, path, ZC_ERR_IO, strerror(e));
    else
        rc = w->fn(w->ctx, &f);
    zc_file_clear(&f);
    return rc;
}

int zc_idx_walk(const char *path, zc_walk_fn fn, zc_walk_skip_fn skip, void *ctx, zc_error *err)
{
    walker w = {fn, skip, ctx, NULL, 0, 0};
    int rc = walk(&w, path, 1, err);
    free(w.dirs);
    return rc;
}
