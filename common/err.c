#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void zc_error_clear(zc_error *err)
{
    if (err) {
        err->code = ZC_OK;
        err->message[0] = '\0';
    }
}

const char *zc_code_name(int code)
{
    switch (code) {
    case ZC_OK: return "ok";
    case ZC_ERR_NOMEM: return "out of memory";
    case ZC_ERR_IO: return "i/o error";
    case ZC_ERR_NOT_FOUND: return "not found";
    case ZC_ERR_LOCKED: return "locked";
    case ZC_ERR_CORRUPT: return "corrupt";
    case ZC_ERR_INVALID: return "invalid argument";
    case ZC_ERR_QUERY: return "malformed query";
    case ZC_ERR_ENCODING: return "encoding error";
    case ZC_ERR_NETWORK: return "network error";
    case ZC_ERR_VERSION: return "unsupported version";
    case ZC_ERR_BACKEND: return "index backend error";
    default: return "unknown error";
    }
}

const char *zc_version(void)
{
    return ZC_VERSION_STRING;
}

int zc_err_set(zc_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

int zc_err_prefix(zc_error *err, const char *fmt, ...)
{
    if (!err)
        return ZC_OK;
    char head[512], old[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, err->message, sizeof old);
    /* Truncation is fine: the head names the context, the tail the cause. */
    size_t h = strlen(head);
    if (h >= sizeof err->message)
        h = sizeof err->message - 1;
    memcpy(err->message, head, h);
    size_t rest = strlen(old);
    if (rest > sizeof err->message - 1 - h)
        rest = sizeof err->message - 1 - h;
    memcpy(err->message + h, old, rest);
    err->message[h + rest] = '\0';
    return err->code;
}
