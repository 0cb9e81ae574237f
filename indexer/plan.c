#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "index/schema.h"
#include "indexer/walk.h"

static void work_free(gpointer p)
{
    zc_work *w = p;
    zc_file_clear(&w->file);
    g_free(w);
}

void zc_plan_clear(zc_plan *p)
{
    if (!p)
        return;
    if (p->work)
        g_ptr_array_free(p->work, TRUE);
    if (p->removed)
        g_ptr_array_free(p->removed, TRUE);
    zc_manifests_free(p->manifests);
    memset(p, 0, sizeof *p);
}

static int add_known(void *ctx, zc_xdocid docid, const char *v, size_t len)
{
    (void)docid;
    size_t stamp_len, path_len;
    const char *path;
    if (zc_schema_source_split(v, len, &stamp_len, &path, &path_len))
        g_hash_table_replace(ctx, g_strndup(path, path_len), g_strndup(v, stamp_len));
    return 0;
}

int zc_plan_known(zc_xdb *db, GHashTable **out, zc_error *err)
{
    *out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    int rc = zc_xdb_each_value(db, ZC_SLOT_SOURCE, add_known, *out, err);
    if (rc) {
        g_hash_table_destroy(*out);
        *out = NULL;
    }
    return rc;
}

/* Whether the file still has the content the stamp describes (size and
 * mtime equal, or, mtime changed and the file within max_bytes, the same
 * content hash) and the manifest row that applies to it (man, or none) is
 * the one it was indexed with. */
static int unchanged(const zc_file *f, const zc_manifest_entry *man, const char *stamp,
                     uint64_t max_bytes)
{
    zc_schema_stamp_fields st;
    if (!zc_schema_stamp_parse(stamp, &st) || strcmp(st.digest, man ? man->digest : "") != 0 ||
        st.size != f->size)
        return 0;
    if (st.mtime_ns == f->mtime_ns)
        return 1;
    if (f->size > max_bytes)
        return 0;
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(f->path, &data, &len, NULL))
        return 0;
    char sum[ZC_SRC_HASH_LEN + 1];
    zc_src_hash(data, len, sum);
    int same = strcmp(sum, st.hash) == 0;
    g_free(data);
    return same;
}

typedef struct walk_ctx {
    zc_plan *plan;
    GHashTable *known; /* NULL when rebuilding */
    GHashTable *seen;  /* keys met by the walk */
    GPtrArray *kept;   /* keys of what could not be read: documents stay */
    const zc_index_options *o;
} walk_ctx;

static void on_skip(void *ctx, const char *path, const char *keep, const zc_error *why)
{
    walk_ctx *w = ctx;
    int failed = why->code != ZC_ERR_INVALID;
    if (failed)
        w->plan->failed++;
    else
        w->plan->skipped++;
    if (keep)
        g_ptr_array_add(w->kept, g_strdup(keep));
    if (w->o->report)
        w->o->report(w->o->ctx, failed ? ZC_EVENT_FAILED : ZC_EVENT_SKIPPED, path, why);
}

static int on_file(void *ctx, zc_file *f)
{
    walk_ctx *w = ctx;
    if (g_hash_table_contains(w->seen, f->real_path))
        return ZC_OK; /* the same file named twice */
    g_hash_table_add(w->seen, g_strdup(f->real_path));
    /* The manifest row takes part in the stamp: looked up for every file. */
    const zc_manifest_entry *man = NULL;
    zc_error merr;
    if (zc_manifests_find(w->plan->manifests, f->path, &man, &merr)) {
        /* A bad manifest (reported once) is a problem the status shows. */
        w->plan->failed++;
        if (w->o->report)
            w->o->report(w->o->ctx, ZC_EVENT_FAILED, f->path, &merr);
    }
    const char *stamp = w->known ? g_hash_table_lookup(w->known, f->real_path) : NULL;
    uint64_t max_bytes = zc_src_max_bytes(w->o);
    if (stamp && unchanged(f, man, stamp, max_bytes)) {
        w->plan->unchanged++;
        return ZC_OK;
    }
    if (f->size > max_bytes) { /* not read: its documents, if any, stay */
        zc_error why;
        zc_src_too_large(f->path, f->size, max_bytes, &why);
        w->plan->skipped++;
        w->plan->oversize++;
        if (w->o->report)
            w->o->report(w->o->ctx, ZC_EVENT_SKIPPED, f->path, &why);
        return ZC_OK;
    }
    zc_work *wk = g_new0(zc_work, 1);
    wk->file = *f;
    memset(f, 0, sizeof *f); /* the walk's copy is now ours */
    wk->known = stamp != NULL;
    wk->manifest = man;
    w->plan->bytes += wk->file.size;
    g_ptr_array_add(w->plan->work, wk);
    return ZC_OK;
}

