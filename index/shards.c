/* Opening the shards of a read-only handle as one database (a view's
 * connection), and marking the ones that fail down. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "index/check.h"
#include "index/index.h"

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

void zc_index_mark_down(zc_index *owner, size_t i, const char *what, const zc_error *why)
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
            zc_index_mark_down(owner, i, "cannot be opened", &why);
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
