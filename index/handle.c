/* Opening and describing an index. */
#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/fs.h"
#include "dict/dict.h"
#include "index/check.h"
#include "index/dir.h"
#include "index/index.h"
#include "index/schema.h"
#include "text/normalize.h"

int zc_index_stamp_schema(zc_xdb *db, zc_error *err)
{
    return zc_xdb_set_metadata(db, ZC_META_SCHEMA, ZC_SCHEMA_VERSION, strlen(ZC_SCHEMA_VERSION),
                               err);
}

typedef struct filler_ctx {
    zc_xdocid keep;
    GArray *extra;
} filler_ctx;

static int note_filler(void *ctx, zc_xdocid docid, unsigned wdf)
{
    (void)wdf;
    filler_ctx *f = ctx;
    if (!f->keep)
        f->keep = docid;
    else
        g_array_append_val(f->extra, docid);
    return 0;
}

int zc_index_keep_filler(zc_xdb *db, zc_error *err)
{
    zc_xdb_stats st;
    filler_ctx f = {0, g_array_new(FALSE, FALSE, sizeof(zc_xdocid))};
    int rc = zc_xdb_stats_get(db, &st, err);
    if (rc == ZC_OK)
        rc = zc_xdb_each_posting(db, ZC_TERM_FILLER, note_filler, &f, err);
    for (guint i = 0; rc == ZC_OK && i < f.extra->len; i++)
        rc = zc_xdb_delete_document(db, g_array_index(f.extra, zc_xdocid, i), err);
    g_array_free(f.extra, TRUE);
    /* One in every database, from its first write on, gaps or not, so
     * that an index brought up to date and a full rebuild of the same
     * files count the same documents (BM25 reads the count). */
    if (rc || f.keep)
        return rc;
    zc_xdoc *doc = NULL;
    rc = zc_xdoc_new(&doc, err);
    if (rc == ZC_OK)
        rc = zc_xdoc_add_boolean_term(doc, ZC_TERM_FILLER, err);
    if (rc == ZC_OK)
        rc = zc_xdb_add_document(db, doc, NULL, err);
    zc_xdoc_free(doc);
    return rc;
}

int zc_index_fillers(const zc_xdb *db, uint64_t *out, zc_error *err)
{
    return zc_xdb_term_freq(db, ZC_TERM_FILLER, out, err);
}

int zc_index_every_document(zc_xquery **out, zc_error *err)
{
    zc_xquery *all = NULL, *filler = NULL;
    int rc = zc_xquery_match_all(&all, err);
    if (rc == ZC_OK)
        rc = zc_xquery_term(ZC_TERM_FILLER, 1, 0, &filler, err);
    if (rc == ZC_OK)
        rc = zc_xquery_pair(ZC_XOP_AND_NOT, all, filler, out, err);
    zc_xquery_free(all);
    zc_xquery_free(filler);
    return rc;
}

int zc_index_layout_error(const zc_index *ix, const char *found, zc_error *err)
{
    return zc_err_set(err, ZC_ERR_VERSION,
                      "'%s' is not a zhengce index of layout version %s (found '%s'); "
                      "rebuild it with `zhengce index --full`",
                      ix->path, ZC_SCHEMA_VERSION, found ? found : "");
}

static int check_schema(zc_index *ix, zc_error *err)
{
    char *v = NULL;
    size_t n = 0;
    int rc = zc_xdb_get_metadata(ix->db, ZC_META_SCHEMA, &v, &n, err);
    if (rc)
        return rc;
    zc_xdb_stats st;
    if (n == 0 && ix->write.on && zc_xdb_stats_get(ix->db, &st, NULL) == ZC_OK &&
        st.doc_count == 0) {
        rc = zc_index_stamp_schema(ix->db, err);
        if (rc == ZC_OK)
            rc = zc_xdb_commit(ix->db, err);
    } else if (n == 0 || strcmp(v, ZC_SCHEMA_VERSION) != 0) {
        if (ix->write.on && ix->write.rebuild) {
            ix->write.old_layout = strdup(v ? v : "");
            rc = ix->write.old_layout ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        } else {
            rc = zc_index_layout_error(ix, v, err);
        }
    }
    free(v);
    return rc;
}

