#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "schema.h"

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
    /* ZC_SLOT_SOURCE holds "stamp\treal path". */
    const char *tab = memchr(v, '\t', len);
    if (tab)
        g_hash_table_replace(ctx, g_strndup(tab + 1, len - (size_t)(tab - v) - 1),
                             g_strndup(v, (size_t)(tab - v)));
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

/* Whether the file still has the content the stamp describes: size and
 * mtime equal, or (mtime changed, the file within max_bytes) the same
 * content hash. */
static int unchanged(const zc_file *f, const char *stamp, uint64_t max_bytes)
{
    unsigned long long size;
    long long mtime;
    char hash[17] = "";
    if (sscanf(stamp, "%llu:%lld:%16s", &size, &mtime, hash) != 3 || size != f->size)
        return 0;
    if (mtime == f->mtime_ns)
        return 1;
    if (f->size > max_bytes)
        return 0;
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(f->path, &data, &len, NULL))
        return 0;
    char sum[ZC_SRC_HASH_LEN + 1];
    zc_src_hash(data, len, sum);
    int same = strcmp(sum, hash) == 0;
    g_free(data);
    return same;
}

typedef struct walk_ctx {
    zc_plan *plan;
    GHashTable *known; /* NULL when rebuilding */
    GHashTable *seen;  /* real paths met by the walk */
    const zc_index_options *o;
    zc_error *err;
} walk_ctx;

static void on_skip(void *ctx, const char *path, const zc_error *why)
{
    walk_ctx *w = ctx;
    int failed = why->code != ZC_ERR_INVALID;
    if (failed)
        w->plan->failed++;
    else
        w->plan->skipped++;
    if (w->o->report)
        w->o->report(w->o->ctx, failed ? ZC_EVENT_FAILED : ZC_EVENT_SKIPPED, path, why);
}

static int on_file(void *ctx, zc_file *f)
{
    walk_ctx *w = ctx;
    if (g_hash_table_contains(w->seen, f->real_path))
        return ZC_OK; /* the same file named twice */
    g_hash_table_add(w->seen, g_strdup(f->real_path));
    const char *stamp = w->known ? g_hash_table_lookup(w->known, f->real_path) : NULL;
    uint64_t max_bytes = zc_src_max_bytes(w->o);
    if (stamp && unchanged(f, stamp, max_bytes)) {
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
    zc_error merr;
    if (zc_manifests_find(w->plan->manifests, wk->file.path, &wk->manifest, &merr)) {
        /* A bad manifest (reported once) is a problem the status shows. */
        w->plan->failed++;
        if (w->o->report)
            w->o->report(w->o->ctx, ZC_EVENT_FAILED, wk->file.path, &merr);
    }
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

static int init_plan(zc_plan *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    out->work = g_ptr_array_new_with_free_func(work_free);
    out->removed = g_ptr_array_new_with_free_func(g_free);
    return zc_manifests_new(&out->manifests, err);
}

int zc_plan_make(zc_xdb *db, const char *const *paths, size_t n, const zc_index_options *o,
                 zc_plan *out, zc_error *err)
{
    int rc = init_plan(out, err);
    GHashTable *known = NULL;
    if (rc == ZC_OK && !o->full)
        rc = zc_plan_known(db, &known, err);
    walk_ctx w = {out, known, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), o, err};
    GPtrArray *dirs = g_ptr_array_new_with_free_func(free);
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        char *real = realpath(paths[i], NULL);
        if (!real) {
            rc = zc_err_set(err, errno == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO, "%s: %s", paths[i],
                            strerror(errno));
            break;
        }
        if (g_file_test(real, G_FILE_TEST_IS_DIR))
            g_ptr_array_add(dirs, real);
        else
            free(real);
        rc = zc_idx_walk(paths[i], on_file, on_skip, &w, err);
    }
    if (rc == ZC_OK && known) {
        /* Sources below a walked directory that the walk did not meet. */
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, known);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            if (g_hash_table_contains(w.seen, key))
                continue;
            for (guint d = 0; d < dirs->len; d++) {
                if (under(key, dirs->pdata[d])) {
                    g_ptr_array_add(out->removed, g_strdup(key));
                    break;
                }
            }
        }
    }
    g_ptr_array_sort(out->work, by_size_desc);
    g_ptr_array_free(dirs, TRUE);
    g_hash_table_destroy(w.seen);
    if (known)
        g_hash_table_destroy(known);
    if (rc)
        zc_plan_clear(out);
    return rc;
}

int zc_plan_removal(zc_xdb *db, const char *const *paths, size_t n, zc_plan *out, zc_error *err)
{
    int rc = init_plan(out, err);
    GHashTable *known = NULL;
    if (rc == ZC_OK)
        rc = zc_plan_known(db, &known, err);
    for (size_t i = 0; rc == ZC_OK && i < n; i++) {
        /* The path may be gone: resolve what still exists, else use it as
         * given, made absolute. */
        char *real = realpath(paths[i], NULL);
        char *abs = real ? real : g_canonicalize_filename(paths[i], NULL);
        size_t before = out->removed->len;
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, known);
        while (g_hash_table_iter_next(&it, &key, NULL))
            if (strcmp(key, abs) == 0 || under(key, abs))
                g_ptr_array_add(out->removed, g_strdup(key));
        if (out->removed->len == before)
            rc = zc_err_set(err, ZC_ERR_NOT_FOUND, "%s: nothing indexed at or below this path",
                            paths[i]);
        if (real)
            free(real);
        else
            g_free(abs);
    }
    if (known)
        g_hash_table_destroy(known);
    if (rc)
        zc_plan_clear(out);
    return rc;
}