/* Big files first, so that workers finish together. */
static gint by_size_desc(gconstpointer a, gconstpointer b)
{
    const zc_work *x = *(zc_work *const *)a, *y = *(zc_work *const *)b;
    return x->file.size < y->file.size ? 1 : x->file.size > y->file.size ? -1 : 0;
}

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || (n == 1 && dir[0] == '/'));
}

static int at_or_under(const char *path, const char *dir)
{
    return strcmp(path, dir) == 0 || under(path, dir);
}

static int init_plan(zc_plan *out, int follow, zc_error *err)
{
    memset(out, 0, sizeof *out);
    out->work = g_ptr_array_new_with_free_func(work_free);
    out->removed = g_ptr_array_new_with_free_func(g_free);
    return zc_manifests_new(&out->manifests, follow, err);
}

/* Whether any of the keys in list is key or a directory above it. */
static int covered(GPtrArray *list, const char *key)
{
    for (guint i = 0; i < list->len; i++)
        if (at_or_under(key, list->pdata[i]))
            return 1;
    return 0;
}

/* A rebuild replaces the whole index: refused (ZC_ERR_IO) when it would
 * drop what is indexed below a directory or entry that could not be read
 * (kept), which an incremental run keeps. */
static int full_would_drop(zc_xdb *db, GPtrArray *kept, zc_error *err)
{
    GHashTable *known = NULL;
    int rc = zc_plan_known(db, &known, err);
    for (guint i = 0; rc == ZC_OK && i < kept->len; i++) {
        unsigned sources = 0;
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, known);
        while (g_hash_table_iter_next(&it, &key, NULL))
            sources += at_or_under(key, kept->pdata[i]);
        if (sources)
            rc = zc_err_set(err, ZC_ERR_IO,
                            "%s: cannot be read, and the rebuild (--full) would drop the %u "
                            "file%s indexed there: nothing was changed (make it readable, or "
                            "`zhengce remove` it first)",
                            (const char *)kept->pdata[i], sources, sources == 1 ? "" : "s");
    }
    if (known)
        g_hash_table_destroy(known);
    return rc;
}

int zc_plan_make(zc_xdb *db, const char *const *paths, size_t n, const zc_index_options *o,
                 zc_plan *out, zc_error *err)
{
    int rc = init_plan(out, o->follow, err);
    GHashTable *known = NULL;
    if (rc == ZC_OK && !o->full)
        rc = zc_plan_known(db, &known, err);
    walk_ctx w = {out, known, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                  g_ptr_array_new_with_free_func(g_free), o};
    zc_walk walk = {o->follow != 0, on_file, on_skip, &w};
    GPtrArray *dirs = g_ptr_array_new_with_free_func(free);
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        char *dir_key = NULL;
        rc = zc_idx_walk(&walk, paths[i], &dir_key, err);
        if (dir_key)
            g_ptr_array_add(dirs, dir_key);
    }
    if (rc == ZC_OK && o->full && w.kept->len)
        rc = full_would_drop(db, w.kept, err);
    if (rc == ZC_OK && known) {
        /* Sources below a walked directory that the walk did not meet, but
         * for those below what could not be read. */
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, known);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            if (!g_hash_table_contains(w.seen, key) && covered(dirs, key) && !covered(w.kept, key))
                g_ptr_array_add(out->removed, g_strdup(key));
        }
    }
    g_ptr_array_sort(out->work, by_size_desc);
    g_ptr_array_free(dirs, TRUE);
    g_ptr_array_free(w.kept, TRUE);
    g_hash_table_destroy(w.seen);
    if (known)
        g_hash_table_destroy(known);
    if (rc)
        zc_plan_clear(out);
    return rc;
}

