/* Results as JSON: the shapes documented for `zhengce search --json` and
 * `zhengce info --json`. Every string the JSON holds that is not the
 * engine's own goes through text_json. */
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "document.h"
#include "search_internal.h"

/* A JSON string for s, null for NULL. JSON text is UTF-8, and jansson
 * refuses anything else, which would drop the key: bytes that are not
 * UTF-8 (a file name in a legacy encoding) become U+FFFD, as in a
 * terminal, so that the hit keeps its path. */
static json_t *text_json(const char *s)
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

/* A field of a document as JSON: null when unknown (NULL or ""), as
 * every field is, region as much as date or type. */
static json_t *known_json(const char *s)
{
    return s && *s ? text_json(s) : json_null();
}

static json_t *hit_json(const zc_hit *h)
{
    json_t *o = json_object();
    json_t *hl = json_array();
    if (!o || !hl) {
        json_decref(o);
        json_decref(hl);
        return NULL;
    }
    for (size_t i = 0; i < h->n_highlights; i++)
        json_array_append_new(hl, json_pack("[II]", (json_int_t)h->highlights[2 * i],
                                            (json_int_t)h->highlights[2 * i + 1]));
    json_object_set_new(o, "rank", json_integer(h->rank));
    json_object_set_new(o, "id", text_json(h->id));
    json_object_set_new(o, "path", text_json(h->path));
    json_object_set_new(o, "title", text_json(h->title));
    json_object_set_new(o, "region", known_json(h->region));
    json_object_set_new(o, "year", h->year ? json_integer(h->year) : json_null());
    json_object_set_new(o, "date", known_json(h->date));
    json_object_set_new(o, "type", known_json(h->type));
    json_object_set_new(o, "issuer", known_json(h->issuer));
    json_object_set_new(o, "docno", known_json(h->docno));
    json_object_set_new(o, "score", json_real(h->score));
    json_object_set_new(o, "snippet", text_json(h->snippet));
    json_object_set_new(o, "highlights", hl);
    return o;
}

static json_t *facets_json(const zc_results *r)
{
    json_t *f = json_object(), *reg = json_array(), *yr = json_array();
    if (!f || !reg || !yr) {
        json_decref(f);
        json_decref(reg);
        json_decref(yr);
        return NULL;
    }
    for (size_t i = 0; i < r->facets.n[ZC_FACET_REGION]; i++) {
        const zc_facet *e = &r->facets.v[ZC_FACET_REGION][i];
        json_array_append_new(reg, json_pack("{s:s, s:s, s:o, s:I}", "value", e->value, "level",
                                             e->level, "parent",
                                             e->parent ? json_string(e->parent) : json_null(),
                                             "count", (json_int_t)e->count));
    }
    for (size_t i = 0; i < r->facets.n[ZC_FACET_YEAR]; i++) {
        const zc_facet *e = &r->facets.v[ZC_FACET_YEAR][i];
        json_array_append_new(
            yr, json_pack("{s:i, s:I}", "value", e->year, "count", (json_int_t)e->count));
    }
    json_object_set_new(f, "region", reg);
    json_object_set_new(f, "year", yr);
    static const char *const names[] = {[ZC_FACET_TYPE] = "type", [ZC_FACET_ISSUER] = "issuer"};
    for (int k = ZC_FACET_TYPE; k <= ZC_FACET_ISSUER; k++) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < r->facets.n[k]; i++) {
            const zc_facet *e = &r->facets.v[k][i];
            json_array_append_new(a, json_pack("{s:o, s:I}", "value", text_json(e->value), "count",
                                               (json_int_t)e->count));
        }
        json_object_set_new(f, names[k], a ? a : json_array());
    }
    return f;
}

int zc_results_json(const zc_results *r, char **out, zc_error *err)
{
    *out = NULL;
    json_t *root = json_object(), *hits = json_array(), *facets = facets_json(r);
    int ok = root && hits && facets;
    if (ok) {
        json_object_set_new(root, "query", json_string(r->query));
        json_object_set_new(root, "total", json_integer((json_int_t)r->total));
        json_object_set_new(root, "offset", json_integer(r->offset));
        json_object_set_new(root, "limit", json_integer(r->limit));
        json_object_set_new(root, "took_ms", json_real(round(r->took_ms * 100) / 100));
        for (size_t i = 0; ok && i < r->n; i++) {
            json_t *h = hit_json(&r->hits[i]);
            ok = h && json_array_append_new(hits, h) == 0;
        }
        if (r->words_tried)
            json_object_set_new(root, "words_total", json_integer((json_int_t)r->words_total));
        if (r->any_tried)
            json_object_set_new(root, "any_total", json_integer((json_int_t)r->any_total));
        if (r->explain)
            json_object_set_new(root, "explain", json_string(r->explain));
        if (r->n_warnings) {
            json_t *w = json_array();
            for (size_t i = 0; w && i < r->n_warnings; i++)
                json_array_append_new(w, json_string(r->warnings[i]));
            ok = w && json_object_set_new(root, "warnings", w) == 0;
        }
        json_object_set(root, "hits", hits);
        json_object_set(root, "facets", facets);
    }
    /* Twelve significant digits: scores that rank apart (a relative 1e-9
     * and more: searcher/page.c) print apart, whatever their size. */
    char *s = ok ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(hits);
    json_decref(facets);
    json_decref(root);
    if (!s)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory writing JSON");
    *out = s;
    return ZC_OK;
}

int zc_index_info_json(const char *name, const zc_index_info *info, const zc_results *facets,
                       char **out, zc_error *err)
{
    if (!out)
        return zc_err_set(err, ZC_ERR_INVALID, "no place for the JSON");
    *out = NULL;
    if (!info || !facets)
        return zc_err_set(err, ZC_ERR_INVALID, "no index info or facets to write as JSON");
    json_t *f = facets_json(facets);
    json_t *o =
        f ? json_pack("{s:o, s:I, s:I, s:I, s:O, s:O}", "index", text_json(name), "documents",
                      (json_int_t)info->documents, "terms", (json_int_t)info->terms, "size_bytes",
                      (json_int_t)info->size_bytes, "regions", json_object_get(f, "region"),
                      "years", json_object_get(f, "year"))
          : NULL;
    json_decref(f);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!s)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory writing JSON");
    *out = s;
    return ZC_OK;
}

int zc_document_json(const zc_document *d, char **out, zc_error *err)
{
    *out = NULL;
    json_t *o = json_object(), *m = json_array();
    int ok = o && m;
    const char *opt[][2] = {{"date", d->date},
                            {"type", d->type},
                            {"issuer", d->issuer},
                            {"docno", d->docno},
                            {"region_code", d->region_code}};
    if (ok) {
        json_object_set_new(o, "id", text_json(d->id));
        json_object_set_new(o, "path", text_json(d->path));
        json_object_set_new(o, "title", text_json(d->title));
        json_object_set_new(o, "region", known_json(d->region));
        json_object_set_new(o, "year", d->year ? json_integer(d->year) : json_null());
        for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
            json_object_set_new(o, opt[i][0], known_json(opt[i][1]));
        json_object_set_new(o, "query", text_json(d->query));
        for (size_t i = 0; ok && i < d->n_spans; i++)
            ok = json_array_append_new(m, json_pack("[II]", (json_int_t)d->spans[2 * i],
                                                    (json_int_t)d->spans[2 * i + 1])) == 0;
        json_object_set(o, "matches", m);
        json_object_set_new(o, "text", text_json(d->text));
    }
    char *s = ok ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(m);
    json_decref(o);
    if (!s)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory writing JSON");
    *out = s;
    return ZC_OK;
}
