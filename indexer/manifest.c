#include "manifest.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/utf8.h"
#include "index/index.h"
#include "indexer/walk.h"

struct zc_manifests {
    GHashTable *dirs; /* directory → GHashTable (file → zc_manifest_entry) */
    int follow;       /* read manifests that are symbolic links */
};

static void entry_free(gpointer p)
{
    zc_manifest_entry *e = p;
    free(e->title);
    free(e->region);
    free(e);
}

static void table_free(gpointer p)
{
    if (p)
        g_hash_table_destroy(p);
}

int zc_manifests_new(zc_manifests **out, int follow, zc_error *err)
{
    zc_manifests *m = calloc(1, sizeof *m);
    if (!m)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    m->dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, table_free);
    m->follow = follow;
    *out = m;
    return ZC_OK;
}

void zc_manifests_free(zc_manifests *m)
{
    if (!m)
        return;
    g_hash_table_destroy(m->dirs);
    free(m);
}

enum { M_FILE, M_TITLE, M_REGION, M_YEAR, M_N };

typedef struct mstate {
    GHashTable *table;
    const char *path;
    zc_error *err;
    int rc;
    unsigned long line;
    size_t field;
    int cols[16];
    size_t ncols;
    char *vals[M_N];
} mstate;

static void m_field(void *data, size_t len, void *p)
{
    mstate *s = p;
    size_t i = s->field++;
    char *v = g_strndup(data ? data : "", len);
    g_strstrip(v);
    if (s->line == 0) {
        static const char *names[M_N] = {"file", "title", "region", "year"};
        int col = -1;
        for (int k = 0; k < M_N; k++)
            if (strcasecmp(v, names[k]) == 0 || (k == M_FILE && strcasecmp(v, "path") == 0))
                col = k;
        if (s->ncols < 16)
            s->cols[s->ncols++] = col;
        g_free(v);
        return;
    }
    if (i < s->ncols && s->cols[i] >= 0 && !s->vals[s->cols[i]] && *v)
        s->vals[s->cols[i]] = v;
    else
        g_free(v);
}

static void m_row(int c, void *p)
{
    (void)c;
    mstate *s = p;
    if (s->line == 0) {
        int has_file = 0;
        for (size_t i = 0; i < s->ncols; i++)
            has_file |= s->cols[i] == M_FILE;
        if (!has_file && s->rc == ZC_OK)
            s->rc = zc_err_set(s->err, ZC_ERR_INVALID,
                               "%s: line 1: the header has no 'file' column", s->path);
    } else if (s->rc == ZC_OK && s->vals[M_FILE]) {
        zc_manifest_entry *e = calloc(1, sizeof *e);
        if (!e) {
            s->rc = zc_err_set(s->err, ZC_ERR_NOMEM, "out of memory");
        } else {
            e->title = s->vals[M_TITLE] ? strdup(s->vals[M_TITLE]) : NULL;
            e->region = s->vals[M_REGION] ? strdup(s->vals[M_REGION]) : NULL;
            if (s->vals[M_YEAR]) {
                char *end;
                long y = strtol(s->vals[M_YEAR], &end, 10);
                if (*end || y < 1949 || y > 2100)
                    s->rc =
                        zc_err_set(s->err, ZC_ERR_INVALID, "%s: line %lu: year '%s' is not a year",
                                   s->path, s->line + 1, s->vals[M_YEAR]);
                e->year = (int)y;
            }
            /* What the row gives, each text with its length first, so
             * that no two rows read the same. */
            const char *ti = e->title ? e->title : "", *re = e->region ? e->region : "";
            char *what = g_strdup_printf("%zu:%s%zu:%s%d", strlen(ti), ti, strlen(re), re, e->year);
            zc_src_hash(what, strlen(what), e->digest);
            g_free(what);
            g_hash_table_replace(s->table, g_strdup(s->vals[M_FILE]), e);
        }
    }
    for (int k = 0; k < M_N; k++) {
        g_free(s->vals[k]);
        s->vals[k] = NULL;
    }
    s->line++;
    s->field = 0;
}

