/* Read-only handles over several shards, local directories or indexes
 * served by xapian-tcpsrv: Xapian searches them as one database (merging
 * term statistics, so scores are those of one index), and this file
 * decides what to do when a shard cannot be reached. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "index/index.h"

#define ZC_TCP_SCHEME "tcp://"

/* "tcp://host:port" → host and port; a spec without the scheme is a
 * directory. IPv6 hosts go in brackets ("tcp://[::1]:7000"). */
static int parse_spec(const char *spec, zc_index_shard *s, zc_error *err)
{
    if (!(s->spec = strdup(spec)))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening shard '%s'", spec);
    size_t sl = strlen(ZC_TCP_SCHEME);
    if (strncmp(spec, ZC_TCP_SCHEME, sl) != 0)
        return ZC_OK;
    const char *h = spec + sl, *colon = strrchr(h, ':');
    char *end = NULL;
    unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 0;
    if (!colon || colon == h || !colon[1] || *end || port == 0 || port > 65535)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "shard '%s': expected tcp://host:port with a port 1-65535", spec);
    size_t hl = (size_t)(colon - h);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (!(s->host = strndup(h, hl)))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening shard '%s'", spec);
    s->port = (unsigned)port;
    return ZC_OK;
}

int zc_index_recover(zc_index *ix, int rc, zc_error *err)
{
    zc_index *owner = ix->owner;
    if (rc != ZC_ERR_NETWORK || !owner)
        return rc;
    /* The merged error does not say which shard failed: ask each server
     * again (refused at once when it is gone; a hung one times out). */
    zc_error first = *err;
    size_t lost = 0, n_lost = 0;
    for (size_t i = 0; i < owner->n_shards; i++) {
        const zc_index_shard *s = &owner->shards[i];
        pthread_mutex_lock(&owner->lock);
        int down = s->down;
        pthread_mutex_unlock(&owner->lock);
        if (down || !s->host)
            continue;
        zc_xdb *probe = NULL;
        zc_error why;
        if (zc_xdb_open_remote(s->host, s->port, owner->timeout_ms, &probe, &why) == ZC_OK) {
            zc_xdb_free(probe);
            continue;
        }
        if (!n_lost++)
            lost = i;
        if (owner->partial) {
            pthread_mutex_lock(&owner->lock);
            zc_index_mark_down(owner, i, "was lost during a search", &why);
            pthread_mutex_unlock(&owner->lock);
        }
    }
    if (!n_lost)
        return rc; /* every server answers: the error is not a lost shard */
    if (!owner->partial)
        return zc_err_set(err, ZC_ERR_NETWORK,
                          "shard %zu of %zu '%s' cannot be reached (search failed: %s)", lost + 1,
                          owner->n_shards, owner->shards[lost].spec, first.message);
    zc_xdb_free(ix->db);
    ix->db = NULL;
    return zc_index_open_read_db(ix, &ix->db, err);
}

int zc_index_warnings_copy(zc_index *ix, char ***out, size_t *n, zc_error *err)
{
    zc_index *owner = ix->owner ? ix->owner : ix;
    *out = NULL;
    *n = 0;
    if (!owner->partial)
        return ZC_OK;
    int rc = ZC_OK;
    pthread_mutex_lock(&owner->lock);
    if (owner->n_warnings) {
        char **w = calloc(owner->n_warnings, sizeof *w);
        for (size_t i = 0; w && i < owner->n_warnings; i++)
            if ((w[i] = strdup(owner->warnings[i])))
                *n = i + 1;
        if (!w || *n < owner->n_warnings)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        *out = w;
    }
    pthread_mutex_unlock(&owner->lock);
    return rc;
}

size_t zc_index_warning_count(const zc_index *ix)
{
    zc_index *owner = (zc_index *)(ix->owner ? ix->owner : ix);
    if (!owner->partial)
        return 0;
    pthread_mutex_lock(&owner->lock);
    size_t n = owner->n_warnings;
    pthread_mutex_unlock(&owner->lock);
    return n;
}

/* Warnings are only ever appended, so an index below the count stays valid. */
const char *zc_index_warning(const zc_index *ix, size_t i)
{
    zc_index *owner = (zc_index *)(ix->owner ? ix->owner : ix);
    if (!owner->partial)
        return NULL;
    pthread_mutex_lock(&owner->lock);
    const char *w = i < owner->n_warnings ? owner->warnings[i] : NULL;
    pthread_mutex_unlock(&owner->lock);
    return w;
}

/* A new read-only handle over n shards, not opened yet. */
static int cluster_new(const char *const *specs, size_t n, int flags, zc_index **out, zc_error *err)
{
    *out = NULL;
    if (!specs || n == 0)
        return zc_err_set(err, ZC_ERR_INVALID, "no index shards given");
    if (flags & ~ZC_OPEN_ALLOW_PARTIAL)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "shards open read-only: flags other than ZC_OPEN_ALLOW_PARTIAL");
    for (size_t i = 0; i < n; i++)
        if (!specs[i] || !*specs[i])
            return zc_err_set(err, ZC_ERR_INVALID, "index shard %zu: no path given", i + 1);
    zc_index *ix = zc_index_handle_new(specs[0]);
    if (!ix || !(ix->shards = calloc(n, sizeof *ix->shards))) {
        zc_index_free(ix);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening index '%s'", specs[0]);
    }
    ix->partial = (flags & ZC_OPEN_ALLOW_PARTIAL) != 0;
    for (; ix->n_shards < n; ix->n_shards++) {
        int rc = parse_spec(specs[ix->n_shards], &ix->shards[ix->n_shards], err);
        if (rc) {
            ix->n_shards++;
            zc_index_free(ix);
            return rc;
        }
    }
    *out = ix;
    return ZC_OK;
}

int zc_index_open_cluster(const char *const *specs, size_t n, int flags, zc_index **out,
                          zc_error *err)
{
    zc_index *ix = NULL;
    int rc = cluster_new(specs, n, flags, &ix, err);
    return rc ? rc : zc_index_finish_open(ix, 0, out, err);
}

int zc_index_open_shards(const char *const *paths, size_t n, zc_index **out, zc_error *err)
{
    return zc_index_open_cluster(paths, n, ZC_OPEN_READ, out, err);
}

int zc_index_open_remote(const char *host, unsigned port, unsigned timeout_ms, zc_index **out,
                         zc_error *err)
{
    *out = NULL;
    if (!host || !*host)
        return zc_err_set(err, ZC_ERR_INVALID, "no index host given");
    char spec[300];
    snprintf(spec, sizeof spec, ZC_TCP_SCHEME "%s%.255s%s:%u", strchr(host, ':') ? "[" : "", host,
             strchr(host, ':') ? "]" : "", port);
    const char *one = spec;
    zc_index *ix = NULL;
    int rc = cluster_new(&one, 1, ZC_OPEN_READ, &ix, err);
    if (rc)
        return rc;
    ix->timeout_ms = timeout_ms;
    return zc_index_finish_open(ix, 0, out, err);
}
