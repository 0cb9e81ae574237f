/* PDF (extract/pdf.c, through poppler-glib, OCR off). Checks: success or
 * ZC_ERR_INVALID / ZC_ERR_ENCODING / ZC_ERR_NOMEM with a message; text of
 * the length said. */
#include <string.h>

#include "extract/extract.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zc_extract_opts o = {"/reports/fuzz.pdf", 0, NULL};
    zc_extracted x;
    zc_error err;
    int rc = zc_extract(ZC_FMT_PDF, (const char *)data, size, &o, &x, &err);
    if (rc) {
        ZC_FUZZ_CHECK(rc == ZC_ERR_INVALID || rc == ZC_ERR_ENCODING || rc == ZC_ERR_NOMEM,
                      "code %d: %s", rc, err.message);
        ZC_FUZZ_CHECK(err.message[0] != '\0', "error without a message");
        return 0;
    }
    ZC_FUZZ_CHECK(x.text && strlen(x.text) == x.len, "text length %zu", x.len);
    zc_extracted_free(&x);
    return 0;
}
