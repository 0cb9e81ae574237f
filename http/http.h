/* The HTTP server's parts (server.c: the network; routes.c: what each
 * path answers; params.c: the URL). Internal to http/. */
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

/* The page (web/index.html, made into C at build time: page_data.c). */
extern const unsigned char zc_http_page[];
extern const size_t zc_http_page_len;

#endif
