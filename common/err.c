#include "err.h"

#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
    case ZC_ERR_MODIFIED: return "index changed while read";
    default: return "unknown error";
    }
}

const char *zc_version(void)
{
    return ZC_VERSION_STRING;
}

/*
 * Puts s (len bytes, not err->message itself) into err->message. A message
 * that does not fit loses its middle, cut between characters and marked
 * with "…": the head says what failed, and the tail holds a path's file
 * name and the cause, which a user needs more than the middle of a deep
 * directory path.
 */
static void put_message(zc_error *err, const char *s, size_t len)
{
    static const char mark[] = "\xE2\x80\xA6"; /* … */
    const size_t room = sizeof err->message - 1, m = sizeof mark - 1;
    if (len <= room) {
        memcpy(err->message, s, len);
        err->message[len] = '\0';
        return;
    }
    /* Both cuts at the start of a character: the head's backwards. */
    size_t head = room / 4;
    while (head > 0 && zc_utf8_align(s, len, head) != head)
        head--;
    size_t tail = zc_utf8_align(s, len, len - (room - head - m));
    memcpy(err->message, s, head);
    memcpy(err->message + head, mark, m);
    memcpy(err->message + head + m, s + tail, len - tail);
    err->message[head + m + len - tail] = '\0';
}

/* Drops a character cut short at the end of s (when there is no memory to
 * shorten a message by its middle). */
static void trim_cut_character(char *s)
{
    size_t n = strlen(s), lead = n;
    while (lead > 0 && zc_utf8_align(s, n, lead - 1) != lead - 1)
        lead--;
    uint32_t cp;
    if (lead > 0 && !zc_utf8_decode(s + lead - 1, n - lead + 1, &cp))
        s[lead - 1] = '\0';
}

int zc_err_set(zc_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    if (n >= (int)sizeof err->message) {
        char *s = malloc((size_t)n + 1);
        if (s) {
            vsnprintf(s, (size_t)n + 1, fmt, again);
            put_message(err, s, (size_t)n);
            free(s);
        } else {
            trim_cut_character(err->message);
        }
    }
    va_end(again);
    va_end(ap);
    err->code = code;
    return code;
}

int zc_err_prefix(zc_error *err, const char *fmt, ...)
{
    if (!err)
        return ZC_OK;
    size_t old = strnlen(err->message, sizeof err->message - 1);
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    /* Without memory the cause stays as it was, without its context. */
    char *s = n >= 0 ? malloc((size_t)n + old + 1) : NULL;
    if (s) {
        vsnprintf(s, (size_t)n + 1, fmt, again);
        memcpy(s + n, err->message, old);
        put_message(err, s, (size_t)n + old);
        free(s);
    }
    va_end(again);
    va_end(ap);
    return err->code;
}
