/* The answers every route gives the same way: a JSON body, an error as
 * JSON with its status, a malformed query in the command line's words. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

void zc_http_reply_error(zc_http_reply *out, int status, const char *message)
{
    static char fallback[] = "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}\n";
    free(out->body);
    json_t *o = json_pack("{s:{s:i, s:s}}", "error", "status", status, "message", message);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    size_t n = s ? strlen(s) : 0;
    char *b = s ? realloc(s, n + 2) : NULL;
    out->type = "application/json; charset=utf-8";
    if (!b) {
        free(s);
        out->status = 500;
        out->body = NULL;
        out->len = 0;
        if ((out->body = malloc(sizeof fallback))) {
            memcpy(out->body, fallback, sizeof fallback);
            out->len = sizeof fallback - 1;
        }
        return;
    }
    b[n] = '\n';
    b[n + 1] = '\0';
    out->status = status;
    out->body = b;
    out->len = n + 1;
}

int zc_http_status_of(int code)
{
    switch (code) {
    case ZC_OK: return 200;
    case ZC_ERR_QUERY:
    case ZC_ERR_INVALID:
    case ZC_ERR_ENCODING: return 400;
    case ZC_ERR_NOT_FOUND: return 404;
    case ZC_ERR_NOMEM: return 500;
    default: return 503; /* the index: unreachable, changing, damaged */
    }
}

/* A JSON body s (malloc'd, no line end) as the answer, with the line end
 * the command line prints after it. */
void zc_http_reply_json(zc_http_reply *out, char *s)
{
    size_t n = strlen(s);
    char *b = realloc(s, n + 2);
    if (!b) {
        free(s);
        zc_http_reply_error(out, 500, "out of memory");
        return;
    }
    b[n] = '\n';
    b[n + 1] = '\0';
    out->status = 200;
    out->body = b;
    out->len = n + 1;
    out->type = "application/json; charset=utf-8";
}

void zc_http_reply_failure(zc_http_reply *out, const zc_error *err)
{
    zc_http_reply_error(out, zc_http_status_of(err->code), err->message);
}

/* The part of a query an error message shows: up to 200 bytes, cut
 * between characters (as `zhengce search` shows it). */
static int shown_bytes(const char *q)
{
    size_t n = strlen(q);
    if (n <= 200)
        return (int)n;
    n = 200;
    while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* 400 with the command line's words: bad query '…': why. */
void zc_http_reply_bad_query(zc_http_reply *out, const char *q, const zc_error *err)
{
    char msg[sizeof err->message + 256];
    int shown = shown_bytes(q);
    snprintf(msg, sizeof msg, "bad query '%.*s%s': %s", shown, q,
             (size_t)shown < strlen(q) ? "…" : "", err->message);
    zc_http_reply_error(out, 400, msg);
}