/* Reads the manifest at path into *text (NULL when there is none); a
 * symbolic link only with follow. */
static int read_manifest(const char *path, int follow, gchar **text, gsize *len, zc_error *err)
{
    *text = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return ZC_OK;
        struct stat st;
        if (e == ELOOP && !follow && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            return zc_err_set(err, ZC_ERR_INVALID,
                              "%s: symbolic link, not followed (--follow follows links)", path);
        return zc_err_set(err, ZC_ERR_IO, "%s: %s", path, strerror(e));
    }
    /* A FIFO or device named like a manifest would block or never end. */
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return zc_err_set(err, ZC_ERR_INVALID, "%s: not a regular file", path);
    }
    GString *buf = g_string_sized_new((gsize)st.st_size + 1);
    char chunk[65536];
    int rc = ZC_OK;
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            rc = zc_err_set(err, ZC_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        if (got <= 0)
            break;
        g_string_append_len(buf, chunk, got);
    }
    close(fd);
    if (rc) {
        g_string_free(buf, TRUE);
        return rc;
    }
    *len = buf->len;
    *text = g_string_free(buf, FALSE);
    return ZC_OK;
}

/* Loads dir's manifest into a new table (empty when there is none). */
static int load(const char *dir, int follow, GHashTable **out, zc_error *err)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
    char *path = g_build_filename(dir, ZC_MANIFEST_NAME, NULL);
    gchar *text = NULL;
    gsize len = 0;
    int rc = read_manifest(path, follow, &text, &len, err);
    if (rc == ZC_OK && text) {
        size_t bad = 0, skip = (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
        if (!zc_utf8_valid(text, len, &bad)) {
            rc = zc_err_set(err, ZC_ERR_ENCODING, "%s: not valid UTF-8 (byte offset %zu)", path,
                            bad);
        } else {
            struct csv_parser p;
            mstate s = {t, path, err, ZC_OK, 0, 0, {0}, 0, {0}};
            csv_init(&p, 0);
            if (csv_parse(&p, text + skip, len - skip, m_field, m_row, &s) != len - skip &&
                s.rc == ZC_OK)
                s.rc = zc_err_set(err, ZC_ERR_INVALID, "%s: malformed CSV: %s", path,
                                  csv_strerror(csv_error(&p)));
            /* The lenient mode takes the stray quotes inside fields that real
             * files have, but also a quote never closed, which swallows the
             * rest of the file into one cell. A line break ends a field
             * whose quote was closed (as the end of the file would) and
             * stays inside one still open: that one is reported. */
            unsigned long open_line = s.line + 1;
            if (p.quoted && s.rc == ZC_OK)
                csv_parse(&p, "\n", 1, m_field, m_row, &s);
            if (p.quoted && s.rc == ZC_OK)
                s.rc = zc_err_set(err, ZC_ERR_INVALID, "%s: line %lu: a quote is never closed",
                                  path, open_line);
            csv_fini(&p, m_field, m_row, &s);
            csv_free(&p);
            for (int k = 0; k < M_N; k++)
                g_free(s.vals[k]);
            rc = s.rc;
        }
    }
    g_free(text);
    g_free(path);
    if (rc) {
        g_hash_table_destroy(t);
        return rc;
    }
    *out = t;
    return ZC_OK;
}

int zc_manifests_find(zc_manifests *m, const char *path, const zc_manifest_entry **out,
                      zc_error *err)
{
    *out = NULL;
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    GHashTable *t = g_hash_table_lookup(m->dirs, dir);
    int rc = ZC_OK;
    if (!t && !g_hash_table_contains(m->dirs, dir)) {
        rc = load(dir, m->follow, &t, err);
        /* A bad manifest is reported once; its files keep their own metadata. */
        g_hash_table_insert(m->dirs, g_strdup(dir), rc ? NULL : t);
    }
    if (t)
        *out = g_hash_table_lookup(t, base);
    g_free(dir);
    g_free(base);
    return rc;
}
