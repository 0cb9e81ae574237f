/* The metadata rules (indexer/meta*.c) on any text, cleaned as the indexer
 * cleans it: title, date, national evidence, type, issuer and document
 * number. Checks what they promise: a year in range or none, a month and
 * day in range and only with a year, a title of valid UTF-8, a document
 * number that reads back as one, and the number parser on the raw input. */
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "index/schema.h"
#include "indexer/meta.h"
#include "text/clean.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    zc_schema_docno d;
    if (zc_schema_docno_parse(in, size, &d))
        ZC_FUZZ_CHECK(d.year >= 1949 && d.year <= 2100 && d.prefix[0], "docno %s %d", d.prefix,
                      d.year);
    if (!zc_utf8_valid(in, size, NULL))
        return 0;
    zc_buf out = ZC_BUF_INIT;
    zc_error err;
    if (zc_clean(in, size, &out, &err) != ZC_OK) {
        zc_buf_free(&out);
        return 0;
    }
    const char *text = out.data ? out.data : "";
    size_t len = out.len;
    char *title = zc_meta_title(text, len, 40);
    ZC_FUZZ_CHECK(title && zc_utf8_valid(title, strlen(title), NULL), "title not UTF-8");
    int m = -1, day = -1;
    int y = zc_meta_dated(text, len, title, &m, &day);
    ZC_FUZZ_CHECK(y == 0 || (y >= 1900 && y <= 2100), "year %d", y);
    ZC_FUZZ_CHECK(m >= 0 && m <= 12 && day >= 0 && day <= 31, "month %d day %d", m, day);
    ZC_FUZZ_CHECK(y || (!m && !day), "a month without a year");
    int years[8];
    size_t n = 0;
    int vy = zc_meta_years(text, len, years, 8, &n);
    ZC_FUZZ_CHECK(vy == 0 || (vy >= 1949 && vy <= 2100), "voted year %d", vy);
    (void)zc_meta_national(text, len, title);
    (void)zc_meta_type(text, len, title);
    char *issuer = zc_meta_issuer(text, len, title);
    ZC_FUZZ_CHECK(!issuer || zc_utf8_valid(issuer, strlen(issuer), NULL), "issuer not UTF-8");
    char *no = zc_meta_docno(text, len);
    ZC_FUZZ_CHECK(!no || zc_schema_docno_parse(no, strlen(no), &d), "docno %s not one", no);
    free(no);
    free(issuer);
    free(title);
    zc_buf_free(&out);
    return 0;
}
