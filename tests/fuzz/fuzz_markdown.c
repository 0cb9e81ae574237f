/* Markdown to text (extract/markdown.h, md4c underneath). Checks the
 * documented properties: the text is appended to what the buffer holds,
 * valid UTF-8 in gives valid UTF-8 out, no line break of the source is
 * lost (so no phrase joins two lines), and the text stays within a small
 * multiple of the input (the separators of table cells are the only thing
 * that can make it longer). */
#include <string.h>

#include "common/utf8.h"
#include "extract/markdown.h"
#include "fuzz.h"

static size_t count_lf(const char *s, size_t n)
{
    size_t k = 0;
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))); p++)
        k++;
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    zc_buf out = ZC_BUF_INIT;
    ZC_FUZZ_SETUP(zc_buf_puts(&out, "x") == ZC_OK, "out of memory");
    int rc = zc_markdown_text(in, size, &out);
    ZC_FUZZ_CHECK(rc == ZC_OK, "code %d", rc);
    ZC_FUZZ_CHECK(out.data[0] == 'x', "out's start overwritten");
    const char *t = out.data + 1;
    size_t n = out.len - 1;
    ZC_FUZZ_CHECK(n <= 3 * size, "%zu bytes of text from %zu", n, size);
    size_t bad = 0;
    if (zc_utf8_valid(in, size, NULL))
        ZC_FUZZ_CHECK(zc_utf8_valid(t, n, &bad), "invalid UTF-8 out at %zu", bad);
    size_t lf_in = count_lf(in, size), lf_out = count_lf(t, n);
    ZC_FUZZ_CHECK(lf_out >= lf_in, "%zu line breaks of %zu kept", lf_out, lf_in);
    zc_buf_free(&out);
    return 0;
}
