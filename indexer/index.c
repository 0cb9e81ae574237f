/* Opening and describing an index. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/err.h"
#include "index_internal.h"
#include "schema.h"

static int check_schema(zc_index *ix, zc_error *err)
{
    char *v = NULL;
    size_t n = 0;
    int rc = zc_xdb_get_metadata(ix->db, ZC_META_SCHEMA, &v, &n, err);
    if (rc)
        return rc;
    if (n == 0 && ix->writable) {
        rc = zc_xdb_set_metadata(ix->db, ZC_META_SCHEMA, ZC_SCHEMA_VERSION,
                                 strlen(ZC_SCHEMA_VERSION), err);
    } else if (n == 0 || strcmp(v, ZC_SCHEMA_VERSION) != 0) {
        rc = zc_err_set(err, ZC_ERR_VERSION,
                        "'%s' is not a zhengce index of layout version %s (found '%s'); "
                        "rebuild it with `zhengce index --full`",
                        ix->path, ZC_SCHEMA_VERSION, v);
    }
    free(v);
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
    int rc;
    ix->writable = (flags & ZC_OPEN_WRITE) != 0;
    if (ix->writable) {
        rc = zc_xdb_open_writable(path, (flags & ZC_OPEN_CREATE) ? ZC_XDB_CREATE_OR_OPEN
                                                                 : ZC_XDB_OPEN,
                                  &ix->db, err);
    } else {
        rc = zc_xdb_open(path, &ix->db, err);
    }
    if (rc == ZC_OK)
        rc = check_schema(ix, err);
    if (rc) {
        zc_index_free(ix);
        return rc;
    }
    *out = ix;
    return ZC_OK;
}

void zc_index_free(zc_index *ix)
{
    if (!ix)
        return;
    zc_xdb_free(ix->db);
    free(ix->path);
    free(ix);
}

void zc_index_set_reporter(zc_index *ix, zc_report_fn fn, void *ctx)
{
    ix->report = fn;
    ix->report_ctx = ctx;
}

int zc_index_commit(zc_index *ix, zc_error *err)
{
    if (!ix->writable)
        return zc_err_set(err, ZC_ERR_INVALID, "index '%s' is open read-only", ix->path);
    int rc = zc_xdb_commit(ix->db, err);
    if (rc == ZC_OK)
        ix->pending = 0;
    return rc;
}

/* Sum of the sizes of the regular files in dir (the index is flat). */
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
