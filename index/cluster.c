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
#include "index/check.h"
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

void zc_index_shards_free(zc_index *ix)
{
    for (size_t i = 0; i < ix->n_shards; i++) {
        free(ix->shards[i].spec);
        free(ix->shards[i].host);
    }
    free(ix->shards);
    for (size_t i = 0; i < ix->n_warnings; i++)
        free(ix->warnings[i]);
    free(ix->warnings);
}

/* Opens of a local index that may meet shard mode's swap (indexer/shard.c):
 * Xapian opens the tables one by one, so an open during the exchange can
 * pair tables of the old and the new database, which it reports as damage.
 * The exchange itself is atomic, so trying again a moment later opens one
 * whole database; a really damaged index fails every time. */
#define ZC_OPEN_TRIES 4

static int open_one(const zc_index *owner, const zc_index_shard *s, zc_xdb **out, zc_error *err)
{
    if (s->host)
        return zc_xdb_open_remote(s->host, s->port, owner->timeout_ms, out, err);
    int rc = zc_xdb_open(s->spec, out, err);
    for (int tries = 1; rc == ZC_ERR_CORRUPT && tries < ZC_OPEN_TRIES; tries++) {
        struct timespec ts = {0, 10000000L * tries};
        nanosleep(&ts, NULL);
        rc = zc_xdb_open(s->spec, out, err);
    }
    /* Opened or not, a missing table is said as such. */
    zc_error why;
    int check = zc_index_check_tables(s->spec, rc == ZC_OK ? *out : NULL, &why);
    if (check != ZC_OK) {
        zc_xdb_free(*out);
        *out = NULL;
        if (err)
            *err = why;
        rc = check;
    }
    return rc;
}

/* Marks shard i down with a warning saying why; the caller holds the lock
 * or is the only thread. */
static void mark_down(zc_index *owner, size_t i, const char *what, const zc_error *why)
{
    zc_index_shard *s = &owner->shards[i];
    if (s->down)
        return;
    s->down = 1;
    char **w = realloc(owner->warnings, (owner->n_warnings + 1) * sizeof *w);
    if (!w)
        return;
    owner->warnings = w;
    size_t n = strlen(s->spec) + strlen(why->message) + 128;
    char *m = malloc(n);
    if (!m)
        return;
    snprintf(m, n, "shard %zu of %zu '%s' %s, results leave it out: %s", i + 1, owner->n_shards,
             s->spec, what, why->message);
    owner->warnings[owner->n_warnings++] = m;
}

int zc_index_open_read_db(zc_index *ix, zc_xdb **out, zc_error *err)
{
    zc_index *owner = ix->owner ? ix->owner : ix;
    *out = NULL;
    if (owner->n_shards == 1) /* no combined database: nothing to merge */
        return open_one(owner, &owner->shards[0], out, err);
    int rc = zc_xdb_new_combined(out, err), opened = 0;
    zc_error last;
    zc_error_clear(&last);
    for (size_t i = 0; rc == ZC_OK && i < owner->n_shards; i++) {
        pthread_mutex_lock(&owner->lock);
        int down = owner->shards[i].down;
        pthread_mutex_unlock(&owner->lock);
        if (down)
            continue;
        zc_xdb *one = NULL;
        zc_error why;
        zc_error_clear(&why);
        int orc = open_one(owner, &owner->shards[i], &one, &why);
        if (orc == ZC_OK)
            rc = zc_xdb_add_shard(*out, one, err);
        zc_xdb_free(one);
        if (orc == ZC_OK) {
            opened += rc == ZC_OK;
        } else if (owner->partial) {
            last = why;
            pthread_mutex_lock(&owner->lock);
            mark_down(owner, i, "cannot be opened", &why);
            pthread_mutex_unlock(&owner->lock);
        } else {
            rc = zc_err_set(err, orc, "cannot open shard %zu of %zu '%s': %s", i + 1,
                            owner->n_shards, owner->shards[i].spec, why.message);
        }
    }
    if (rc == ZC_OK && !opened)
        rc = zc_err_set(err, last.code ? last.code : ZC_ERR_NETWORK,
                        "no shard of the %zu could be opened; the last: %s", owner->n_shards,
                        last.message);
    if (rc) {
        zc_xdb_free(*out);
        *out = NULL;
    }
    return rc;
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
            mark_down(owner, i, "was lost during a search", &why);
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
