/* The research tools over HTTP: /trend, /kwic, /similar/ID and
 * /keywords/ID, each answering what `zhengce trend|kwic|similar|keywords
 * --json` prints, with the command's options as parameters (docs/http.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

/* A name among names (NULL-terminated), its value in values; else
 * ZC_ERR_INVALID in the command line's words. */
static int pick(const char *key, const char *v, const char *const *names, const int *values,
                int *out, zc_error *err)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = values[i];
            return ZC_OK;
        }
    char list[256] = "";
    for (size_t i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    err->code = ZC_ERR_INVALID;
    snprintf(err->message, sizeof err->message, "%s is one of %s, not '%.200s'", key, list, v);
    return ZC_ERR_INVALID;
}

static int number(const char *key, const char *v, unsigned lo, unsigned hi, unsigned *out,
                  zc_error *err)
{
    char *end = NULL;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *v == '-' || *v == '+' || *end || n < lo || n > hi) {
        err->code = ZC_ERR_INVALID;
        snprintf(err->message, sizeof err->message, "%s needs a number from %u to %u, not '%.200s'",
                 key, lo, hi, v);
        return ZC_ERR_INVALID;
    }
    *out = (unsigned)n;
    return ZC_OK;
}

/* The parameters every research route may take (those it does not read
 * are refused by the route's own list). */
static int options(const zc_http_url *u, zc_research_options *o, zc_error *err)
{
    static const char *const by_names[] = {"year",        "region", "year,region",
                                           "region,year", "type",   NULL};
    static const int by_values[] = {ZC_TREND_BY_YEAR, ZC_TREND_BY_REGION, ZC_TREND_BY_YEAR_REGION,
                                    ZC_TREND_BY_YEAR_REGION, ZC_TREND_BY_TYPE};
    static const char *const sort_names[] = {"document", "left", "right", "date", "region", NULL};
    static const int sort_values[] = {ZC_KWIC_SORT_DOCUMENT, ZC_KWIC_SORT_LEFT, ZC_KWIC_SORT_RIGHT,
                                      ZC_KWIC_SORT_DATE, ZC_KWIC_SORT_REGION};
    static const char *const against_names[] = {"all", "region", "year", NULL};
    static const int against_values[] = {ZC_AGAINST_ALL, ZC_AGAINST_REGION, ZC_AGAINST_YEAR};
    zc_research_options_init(o, ZC_RESEARCH_OPTIONS_VERSION);
    int rc = ZC_OK, x = 0, syn = 1;
    for (size_t i = 0; rc == ZC_OK && i < u->n; i++) {
        const char *k = u->params[i].key, *v = u->params[i].value;
        if (!strcmp(k, "region"))
            o->region = *v ? v : NULL;
        else if (!strcmp(k, "type"))
            o->type = *v ? v : NULL;
        else if (!strcmp(k, "year")) {
            if (*v && zc_years_parse(v, &o->year_lo, &o->year_hi)) {
                err->code = rc = ZC_ERR_INVALID;
                snprintf(err->message, sizeof err->message,
                         "year needs a year or a range (2025, 2020..2025, 2020.., ..2025), not "
                         "'%.200s'",
                         v);
            }
        } else if (!strcmp(k, "synonyms")) {
            rc = zc_http_parse_bool("synonyms", v, &syn, err);
            o->synonyms = syn;
        } else if (!strcmp(k, "no-synonyms")) {
            rc = zc_http_parse_bool("no-synonyms", v, &syn, err);
            o->synonyms = !syn;
        } else if (!strcmp(k, "by")) {
            rc = pick("by", v, by_names, by_values, &x, err);
            o->by = (zc_trend_by)x;
        } else if (!strcmp(k, "sort")) {
            rc = pick("sort", v, sort_names, sort_values, &x, err);
            o->sort = (zc_kwic_sort)x;
        } else if (!strcmp(k, "against")) {
            rc = pick("against", v, against_names, against_values, &x, err);
            o->against = (zc_against)x;
        } else if (!strcmp(k, "width"))
            rc = number("width", v, 1, 1000, &o->width, err);
        else if (!strcmp(k, "limit"))
            rc = number("limit", v, 0, ZC_HTTP_MAX_LIMIT, &o->limit, err);
        else if (!strcmp(k, "offset"))
            rc = number("offset", v, 0, 1000000000u, &o->offset, err);
    }
    return rc;
}

typedef int run_fn(zc_index *ix, const char *arg, const zc_research_options *o, void **out,
                   zc_error *err);
typedef int json_fn(const void *r, char **out, zc_error *err);
typedef void free_fn(void *r);

