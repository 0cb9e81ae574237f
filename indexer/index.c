/* Opening and describing an index. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/err.h"
#include "dict/dict.h"
#include "dict/normalize.h"
#include "index_internal.h"
#include "run.h"
#include "schema.h"

int zc_index_stamp_schema(zc_xdb *db, zc_error *err)
{
    return zc_xdb_set_metadata(db, ZC_META_SCHEMA, ZC_SCHEMA_VERSION, strlen(ZC_SCHEMA_VERSION),
                               err);
}

static int check_schema(zc_index *ix, zc_error *err)
{
    char *v = NULL;
    size_t n = 0;
    int rc = zc_xdb_get_metadata(ix->db, ZC_META_SCHEMA, &v, &n, err);
    if (rc)
        return rc;
    zc_xdb_stats st;
    if (n == 0 && ix->writable && zc_xdb_stats_get(ix->db, &st, NULL) == ZC_OK &&
        st.doc_count == 0) {
        rc = zc_index_stamp_schema(ix->db, err);
        if (rc == ZC_OK)
            rc = zc_xdb_commit(ix->db, err);
    } else if (n == 0 || strcmp(v, ZC_SCHEMA_VERSION) != 0) {
        rc = zc_err_set(err, ZC_ERR_VERSION,
                        "'%s' is not a zhengce index of layout version %s (found '%s'); "
                        "rebuild it with `zhengce index --full`",
                        ix->path, ZC_SCHEMA_VERSION, v);
    }
    free(v);
    return rc;
}

/* Creates a new index beside path and renames it into place, so that a
 * killed run never leaves a directory that is not a complete index. */
static int create_db(const char *path, zc_error *err)
{
    char *tmp = zc_shard_sibling(path, ".zc-init");
    zc_rmtree(tmp);
    zc_xdb *db = NULL;
    int rc = zc_xdb_open_writable(tmp, ZC_XDB_OVERWRITE, &db, err);
    if (rc == ZC_OK)
        rc = zc_index_stamp_schema(db, err);
    if (rc == ZC_OK)
        rc = zc_xdb_commit(db, err);
    zc_xdb_free(db);
    if (rc == ZC_OK && rename(tmp, path) != 0 && errno != EEXIST && errno != ENOTEMPTY)
        rc = zc_err_set(err, ZC_ERR_IO, "cannot create index '%s': %s", path, strerror(errno));
    zc_rmtree(tmp); /* left only if another run created the index first */
    free(tmp);
    return rc;
}

static int open_db(zc_index *ix, int create, zc_error *err)
{
    if (!ix->writable)
        return zc_xdb_open(ix->path, &ix->db, err);
    int rc = zc_shard_restore(ix->path, err);
    struct stat st;
    if (rc == ZC_OK && create && stat(ix->path, &st) != 0)
        rc = create_db(ix->path, err);
    if (rc == ZC_OK)
        rc = zc_xdb_open_writable(ix->path, create ? ZC_XDB_CREATE_OR_OPEN : ZC_XDB_OPEN,
                                  &ix->db, err);
    if (rc == ZC_ERR_LOCKED)
        zc_err_set(err, rc,
                   "index '%s' is locked: another zhengce index or remove is writing to it",
                   ix->path);
    if (rc == ZC_OK)
        zc_shard_cleanup(ix->path); /* we hold the lock: leftovers are dead */
    return rc;
}

int zc_index_open(const char *path, int flags, zc_index **out, zc_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return zc_err_set(err, ZC_ERR_INVALID, "no index path given");
    zc_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->path = strdup(path))) {
        free(ix);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening index '%s'", path);
    }
    ix->writable = (flags & ZC_OPEN_WRITE) != 0;
    int rc = open_db(ix, (flags & ZC_OPEN_CREATE) != 0, err);
    if (rc == ZC_OK)
        rc = check_schema(ix, err);
    if (rc) {
        zc_index_free(ix);
        return rc;
    }
    *out = ix;
    return ZC_OK;
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
    zc_xdb_free(ix->db);
    zc_dict_free(ix->dict);
    zc_norm_free(ix->norm);
    free(ix->path);
    free(ix);
}

int zc_index_dict(zc_index *ix, const zc_dict **out, zc_error *err)
{
    if (!ix->dict) {
        int rc = zc_dict_open(NULL, &ix->dict, err);
        if (rc)
            return rc;
    }
    *out = ix->dict;
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

int zc_index_commit(zc_index *ix, zc_error *err)
{
    if (!ix->writable)
        return zc_err_set(err, ZC_ERR_INVALID, "index '%s' is open read-only", ix->path);
    return zc_xdb_commit(ix->db, err);
}

/* Sum of the sizes of the regular files in dir (the database is flat). */
static uint64_t dir_size(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    uint64_t total = 0;
    struct dirent *e;
    zc_buf p = ZC_BUF_INIT;
    while ((e = readdir(d))) {
        zc_buf_clear(&p);
        if (zc_buf_printf(&p, "%s/%s", dir, e->d_name))
            break;
        struct stat st;
        if (stat(p.data, &st) == 0 && S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
    }
    zc_buf_free(&p);
    closedir(d);
    return total;
}

int zc_index_get_info(zc_index *ix, zc_index_info *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    zc_xdb_stats st;
    int rc = zc_xdb_stats_get(ix->db, &st, err);
    if (rc)
        return rc;
    out->documents = st.doc_count;
    rc = zc_xdb_count_terms(ix->db, "", &out->terms, err);
    if (rc)
        return rc;
    out->size_bytes = dir_size(ix->path);
    return ZC_OK;
}
