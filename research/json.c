/* The research tools' results as JSON (docs/cli.md): what the command
 * prints with --json and what an HTTP server would send. */
#include <glib.h>
#include <jansson.h>
#include <stdlib.h>

#include "common/buf.h"
#include "common/err.h"
#include "research.h"

/* A JSON string of s (bytes that are not UTF-8 become U+FFFD). */
static json_t *str(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    gchar *valid = g_utf8_make_valid(s, -1);
    j = json_string(valid);
    g_free(valid);
    return j;
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? str(s) : json_null();
}

static double round3(double x)
{
    return (double)(long long)(x * 1000.0 + 0.5) / 1000.0;
}

static int dump(json_t *root, char **out, zc_error *err)
{
    char *s = root ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(root);
    if (!s)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory writing JSON");
    *out = s;
    return ZC_OK;
}

static const char *by_name(zc_trend_by by)
{
    static const char *const names[] = {"year", "region", "year,region", "type"};
    return (unsigned)by <= ZC_TREND_BY_TYPE ? names[by] : "?";
}

static double per_10k(uint64_t occ, uint64_t chars)
{
    return chars ? round3((double)occ * 10000.0 / (double)chars) : 0.0;
}

int zc_trend_json(const zc_trend *t, char **out, zc_error *err)
{
    if (!t || !out)
        return zc_err_set(err, ZC_ERR_INVALID, "no trend to write as JSON");
    json_t *root = json_object(), *bs = json_array();
    for (size_t i = 0; root && bs && i < t->n; i++) {
        const zc_trend_bucket *b = &t->b[i];
        json_t *o = json_object();
        if (t->by == ZC_TREND_BY_YEAR || t->by == ZC_TREND_BY_YEAR_REGION)
            json_object_set_new(o, "year", b->year ? json_integer(b->year) : json_null());
        if (b->region)
            json_object_set_new(o, "region", str_or_null(b->region));
        if (b->type)
            json_object_set_new(o, "type", str_or_null(b->type));
        json_object_set_new(o, "documents", json_integer((json_int_t)b->documents));
        json_object_set_new(o, "occurrences", json_integer((json_int_t)b->occurrences));
        json_object_set_new(o, "chars", json_integer((json_int_t)b->chars));
        json_object_set_new(o, "per_10k", json_real(round3(b->per_10k)));
        json_object_set_new(o, "first", str_or_null(b->first));
        json_object_set_new(o, "last", str_or_null(b->last));
        json_array_append_new(bs, o);
    }
    if (root && bs) {
        json_object_set_new(root, "query", str(t->query));
        json_object_set_new(root, "by", json_string(by_name(t->by)));
        json_object_set_new(root, "documents", json_integer((json_int_t)t->documents));
        json_object_set_new(root, "occurrences", json_integer((json_int_t)t->occurrences));
        json_object_set_new(root, "chars", json_integer((json_int_t)t->chars));
        json_object_set_new(root, "per_10k", json_real(per_10k(t->occurrences, t->chars)));
        json_object_set(root, "buckets", bs);
    }
    json_decref(bs);
    return dump(root && bs ? root : NULL, out, err);
}

/* Each line is dumped as it is made and the JSON text grows in one
 * buffer: a tree of a hundred thousand lines would take ten times the
 * text's memory. */
