/* The --db values of search and info: directories, servers, cluster files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int zc_cli_dbs_add(zc_cli_dbs *d, const char *value)
{
    const char **g = realloc(d->given, (d->n_given + 1) * sizeof *g);
    if (!g)
        return -1;
    d->given = g;
    d->given[d->n_given++] = value;
    return 0;
}

static int push(zc_cli_dbs *d, const char *spec, size_t len, const char *dir, size_t dirlen,
                zc_error *err)
{
    char **s = realloc(d->specs, (d->n_specs + 1) * sizeof *s);
    if (!s) {
        err->code = ZC_ERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        return ZC_ERR_NOMEM;
    }
    d->specs = s;
    /* A relative directory in a cluster file is relative to the file. */
    int rel = dir && spec[0] != '/' && strncmp(spec, "tcp://", 6) != 0;
    size_t n = (rel ? dirlen + 1 : 0) + len + 1;
    char *p = malloc(n);
    if (!p) {
        err->code = ZC_ERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        return ZC_ERR_NOMEM;
    }
    snprintf(p, n, "%.*s%s%.*s", rel ? (int)dirlen : 0, rel ? dir : "", rel ? "/" : "", (int)len,
             spec);
    d->specs[d->n_specs++] = p;
    return ZC_OK;
}

/* One spec per line; blank lines and lines starting with # are skipped,
 * blanks around a spec ignored. */
static int read_cluster_file(zc_cli_dbs *d, const char *path, zc_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        err->code = ZC_ERR_IO;
        snprintf(err->message, sizeof err->message, "cannot read cluster file '%s': %s", path,
                 strerror(errno));
        return ZC_ERR_IO;
    }
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    /* "/c.txt": dirlen 0, so "a" becomes "/a". */
    char line[4096];
    size_t before = d->n_specs;
    int rc = ZC_OK;
    while (rc == ZC_OK && fgets(line, sizeof line, f)) {
        char *s = line, *e = line + strlen(line);
        while (*s == ' ' || *s == '\t')
            s++;
        while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > s && *s != '#')
            rc = push(d, s, (size_t)(e - s), dir, dirlen, err);
    }
    fclose(f);
    if (rc == ZC_OK && d->n_specs == before) {
        err->code = ZC_ERR_INVALID;
        snprintf(err->message, sizeof err->message, "cluster file '%s' names no shard", path);
        rc = ZC_ERR_INVALID;
    }
    return rc;
}

static int expand(zc_cli_dbs *d, const char *value, zc_error *err)
{
    struct stat st;
    if (strncmp(value, "tcp://", 6) != 0 && stat(value, &st) == 0 && S_ISREG(st.st_mode))
        return read_cluster_file(d, value, err);
    return push(d, value, strlen(value), NULL, 0, err);
}

int zc_cli_dbs_open(zc_cli_dbs *d, int flags, zc_index **out, zc_error *err)
{
    zc_error_clear(err);
    *out = NULL;
    int rc = ZC_OK;
    if (d->n_given == 0)
        rc = expand(d, zc_cli_db_path(NULL), err);
    for (size_t i = 0; rc == ZC_OK && i < d->n_given; i++)
        rc = expand(d, d->given[i], err);
    if (rc)
        return rc;
    return zc_index_open_cluster((const char *const *)d->specs, d->n_specs, flags, out, err);
}

const char *zc_cli_dbs_name(const zc_cli_dbs *d, char *buf, size_t size)
{
    if (d->n_specs == 1)
        return d->specs[0];
    snprintf(buf, size, "%zu shards", d->n_specs);
    return buf;
}

void zc_cli_dbs_free(zc_cli_dbs *d)
{
    for (size_t i = 0; i < d->n_specs; i++)
        free(d->specs[i]);
    free(d->specs);
    free(d->given);
    memset(d, 0, sizeof *d);
}