static int trend_run(zc_index *ix, const char *q, const zc_research_options *o, void **out,
                     zc_error *err)
{
    return zc_trend_run(ix, q, o, (zc_trend **)out, err);
}
static int trend_json(const void *r, char **out, zc_error *err)
{
    return zc_trend_json(r, out, err);
}
static void trend_free(void *r)
{
    zc_trend_free(r);
}
static int kwic_run(zc_index *ix, const char *q, const zc_research_options *o, void **out,
                    zc_error *err)
{
    return zc_kwic_run(ix, q, o, (zc_kwic **)out, err);
}
static int kwic_json(const void *r, char **out, zc_error *err)
{
    return zc_kwic_json(r, out, err);
}
static void kwic_free(void *r)
{
    zc_kwic_free(r);
}
static int similar_run(zc_index *ix, const char *id, const zc_research_options *o, void **out,
                       zc_error *err)
{
    return zc_similar_run(ix, id, o, (zc_similar **)out, err);
}
static int similar_json(const void *r, char **out, zc_error *err)
{
    return zc_similar_json(r, out, err);
}
static void similar_free(void *r)
{
    zc_similar_free(r);
}
static int keywords_run(zc_index *ix, const char *id, const zc_research_options *o, void **out,
                        zc_error *err)
{
    return zc_keywords_run(ix, id, o, (zc_keywords **)out, err);
}
static int keywords_json(const void *r, char **out, zc_error *err)
{
    return zc_keywords_json(r, out, err);
}
static void keywords_free(void *r)
{
    zc_keywords_free(r);
}

/* One research request: the parameters checked against names, the tool
 * run on arg (the query, or the document's id) and its JSON answered. */
static void answer(const zc_http_ctx *c, const zc_http_url *u, const char *const *names,
                   const char *arg, int is_query, run_fn *run, json_fn *json, free_fn *release,
                   zc_http_reply *out)
{
    zc_error err;
    zc_error_clear(&err);
    zc_research_options o;
    int rc = zc_http_url_check(u, names, &err);
    if (rc == ZC_OK)
        rc = options(u, &o, &err);
    if (rc == ZC_OK && is_query && (!arg || !*arg)) {
        err.code = rc = ZC_ERR_INVALID;
        snprintf(err.message, sizeof err.message, "no query: give one as q=QUERY");
    }
    void *r = NULL;
    char *s = NULL;
    if (rc == ZC_OK)
        rc = run(c->ix, arg, &o, &r, &err);
    if (rc == ZC_OK)
        rc = json(r, &s, &err);
    if (r)
        release(r);
    if (rc == ZC_ERR_QUERY && is_query)
        zc_http_reply_bad_query(out, arg, &err);
    else if (rc)
        zc_http_reply_failure(out, &err);
    else
        zc_http_reply_json(out, s);
}

/* The id of /similar/ID and /keywords/ID: only ids, never a path (a path
 * would let a client ask the server's file system about its files). */
static int is_id(const char *rest, zc_http_reply *out)
{
    size_t n = strspn(rest, "0123456789abcdefABCDEF");
    if (n == 16 && !rest[n])
        return 1;
    char msg[300];
    snprintf(msg, sizeof msg, "no document '%.200s': an id is 16 hex digits", rest);
    zc_http_reply_error(out, 404, msg);
    return 0;
}

void zc_http_trend(const zc_http_ctx *c, const zc_http_url *u, const char *rest, zc_http_reply *out)
{
    (void)rest;
    static const char *const names[] = {"q",   "by",       "region",      "year", "type",
                                        "per", "synonyms", "no-synonyms", NULL};
    const char *per = zc_http_url_get(u, "per");
    if (per && strcmp(per, "10k") && strcmp(per, "10000")) {
        char msg[300];
        snprintf(msg, sizeof msg, "per takes 10k, not '%.200s'", per);
        zc_http_reply_error(out, 400, msg);
        return;
    }
    answer(c, u, names, zc_http_url_get(u, "q"), 1, trend_run, trend_json, trend_free, out);
}

void zc_http_kwic(const zc_http_ctx *c, const zc_http_url *u, const char *rest, zc_http_reply *out)
{
    (void)rest;
    static const char *const names[] = {"q",        "width",       "sort", "limit",
                                        "offset",   "region",      "year", "type",
                                        "synonyms", "no-synonyms", NULL};
    answer(c, u, names, zc_http_url_get(u, "q"), 1, kwic_run, kwic_json, kwic_free, out);
}

void zc_http_similar(const zc_http_ctx *c, const zc_http_url *u, const char *rest,
                     zc_http_reply *out)
{
    static const char *const names[] = {"limit", "region", "year", "type", NULL};
    if (is_id(rest, out))
        answer(c, u, names, rest, 0, similar_run, similar_json, similar_free, out);
}

void zc_http_keywords(const zc_http_ctx *c, const zc_http_url *u, const char *rest,
                      zc_http_reply *out)
{
    static const char *const names[] = {"limit", "against", NULL};
    if (is_id(rest, out))
        answer(c, u, names, rest, 0, keywords_run, keywords_json, keywords_free, out);
}