int zc_kwic_json(const zc_kwic *k, char **out, zc_error *err)
{
    if (!k || !out)
        return zc_err_set(err, ZC_ERR_INVALID, "no kwic lines to write as JSON");
    *out = NULL;
    zc_buf b = {0};
    json_t *q = str(k->query);
    char *qs = q ? json_dumps(q, JSON_ENCODE_ANY) : NULL;
    json_decref(q);
    int ok = qs && zc_buf_printf(&b,
                                 "{\"query\":%s,\"total\":%llu,\"documents\":%llu,"
                                 "\"offset\":%u,\"lines\":[",
                                 qs, (unsigned long long)k->total, (unsigned long long)k->documents,
                                 k->offset) == 0;
    free(qs);
    for (size_t i = 0; ok && i < k->n; i++) {
        const zc_kwic_line *l = &k->lines[i];
        json_t *o = json_object();
        ok = o != NULL;
        if (ok) {
            json_object_set_new(o, "id", str(l->id));
            json_object_set_new(o, "path", str(l->path));
            json_object_set_new(o, "title", str(l->title));
            json_object_set_new(o, "region", str_or_null(l->region));
            json_object_set_new(o, "date", str_or_null(l->date));
            json_object_set_new(o, "left", str(l->left));
            json_object_set_new(o, "match", str(l->match));
            json_object_set_new(o, "right", str(l->right));
            json_object_set_new(o, "offset", json_integer((json_int_t)l->offset));
        }
        char *line = ok ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(o);
        ok = line && (!i || zc_buf_putc(&b, ',') == 0) && zc_buf_puts(&b, line) == 0;
        free(line);
    }
    ok = ok && zc_buf_puts(&b, "]}") == 0;
    if (!ok) {
        zc_buf_free(&b);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory writing JSON");
    }
    *out = zc_buf_detach(&b);
    return ZC_OK;
}

int zc_similar_json(const zc_similar *s, char **out, zc_error *err)
{
    if (!s || !out)
        return zc_err_set(err, ZC_ERR_INVALID, "no similar documents to write as JSON");
    json_t *root = json_object(), *hs = json_array();
    for (size_t i = 0; root && hs && i < s->n; i++) {
        const zc_hit *h = &s->hits[i];
        json_t *o = json_object(), *sh = json_array();
        for (size_t j = 0; sh && j < s->n_shared[i]; j++)
            json_array_append_new(sh, str(s->shared[i][j]));
        json_object_set_new(o, "rank", json_integer(h->rank));
        json_object_set_new(o, "id", str(h->id));
        json_object_set_new(o, "path", str(h->path));
        json_object_set_new(o, "title", str(h->title));
        json_object_set_new(o, "region", str_or_null(h->region));
        json_object_set_new(o, "year", h->year ? json_integer(h->year) : json_null());
        json_object_set_new(o, "date", str_or_null(h->date));
        json_object_set_new(o, "type", str_or_null(h->type));
        json_object_set_new(o, "issuer", str_or_null(h->issuer));
        json_object_set_new(o, "docno", str_or_null(h->docno));
        json_object_set_new(o, "score", json_real(h->score));
        json_object_set_new(o, "shared_terms", sh ? sh : json_array());
        json_array_append_new(hs, o);
    }
    if (root && hs) {
        json_object_set_new(root, "query", str(s->id));
        json_object_set_new(root, "total", json_integer((json_int_t)s->n));
        json_object_set(root, "hits", hs);
    }
    json_decref(hs);
    return dump(root && hs ? root : NULL, out, err);
}

int zc_keywords_json(const zc_keywords *k, char **out, zc_error *err)
{
    static const char *const against[] = {"all", "region", "year"};
    if (!k || !out)
        return zc_err_set(err, ZC_ERR_INVALID, "no keywords to write as JSON");
    json_t *root = json_object(), *ks = json_array();
    for (size_t i = 0; root && ks && i < k->n; i++) {
        const zc_keyword *w = &k->v[i];
        json_array_append_new(ks, json_pack("{s:o, s:f, s:I, s:I, s:b}", "term", str(w->term),
                                            "score", round3(w->score), "count",
                                            (json_int_t)w->count, "background",
                                            (json_int_t)w->background, "phrase", w->phrase));
    }
    if (root && ks) {
        json_object_set_new(root, "id", str(k->id));
        json_object_set_new(root, "against",
                            json_string((unsigned)k->against <= 2 ? against[k->against] : "?"));
        json_object_set(root, "keywords", ks);
    }
    json_decref(ks);
    return dump(root && ks ? root : NULL, out, err);
}