/* Creates a new index beside path and renames it into place, so that a
 * killed run never leaves a directory that is not a complete index. */
static int create_db(const char *path, zc_error *err)
{
    char *tmp = zc_dir_sibling(path, ".zc-init");
    zc_xdb *db = NULL;
    int rc = zc_dir_scratch(tmp, err), made = rc == ZC_OK;
    if (rc == ZC_OK)
        rc = zc_xdb_open_writable(tmp, ZC_XDB_OVERWRITE, &db, err);
    if (rc == ZC_OK)
        rc = zc_index_stamp_schema(db, err);
    if (rc == ZC_OK)
        rc = zc_xdb_commit(db, err);
    zc_xdb_free(db);
    if (rc == ZC_OK && rename(tmp, path) != 0 && errno != EEXIST && errno != ENOTEMPTY)
        rc = zc_err_set(err, ZC_ERR_IO, "cannot create index '%s': %s", path, strerror(errno));
    if (made)
        zc_fs_rmtree(tmp); /* left only if another run created the index first */
    free(tmp);
    return rc;
}

/* Why the index directory path cannot be written, or 0: the directory or
 * one of its files is refused to this user (EACCES, EPERM) or is on a
 * read-only file system (EROFS). Xapian reports both as a write lock it
 * could not take, which would read as another writer holding it. */
static int unwritable(const char *path)
{
    if (access(path, W_OK) != 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
        return errno;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int e = 0;
    for (struct dirent *de; !e && (de = readdir(d));)
        if (de->d_name[0] != '.' && faccessat(dirfd(d), de->d_name, W_OK, 0) != 0 &&
            (errno == EACCES || errno == EPERM || errno == EROFS))
            e = errno;
    closedir(d);
    return e;
}

static int open_db(zc_index *ix, int create, zc_error *err)
{
    if (!ix->write.on)
        return zc_index_open_read_db(ix, &ix->db, err);
    int rc = ZC_OK;
    if (create) {
        /* `index --db archive/2024/idx` makes archive/2024 as mkdir -p would. */
        char *parent = g_path_get_dirname(ix->path);
        int why = g_mkdir_with_parents(parent, 0755) == 0 ? 0 : errno;
        g_free(parent);
        if (why)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot create the directories of index '%s': %s",
                            ix->path, strerror(why));
    }
    if (rc == ZC_OK)
        rc = zc_dir_restore(ix->path, err);
    struct stat st;
    if (rc == ZC_OK && create && stat(ix->path, &st) != 0)
        rc = create_db(ix->path, err);
    /* Before Xapian writes: it would take a database without its postlist
     * for none and create an empty one over it. A rebuild replaces a
     * damaged index with an empty one, as it replaces any other. */
    zc_xdb_mode mode = create ? ZC_XDB_CREATE_OR_OPEN : ZC_XDB_OPEN;
    if (rc == ZC_OK && (rc = zc_index_check_tables(ix->path, NULL, err)) == ZC_ERR_CORRUPT &&
        ix->write.rebuild) {
        mode = ZC_XDB_OVERWRITE;
        rc = ZC_OK;
    }
    if (rc == ZC_OK)
        rc = zc_xdb_open_writable(ix->path, mode, &ix->db, err);
    int why = rc && rc != ZC_ERR_NOT_FOUND ? unwritable(ix->path) : 0;
    if (why)
        rc = zc_err_set(err, ZC_ERR_IO, "cannot write index '%s': %s", ix->path, strerror(why));
    else if (rc == ZC_ERR_LOCKED)
        zc_err_set(err, rc,
                   "index '%s' is locked: another zhengce index or remove is writing to it",
                   ix->path);
    if (rc == ZC_OK)
        rc = zc_dir_cleanup(ix->path, err); /* we hold the lock: leftovers are dead */
    return rc;
}

