/* The cleaner (text/clean.h). Checks the documented properties: valid
 * UTF-8 in gives valid UTF-8 out, one paragraph per line (no empty line,
 * no leading or trailing line feed), and cleaning cleaned text changes
 * nothing; invalid UTF-8 is ZC_ERR_ENCODING and leaves out as it was. The
 * line classifiers and the query-side blank rule run on every line. */
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "text/clean.h"

static void classify_lines(const char *s, size_t len)
{
    size_t a = 0;
    while (a <= len) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - s) : len;
        int kind = zc_clean_is_boilerplate(s + a, b - a);
        ZC_FUZZ_CHECK(kind >= ZC_BOILER_NONE && kind <= ZC_BOILER_ANY, "boilerplate kind %d", kind);
        (void)zc_clean_is_caption(s + a, b - a);
        a = b + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    int valid = zc_utf8_valid(in, size, NULL);
    zc_buf out = ZC_BUF_INIT;
    zc_error err;
    /* Appending: what was in out stays. */
    ZC_FUZZ_SETUP(zc_buf_puts(&out, "x") == ZC_OK, "out of memory");
    int rc = zc_clean(in, size, &out, &err);
    if (!valid) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_ENCODING, "invalid UTF-8: code %d", rc);
        ZC_FUZZ_CHECK(out.len == 1 && out.data[0] == 'x', "out changed on error");
        zc_buf_free(&out);
        return 0;
    }
    ZC_FUZZ_CHECK(rc == ZC_OK, "code %d: %s", rc, err.message);
    ZC_FUZZ_CHECK(out.data[0] == 'x', "out's start overwritten");
    const char *c = out.data + 1;
    size_t n = out.len - 1;
    size_t bad = 0;
    ZC_FUZZ_CHECK(zc_utf8_valid(c, n, &bad), "invalid UTF-8 out at %zu", bad);
    if (n > 0) {
        ZC_FUZZ_CHECK(c[0] != '\n' && c[n - 1] != '\n', "leading or trailing line feed");
        ZC_FUZZ_CHECK(memmem(c, n, "\n\n", 2) == NULL, "empty line");
    }
    classify_lines(in, size);

    zc_buf again = ZC_BUF_INIT;
    ZC_FUZZ_CHECK(zc_clean(c, n, &again, &err) == ZC_OK, "cleaning cleaned text: %s", err.message);
    ZC_FUZZ_CHECK(again.len == n && (n == 0 || memcmp(again.data, c, n) == 0),
                  "cleaning is not idempotent (%zu bytes, then %zu)", n, again.len);
    zc_buf_free(&again);

    /* The blank rule for query phrases, in place. */
    char *copy = malloc(size + 1);
    ZC_FUZZ_SETUP(copy != NULL, "out of memory");
    memcpy(copy, in, size);
    copy[size] = '\0';
    size_t len = size;
    zc_clean_blanks(copy, &len);
    ZC_FUZZ_CHECK(len <= size && copy[len] == '\0', "zc_clean_blanks grew the text");
    ZC_FUZZ_CHECK(zc_utf8_valid(copy, len, &bad), "zc_clean_blanks: invalid UTF-8 at %zu", bad);
    free(copy);
    zc_buf_free(&out);
    return 0;
}
