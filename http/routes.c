/* What each path answers: one entry per route, each handler the JSON the
 * command line prints for the same request (the research tools' handlers
 * are in research.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

static void search(const zc_http_ctx *c, const zc_http_url *u, const char *rest, zc_http_reply *out)
{
    (void)rest;
    zc_error err;
    zc_error_clear(&err);
    zc_http_search s;
    int rc = zc_http_search_parse(u, &s, &err);
    if (rc) {
        zc_http_reply_failure(out, &err);
        return;
    }
    zc_results *r = NULL;
    rc = zc_search(c->ix, s.query, &s.so, &r, &err);
    char *json = NULL;
    if (rc == ZC_OK)
        rc = zc_results_json(r, &json, &err);
    if (rc == ZC_ERR_QUERY) {
        zc_http_reply_bad_query(out, s.query, &err);
    } else if (rc) {
        zc_http_reply_failure(out, &err);
    } else {
        zc_http_reply_json(out, json);
    }
    zc_results_free(r);
    zc_http_search_free(&s);
}

static void info(const zc_http_ctx *c, const zc_http_url *u, const char *rest, zc_http_reply *out)
{
    (void)rest;
    static const char *const none[] = {NULL};
    zc_error err;
    zc_error_clear(&err);
    zc_index_info in;
    zc_results *f = NULL;
    char *json = NULL;
    int rc = zc_http_url_check(u, none, &err);
    if (rc == ZC_OK)
        rc = zc_index_get_info(c->ix, &in, &err);
    if (rc == ZC_OK)
        rc = zc_index_facets(c->ix, &f, &err);
    if (rc == ZC_OK)
        rc = zc_index_info_json(c->name, &in, f, &json, &err);
    zc_results_free(f);
    if (rc)
        zc_http_reply_failure(out, &err);
    else
        zc_http_reply_json(out, json);
}

static void healthz(const zc_http_ctx *c, const zc_http_url *u, const char *rest,
                    zc_http_reply *out)
{
    (void)u;
    (void)rest;
    zc_error err;
    zc_index_info in;
    if (zc_index_get_info(c->ix, &in, &err)) {
        zc_http_reply_error(out, 503, err.message);
        return;
    }
    json_t *o = json_pack("{s:s, s:I}", "status", "ok", "documents", (json_int_t)in.documents);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (s)
        zc_http_reply_json(out, s);
    else
        zc_http_reply_error(out, 500, "out of memory");
}

static void page(const zc_http_ctx *c, const zc_http_url *u, const char *rest, zc_http_reply *out)
{
    (void)c;
    (void)u;
    (void)rest;
    if (!(out->body = malloc(zc_http_page_len + 1))) {
        zc_http_reply_error(out, 500, "out of memory");
        return;
    }
    memcpy(out->body, zc_http_page, zc_http_page_len);
    out->len = zc_http_page_len;
    out->status = 200;
    out->type = "text/html; charset=utf-8";
}

/* /documents/ID: `zhengce show --json ID` (with q: -q). Only ids: a path
 * would let a client ask the server's file system about its files. */
static void document(const zc_http_ctx *c, const zc_http_url *u, const char *rest,
                     zc_http_reply *out)
{
    static const char *const names[] = {"q", "match", "synonyms", NULL};
    zc_error err;
    zc_error_clear(&err);
    size_t n = strspn(rest, "0123456789abcdefABCDEF");
    if (n != 16 || rest[n]) {
        char msg[300];
        snprintf(msg, sizeof msg, "no document '%.200s': an id is 16 hex digits", rest);
        zc_http_reply_error(out, 404, msg);
        return;
    }
    zc_document_options o;
    zc_document_options_init(&o, ZC_DOCUMENT_OPTIONS_VERSION);
    int rc = zc_http_url_check(u, names, &err);
    const char *q = zc_http_url_get(u, "q"), *m = zc_http_url_get(u, "match"),
               *syn = zc_http_url_get(u, "synonyms");
    if (rc == ZC_OK && m)
        rc = zc_http_parse_match(m, &o.match, &err);
    if (rc == ZC_OK && syn)
        rc = zc_http_parse_bool("synonyms", syn, &o.synonyms, &err);
    zc_document *d = NULL;
    char *json = NULL;
    if (rc == ZC_OK)
        rc = zc_document_get(c->ix, rest, q && *q ? q : NULL, &o, &d, &err);
    if (rc == ZC_OK)
        rc = zc_document_json(d, &json, &err);
    zc_document_free(d);
    if (rc == ZC_ERR_QUERY) {
        zc_http_reply_bad_query(out, q, &err);
    } else if (rc) {
        zc_http_reply_failure(out, &err);
    } else {
        zc_http_reply_json(out, json);
    }
}

/* The routes: a path, or with prefix set a path prefix whose rest (an
 * id) is given to the handler. */
static const struct route {
    const char *path;
    int prefix;
    zc_http_handler *fn;
} routes[] = {
    {"/", 0, page},
    {"/search", 0, search},
    {"/documents/", 1, document},
    {"/trend", 0, zc_http_trend},
    {"/kwic", 0, zc_http_kwic},
    {"/similar/", 1, zc_http_similar},
    {"/keywords/", 1, zc_http_keywords},
    {"/info", 0, info},
    {"/healthz", 0, healthz},
};

void zc_http_route(const zc_http_ctx *c, const zc_http_url *u, zc_http_reply *out)
{
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const struct route *r = &routes[i];
        size_t n = strlen(r->path);
        if (r->prefix ? strncmp(u->path, r->path, n) == 0 && u->path[n]
                      : strcmp(u->path, r->path) == 0) {
            r->fn(c, u, u->path + n, out);
            return;
        }
    }
    char msg[300];
    snprintf(msg, sizeof msg,
             "no such path '%.200s' (try /search?q=QUERY, /documents/ID, /trend?q=QUERY, "
             "/kwic?q=QUERY, /info)",
             u->path);
    zc_http_reply_error(out, 404, msg);
}