/* abs (absolute, lexically canonical) with the longest prefix that exists
 * resolved: where a path that is gone would have its key. */
static char *resolve_existing(const char *abs)
{
    char *real = realpath(abs, NULL);
    if (real) {
        char *copy = g_strdup(real);
        free(real);
        return copy;
    }
    char *dir = g_path_get_dirname(abs);
    if (strcmp(dir, abs) == 0)
        return dir; /* the root */
    char *head = resolve_existing(dir), *base = g_path_get_basename(abs);
    char *out = g_build_filename(head, base, NULL);
    g_free(dir);
    g_free(head);
    g_free(base);
    return out;
}

/* The keys `zhengce remove PATH` may mean, into keys: the path resolved,
 * as `zhengce index` takes an argument; and, when PATH is itself a
 * symbolic link or is gone, the path with only its directory resolved,
 * which is the key of a file reached through a followed link. */
static int removal_keys(const char *path, GPtrArray *keys, zc_error *err)
{
    if (!*path)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "an empty path: refusing to remove (it would name the current "
                          "directory; give '.' to mean that)");
    char *real = realpath(path, NULL);
    if (real)
        g_ptr_array_add(keys, g_strdup(real));
    struct stat st;
    if (!real || (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))) {
        char *abs = g_canonicalize_filename(path, NULL);
        char *dir = g_path_get_dirname(abs), *base = g_path_get_basename(abs);
        char *head = resolve_existing(dir);
        g_ptr_array_add(keys, g_build_filename(head, base, NULL));
        g_free(head);
        g_free(abs);
        g_free(dir);
        g_free(base);
    }
    free(real);
    for (guint i = 0; i < keys->len; i++)
        if (strcmp(keys->pdata[i], "/") == 0)
            return zc_err_set(err, ZC_ERR_INVALID,
                              "%s: this is the root directory: refusing to remove every document "
                              "of the index (name the directories to remove, or rebuild the index "
                              "with `zhengce index --full`)",
                              path);
    return ZC_OK;
}

int zc_plan_removal(zc_xdb *db, const char *const *paths, size_t n, zc_plan *out, zc_error *err)
{
    int rc = init_plan(out, 0, err);
    for (size_t i = 0; rc == ZC_OK && i < n; i++)
        if (!paths[i])
            rc = zc_err_set(err, ZC_ERR_INVALID, "no path given to remove");
    GHashTable *known = NULL;
    if (rc == ZC_OK)
        rc = zc_plan_known(db, &known, err);
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
        rc = removal_keys(paths[i], keys, err);
        size_t found = 0;
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, known);
        while (rc == ZC_OK && g_hash_table_iter_next(&it, &key, NULL)) {
            if (!covered(keys, key))
                continue;
            found++;
            if (!g_hash_table_contains(taken, key)) {
                g_hash_table_add(taken, key);
                g_ptr_array_add(out->removed, g_strdup(key));
            }
        }
        if (rc == ZC_OK && !found)
            rc = zc_err_set(err, ZC_ERR_NOT_FOUND, "%s: nothing indexed at or below this path",
                            paths[i]);
        g_ptr_array_free(keys, TRUE);
    }
    g_hash_table_destroy(taken);
    if (known)
        g_hash_table_destroy(known);
    if (rc)
        zc_plan_clear(out);
    return rc;
}
