/* XLS (extract/xls.c): OLE2 containers through libgsf, BIFF8 records read
 * here; the bytes also as the Workbook stream of a container made around
 * them is not attempted: libgsf's own parsing is fuzzed as is. Checks:
 * success or ZC_ERR_INVALID / ZC_ERR_NOMEM with a message; every cell
 * stored is non-empty UTF-8. */
#include <string.h>

#include "common/utf8.h"
#include "extract/extract.h"
#include "fuzz.h"
#include "fuzz_gsf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    (void)zc_detect(d, size);
    zc_extracted x;
    zc_error err;
    int rc = zc_extract_xls(d, size, &x, &err);
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_INVALID || rc == ZC_ERR_NOMEM, "code %d: %s", rc, err.message);
        return 0;
    }
    for (size_t i = 0; i < x.nsheets; i++)
        for (size_t r = 0; r < x.sheets[i].nrows; r++)
            for (size_t c = 0; c < x.sheets[i].ncells[r]; c++) {
                const char *v = x.sheets[i].rows[r][c];
                ZC_FUZZ_CHECK(!v || zc_utf8_valid(v, strlen(v), NULL), "cell %zu,%zu not UTF-8", r,
                              c);
            }
    zc_extracted_free(&x);
    return 0;
}
