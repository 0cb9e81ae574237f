/* The HTTP server's parts (server.c: the network; routes.c: what each
 * path answers, research.c the research tools'; reply.c: the answers'
 * shapes; params.c: the URL). Internal to http/. */
#ifndef ZC_HTTP_HTTP_H
#define ZC_HTTP_HTTP_H

#include <stddef.h>

#include "params.h"
#include "zhengce.h"

/* An answer: status, body (malloc'd, owned) and its media type. */
typedef struct zc_http_reply {
    int status;
    char *body;
    size_t len;
    const char *type; /* static */
} zc_http_reply;

/* What the handlers read of the server. */
typedef struct zc_http_ctx {
    zc_index *ix;
    const char *name; /* the index as /info names it, or NULL */
} zc_http_ctx;

/* Answers a GET of the decoded path and parameters of u (routes.c); a
 * path no route knows gets 404. Never fails: an error is an answer too. */
void zc_http_route(const zc_http_ctx *c, const zc_http_url *u, zc_http_reply *out);

/* Sets out to {"error": {"status": status, "message": message}} (and
 * a line end); on no memory, a static body. */
void zc_http_reply_error(zc_http_reply *out, int status, const char *message);

/* The HTTP status for a library error code. */
int zc_http_status_of(int code);

/* Sets out to the JSON body s (malloc'd, taken) with the line end the
 * command line prints after it; to the error for err; to 400 with the
 * command line's words for a malformed query q. */
void zc_http_reply_json(zc_http_reply *out, char *s);
void zc_http_reply_failure(zc_http_reply *out, const zc_error *err);
void zc_http_reply_bad_query(zc_http_reply *out, const char *q, const zc_error *err);

/* A route's handler: rest is what follows a prefix route's path (an id). */
typedef void zc_http_handler(const zc_http_ctx *c, const zc_http_url *u, const char *rest,
                             zc_http_reply *out);

/* The research tools (research.c): /trend, /kwic, /similar/ID,
 * /keywords/ID, as `zhengce trend|kwic|similar|keywords --json`. */
zc_http_handler zc_http_trend, zc_http_kwic, zc_http_similar, zc_http_keywords;

/* The page (web/index.html, made into C at build time: page_data.c). */
extern const unsigned char zc_http_page[];
extern const size_t zc_http_page_len;

#endif