zc_index *zc_index_handle_new(const char *path)
{
    zc_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    if (!(ix->path = strdup(path)) || pthread_mutex_init(&ix->lock, NULL) != 0) {
        free(ix->path);
        free(ix);
        return NULL;
    }
    return ix;
}

static int shared(const zc_index *ix)
{
    return !ix->write.on && !ix->owner;
}

/* A read-only handle's connection becomes its first view (searches only
 * use views), so that one search costs no second connection. */
static int first_view(zc_index *ix, zc_error *err)
{
    zc_index *v = calloc(1, sizeof *v);
    ix->idle = calloc(4, sizeof *ix->idle);
    if (!v || !ix->idle || !(v->path = strdup(ix->path))) {
        free(v);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening index '%s'", ix->path);
    }
    v->owner = ix;
    v->db = ix->db;
    ix->db = NULL;
    ix->cap_idle = 4;
    ix->idle[ix->n_idle++] = v;
    return ZC_OK;
}

/* Opens the database of a new handle and checks its layout. */
int zc_index_finish_open(zc_index *ix, int create, zc_index **out, zc_error *err)
{
    int rc = open_db(ix, create, err);
    if (rc == ZC_OK)
        rc = check_schema(ix, err);
    if (rc == ZC_OK && !ix->write.on)
        rc = first_view(ix, err);
    if (rc) {
        zc_index_free(ix);
        return rc;
    }
    *out = ix;
    return ZC_OK;
}

int zc_index_open(const char *path, int flags, zc_index **out, zc_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return zc_err_set(err, ZC_ERR_INVALID, "no index path given");
    zc_index *ix = zc_index_handle_new(path);
    if (ix && (ix->shards = calloc(1, sizeof *ix->shards)) && (ix->shards[0].spec = strdup(path)))
        ix->n_shards = 1;
    if (!ix || !ix->n_shards) {
        zc_index_free(ix);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening index '%s'", path);
    }
    ix->write.on = (flags & ZC_OPEN_WRITE) != 0;
    ix->write.rebuild = (flags & ZC_OPEN_REBUILD) != 0;
    return zc_index_finish_open(ix, (flags & ZC_OPEN_CREATE) != 0, out, err);
}

int zc_index_reopen(zc_index *ix, zc_error *err)
{
    zc_xdb_free(ix->db);
    ix->db = NULL;
    return open_db(ix, 0, err);
}

void zc_index_free(zc_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n_idle; i++)
        zc_index_free(ix->idle[i]);
    free(ix->idle);
    /* Closing a writable database commits what it holds: with the filler
     * its removals may need. */
    zc_error e;
    if (ix->write.on && ix->db)
        zc_index_keep_filler(ix->db, &e);
    zc_xdb_free(ix->db);
    if (!ix->owner) {
        zc_dict_free(ix->dict);
        pthread_mutex_destroy(&ix->lock);
    }
    zc_norm_free(ix->norm);
    zc_stored_unpacker_free(ix->unpacker);
    if (ix->write.state_free)
        ix->write.state_free(ix->write.state);
    zc_index_shards_free(ix);
    free(ix->write.old_layout);
    free(ix->path);
    free(ix);
}

int zc_index_dict(zc_index *ix, const zc_dict **out, zc_error *err)
{
    int rc = ZC_OK;
    if (shared(ix))
        pthread_mutex_lock(&ix->lock);
    if (!ix->dict)
        rc = zc_dict_open(NULL, &ix->dict, err);
    *out = ix->dict;
    if (shared(ix))
        pthread_mutex_unlock(&ix->lock);
    return rc;
}

int zc_index_unpacker(zc_index *ix, zc_stored_unpacker **out, zc_error *err)
{
    if (!ix->unpacker) {
        int rc = zc_stored_unpacker_new(&ix->unpacker, err);
        if (rc)
            return rc;
    }
    *out = ix->unpacker;
    return ZC_OK;
}

