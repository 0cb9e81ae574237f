/* The decoder (extract/decode.h): raw bytes of any kind, detected and
 * forced encodings. Checks: success gives valid UTF-8 text of the length
 * said, NUL-terminated, and a known error code otherwise; the fast UTF-8
 * check agrees with common/utf8.h's. */
#include <string.h>

#include "common/utf8.h"
#include "extract/decode.h"
#include "fuzz.h"

/* The forced encoding is picked by the input's length, so every input
 * (and every seed) is also tried with one of them. */
static const char *const forced[] = {"GB18030", "GBK",      "BIG5",  "UTF-16LE",        "UTF-16BE",
                                     "UTF-16",  "UTF-32LE", "UTF-8", "no-such-encoding"};

static void decode_one(const char *raw, size_t len, const char *enc)
{
    zc_decoded d;
    zc_error err;
    int rc = zc_decode(raw, len, enc, &d, &err);
    if (rc == ZC_OK) {
        ZC_FUZZ_CHECK(d.text != NULL, "no text on success");
        ZC_FUZZ_CHECK(d.text[d.len] == '\0', "text not NUL-terminated");
        size_t bad = 0;
        ZC_FUZZ_CHECK(zc_utf8_valid(d.text, d.len, &bad), "invalid UTF-8 at %zu (from %s)", bad,
                      d.encoding);
        ZC_FUZZ_CHECK(memchr(d.encoding, '\0', sizeof d.encoding) != NULL,
                      "encoding name not terminated");
    } else {
        ZC_FUZZ_CHECK(rc == ZC_ERR_ENCODING || rc == ZC_ERR_INVALID || rc == ZC_ERR_NOMEM,
                      "unexpected code %d: %s", rc, err.message);
        ZC_FUZZ_CHECK(err.code == rc, "error code %d, returned %d", err.code, rc);
        ZC_FUZZ_CHECK(d.text == NULL && d.len == 0, "output not zeroed on error");
    }
    zc_decoded_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    decode_one(raw, size, NULL);
    decode_one(raw, size, forced[size % (sizeof forced / sizeof *forced)]);

    /* The validator's fast paths against zc_utf8_decode, a character at a
     * time. */
    size_t off_fast = 0, off_ref = 0;
    int fast = zc_utf8_valid(raw, size, &off_fast);
    while (off_ref < size) {
        uint32_t cp;
        size_t n = zc_utf8_decode(raw + off_ref, size - off_ref, &cp);
        if (n == 0)
            break;
        off_ref += n;
    }
    int ref = off_ref == size;
    ZC_FUZZ_CHECK(!fast == !ref, "zc_utf8_valid says %d, zc_utf8_decode %d", fast, ref);
    ZC_FUZZ_CHECK(fast || off_fast == off_ref, "first bad byte %zu, expected %zu", off_fast,
                  off_ref);
    return 0;
}
