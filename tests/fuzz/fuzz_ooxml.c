/* Zip containers (extract/zipx.c) and what is in them: the same bytes
 * detected, then read as DOCX, XLSX and OFD. Checks: success or
 * ZC_ERR_INVALID / ZC_ERR_NOT_FOUND / ZC_ERR_NOMEM with a message; text of
 * the length said; sheets whose rows have the cells said. */
#include <string.h>

#include "extract/extract.h"
#include "fuzz.h"
#include "fuzz_gsf.h"

static void check(int rc, const zc_error *err, zc_extracted *x)
{
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_INVALID || rc == ZC_ERR_NOT_FOUND || rc == ZC_ERR_NOMEM,
                      "code %d: %s", rc, err->message);
        ZC_FUZZ_CHECK(err->message[0] != '\0', "error without a message");
        return;
    }
    ZC_FUZZ_CHECK(!x->text || strlen(x->text) == x->len, "text length %zu", x->len);
    for (size_t i = 0; i < x->nsheets; i++)
        for (size_t r = 0; r < x->sheets[i].nrows; r++)
            for (size_t c = 0; c < x->sheets[i].ncells[r]; c++)
                ZC_FUZZ_CHECK(!x->sheets[i].rows[r][c] || x->sheets[i].rows[r][c][0],
                              "empty cell stored at %zu,%zu", r, c);
    zc_extracted_free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    (void)zc_detect(d, size);
    zc_extracted x;
    zc_error err;
    check(zc_extract_docx(d, size, &x, &err), &err, &x);
    check(zc_extract_xlsx(d, size, &x, &err), &err, &x);
    check(zc_extract_ofd(d, size, &x, &err), &err, &x);
    return 0;
}
