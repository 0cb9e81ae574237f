/* The segmenter (text/seg.h) with the build's dictionary ($ZHENGCE_DICT or
 * the build tree), in accurate and search mode, with and without the HMM.
 * Checks the documented properties: tokens lie inside the text, in order,
 * on character boundaries, never blank; accurate-mode tokens cover every
 * character but blanks, line breaks, zero-width characters and NUL exactly
 * once; search-mode SUB tokens lie inside the word after them; invalid
 * UTF-8 is ZC_ERR_ENCODING with the offset zc_utf8_valid finds. */
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "text/seg.h"

static zc_dict *dict;
static zc_seg *seg;

/* What no token holds: blanks, line breaks, and the zero-width characters
 * and NUL bytes the segmenter skips (docs/segmenter.md, "Scan"; as the
 * unit splitter, text/unit.c). */
static int is_skipped(uint32_t c)
{
    return zc_is_space(c) || zc_is_newline(c) || zc_is_zero_width(c) || c == 0;
}

static void check_tokens(const char *s, size_t len, zc_seg_mode mode, const zc_token *t, size_t n)
{
    size_t covered = 0; /* accurate mode: bytes up to here are accounted for */
    for (size_t i = 0; i < n; i++) {
        ZC_FUZZ_CHECK(t[i].byte_len > 0, "empty token %zu", i);
        ZC_FUZZ_CHECK(t[i].byte_off <= len && t[i].byte_len <= len - t[i].byte_off,
                      "token %zu [%zu,+%u) outside the text (%zu bytes)", i, t[i].byte_off,
                      t[i].byte_len, len);
        ZC_FUZZ_CHECK(zc_utf8_align(s, len, t[i].byte_off) == t[i].byte_off &&
                          zc_utf8_align(s, len, t[i].byte_off + t[i].byte_len) ==
                              t[i].byte_off + t[i].byte_len,
                      "token %zu not on character boundaries", i);
        ZC_FUZZ_CHECK(zc_utf8_count(s + t[i].byte_off, t[i].byte_len) == t[i].unit_len,
                      "token %zu: unit_len %u", i, t[i].unit_len);
        if (t[i].flags & ZC_TOK_SUB) {
            ZC_FUZZ_CHECK(mode == ZC_SEG_SEARCH, "SUB token in accurate mode");
            size_t j = i + 1;
            while (j < n && (t[j].flags & ZC_TOK_SUB))
                j++;
            ZC_FUZZ_CHECK(j < n && t[i].byte_off >= t[j].byte_off &&
                              t[i].byte_off + t[i].byte_len <= t[j].byte_off + t[j].byte_len,
                          "SUB token %zu not inside the word after it", i);
            continue;
        }
        /* Between two tokens only what the segmenter skips. */
        ZC_FUZZ_CHECK(t[i].byte_off >= covered, "token %zu overlaps the one before", i);
        for (size_t k = covered; k < t[i].byte_off;) {
            uint32_t c;
            size_t step = zc_utf8_decode(s + k, len - k, &c);
            ZC_FUZZ_CHECK(step > 0 && is_skipped(c), "character at byte %zu in no token", k);
            k += step;
        }
        uint32_t first;
        zc_utf8_decode(s + t[i].byte_off, t[i].byte_len, &first);
        ZC_FUZZ_CHECK(!is_skipped(first), "token %zu starts with a blank", i);
        covered = t[i].byte_off + t[i].byte_len;
    }
    for (size_t k = covered; k < len;) {
        uint32_t c;
        size_t step = zc_utf8_decode(s + k, len - k, &c);
        ZC_FUZZ_CHECK(step > 0 && is_skipped(c), "character at byte %zu in no token", k);
        k += step;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!seg) {
        zc_error err;
        ZC_FUZZ_SETUP(zc_dict_open(NULL, &dict, &err) == ZC_OK, err.message);
        ZC_FUZZ_SETUP(zc_seg_new(dict, &seg, &err) == ZC_OK, err.message);
    }
    const char *s = (const char *)data;
    size_t bad = 0;
    int valid = zc_utf8_valid(s, size, &bad);
    static const zc_seg_mode modes[] = {ZC_SEG_ACCURATE, ZC_SEG_SEARCH};
    for (int m = 0; m < 2; m++) {
        for (int flags = 0; flags <= ZC_SEG_NO_HMM; flags++) {
            const zc_token *t = NULL;
            size_t n = 0;
            zc_error err;
            int rc = zc_seg_cut(seg, s, size, modes[m], flags, &t, &n, &err);
            if (!valid) {
                ZC_FUZZ_CHECK(rc == ZC_ERR_ENCODING, "invalid UTF-8: code %d", rc);
                ZC_FUZZ_CHECK(zc_seg_bad_offset(seg) == bad, "bad offset %zu, expected %zu",
                              zc_seg_bad_offset(seg), bad);
                continue;
            }
            ZC_FUZZ_CHECK(rc == ZC_OK, "mode %d flags %d: code %d: %s", m, flags, rc, err.message);
            check_tokens(s, size, modes[m], t, n);
        }
    }
    return 0;
}