int zc_index_norm(zc_index *ix, zc_norm **out, zc_error *err)
{
    if (!ix->norm) {
        int rc = zc_norm_new(ZC_NORM_DEFAULT, &ix->norm, err);
        if (rc)
            return rc;
    }
    *out = ix->norm;
    return ZC_OK;
}

int zc_index_view_take(zc_index *ix, zc_index **view, zc_error *err)
{
    *view = ix;
    if (!shared(ix))
        return ZC_OK;
    const zc_dict *dict = NULL;
    int rc = zc_index_dict(ix, &dict, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&ix->lock);
    zc_index *v = ix->n_idle ? ix->idle[--ix->n_idle] : NULL;
    pthread_mutex_unlock(&ix->lock);
    if (v) {
        v->dict = (zc_dict *)dict; /* the first view was made before the dictionary */
        *view = v;
        return ZC_OK;
    }
    /* A new view: the same shards or server, connected again. */
    v = calloc(1, sizeof *v);
    if (!v || !(v->path = strdup(ix->path)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory searching '%s'", ix->path);
    if (rc == ZC_OK) {
        v->owner = ix;
        v->dict = (zc_dict *)dict;
        rc = zc_index_open_read_db(ix, &v->db, err);
    }
    if (rc) {
        zc_index_free(v);
        return rc;
    }
    *view = v;
    return ZC_OK;
}

void zc_index_view_give(zc_index *ix, zc_index *view)
{
    if (!view || view == ix)
        return;
    pthread_mutex_lock(&ix->lock);
    if (ix->n_idle == ix->cap_idle) {
        size_t cap = ix->cap_idle ? 2 * ix->cap_idle : 4;
        zc_index **p = realloc(ix->idle, cap * sizeof *p);
        if (p) {
            ix->idle = p;
            ix->cap_idle = cap;
        }
    }
    if (ix->n_idle < ix->cap_idle) {
        ix->idle[ix->n_idle++] = view;
        view = NULL;
    }
    pthread_mutex_unlock(&ix->lock);
    zc_index_free(view); /* no room to keep it: close it */
}

int zc_index_commit(zc_index *ix, zc_error *err)
{
    if (!ix->write.on)
        return zc_err_set(err, ZC_ERR_INVALID, "index '%s' is open read-only", ix->path);
    int rc = zc_index_keep_filler(ix->db, err);
    return rc ? rc : zc_xdb_commit(ix->db, err);
}

int zc_index_get_info(zc_index *ix, zc_index_info *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    zc_index *v = NULL;
    int rc = zc_index_view_take(ix, &v, err);
    zc_xdb_stats st;
    if (rc == ZC_OK)
        rc = zc_xdb_stats_get(v->db, &st, err);
    uint64_t fillers = 0;
    if (rc == ZC_OK)
        rc = zc_index_fillers(v->db, &fillers, err);
    if (rc == ZC_OK) {
        out->documents = st.doc_count - fillers;
        rc = zc_xdb_count_terms(v->db, "", &out->terms, err);
        if (fillers && out->terms)
            out->terms--; /* the filler's term */
    }
    zc_index_view_give(ix, v);
    for (size_t i = 0; rc == ZC_OK && i < ix->n_shards; i++)
        if (!ix->shards[i].host && !ix->shards[i].down) /* servers: size unknown */
            out->size_bytes += zc_fs_dir_bytes(ix->shards[i].spec);
    return rc;
}

void zc_index_test_set(zc_index *ix, zc_test_knob knob, long value)
{
    if ((unsigned)knob < ZC_TEST_KNOBS)
        ix->test[knob] = value;
}

long zc_index_test_get(const zc_index *ix, zc_test_knob knob)
{
    if ((unsigned)knob >= ZC_TEST_KNOBS)
        return 0;
    return ix->owner ? ix->owner->test[knob] : ix->test[knob];
}
