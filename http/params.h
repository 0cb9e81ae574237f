/* A request's URL taken apart, and the search it asks for: what the HTTP
 * server (server.c, routes.c) reads of a request, kept apart from the
 * network so that it can be tested and fuzzed on its own. */
#ifndef ZC_HTTP_PARAMS_H
#define ZC_HTTP_PARAMS_H

#include <stddef.h>

#include "zhengce.h"

typedef struct zc_http_param {
    char *key, *value; /* percent-decoded, UTF-8 */
} zc_http_param;

/* A request target: "/search?q=%E6%96%B0&limit=5". */
typedef struct zc_http_url {
    char *path; /* percent-decoded */
    zc_http_param *params;
    size_t n;
} zc_http_url;

/* Takes target apart: the path and the parameters of its query string
 * (after '?', pairs split at '&' or ';', '+' a blank, %XX a byte).
 * ZC_ERR_INVALID, with a message naming the fault, for a target that does
 * not start with '/', a bad %-escape, a NUL byte or text that is not
 * UTF-8; ZC_ERR_NOMEM. On failure *out is empty. */
int zc_http_url_parse(const char *target, zc_http_url *out, zc_error *err);
void zc_http_url_free(zc_http_url *u);

/* The value of the last parameter named key, or NULL. */
const char *zc_http_url_get(const zc_http_url *u, const char *key);

/* Whether every parameter of u is one of the NULL-terminated names;
 * ZC_ERR_INVALID naming the first that is not. */
int zc_http_url_check(const zc_http_url *u, const char *const *names, zc_error *err);

/* A search asked for by a /search URL (docs/http.md): the query (q and
 * the type, issuer, docno and date parameters as filters of the query
 * language) and the options, as `zhengce search` reads its own. */
typedef struct zc_http_search {
    char *query;          /* malloc'd */
    zc_search_options so; /* strings point into the URL */
} zc_http_search;

/* Most hits one request may ask for. */
#define ZC_HTTP_MAX_LIMIT 1000

/* ZC_ERR_INVALID with the message the command line gives for the same
 * mistake (an unknown parameter, a bad number, sort, match or year, no
 * query); ZC_ERR_NOMEM. */
int zc_http_search_parse(const zc_http_url *u, zc_http_search *out, zc_error *err);
void zc_http_search_free(zc_http_search *s);

/* A yes/no parameter key: "", 1, true, yes, on, or 0, false, no, off;
 * else ZC_ERR_INVALID naming it. */
int zc_http_parse_bool(const char *key, const char *v, int *out, zc_error *err);
/* match: exact, words or any; else ZC_ERR_INVALID. */
int zc_http_parse_match(const char *v, zc_match *out, zc_error *err);

#endif
