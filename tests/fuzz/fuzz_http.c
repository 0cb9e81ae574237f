/* The HTTP server's reading of a request target (http/params.h): every
 * input is taken apart into a path and parameters, or refused with
 * ZC_ERR_INVALID and a message; a /search target's parameters become a
 * query and options, or are refused likewise. Checks: decoded parts are
 * UTF-8 without NUL bytes; a search has a non-empty query and a limit
 * within ZC_HTTP_MAX_LIMIT and years in order. */
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "http/params.h"

static void check_text(const char *s, const char *what)
{
    ZC_FUZZ_CHECK(s != NULL, "%s missing", what);
    ZC_FUZZ_CHECK(zc_utf8_valid(s, strlen(s), NULL), "%s not UTF-8", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *target = malloc(size + 1);
    ZC_FUZZ_SETUP(target != NULL, "out of memory");
    memcpy(target, data, size);
    target[size] = '\0';
    zc_http_url u;
    zc_error err;
    int rc = zc_http_url_parse(target, &u, &err);
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_INVALID || rc == ZC_ERR_NOMEM, "code %d", rc);
        ZC_FUZZ_CHECK(err.message[0] != '\0', "no message");
        ZC_FUZZ_CHECK(u.path == NULL && u.n == 0, "parts left on error");
    } else {
        check_text(u.path, "path");
        for (size_t i = 0; i < u.n; i++) {
            check_text(u.params[i].key, "key");
            check_text(u.params[i].value, "value");
        }
        zc_http_search s;
        rc = zc_http_search_parse(&u, &s, &err);
        if (rc) {
            ZC_FUZZ_CHECK(rc == ZC_ERR_INVALID || rc == ZC_ERR_NOMEM, "search code %d", rc);
            ZC_FUZZ_CHECK(err.message[0] != '\0', "no search message");
            ZC_FUZZ_CHECK(s.query == NULL, "a query on error");
        } else {
            check_text(s.query, "query");
            ZC_FUZZ_CHECK(s.query[0] != '\0', "empty query");
            ZC_FUZZ_CHECK(s.so.limit <= ZC_HTTP_MAX_LIMIT, "limit %u", s.so.limit);
            ZC_FUZZ_CHECK(!s.so.year_lo || !s.so.year_hi || s.so.year_lo <= s.so.year_hi,
                          "reversed years");
            zc_http_search_free(&s);
        }
        zc_http_url_free(&u);
    }
    free(target);
    return 0;
}
