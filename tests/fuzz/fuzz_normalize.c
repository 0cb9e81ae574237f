/* The normalizer (text/normalize.h). Checks the documented properties:
 * valid UTF-8 in, valid UTF-8 out with the same line breaks; normalizing
 * twice gives what normalizing once gives; the fast paths give what the
 * reference path (ZC_NORM_REFERENCE) gives; invalid UTF-8 is
 * ZC_ERR_ENCODING with *out NULL. */
#include <string.h>

#include "common/utf8.h"
#include "fuzz.h"
#include "text/normalize.h"

static const int flag_sets[] = {ZC_NORM_DEFAULT, ZC_NORM_NFKC | ZC_NORM_CASEFOLD, ZC_NORM_T2S,
                                ZC_NORM_DEFAULT | ZC_NORM_REFERENCE};
#define N_SETS (sizeof flag_sets / sizeof *flag_sets)

static zc_norm *norms[N_SETS];

static size_t count_byte(const char *s, size_t len, char c)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == c;
    return n;
}

static char *norm(size_t k, const char *in, size_t len, size_t *out_len, int *rc)
{
    char *out = (char *)1;
    zc_error err;
    *rc = zc_norm_text(norms[k], in, len, &out, out_len, &err);
    if (*rc) {
        ZC_FUZZ_CHECK(*rc == ZC_ERR_ENCODING || *rc == ZC_ERR_NOMEM, "flags %d: code %d: %s",
                      flag_sets[k], *rc, err.message);
        ZC_FUZZ_CHECK(out == NULL, "flags %d: *out not NULL on error", flag_sets[k]);
        return NULL;
    }
    ZC_FUZZ_CHECK(out && out[*out_len] == '\0', "flags %d: output not terminated", flag_sets[k]);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!norms[0]) {
        for (size_t k = 0; k < N_SETS; k++) {
            zc_error err;
            ZC_FUZZ_SETUP(zc_norm_new(flag_sets[k], &norms[k], &err) == ZC_OK, err.message);
        }
    }
    const char *in = (const char *)data;
    int valid = zc_utf8_valid(in, size, NULL);
    char *outs[N_SETS] = {0};
    size_t lens[N_SETS] = {0};
    for (size_t k = 0; k < N_SETS; k++) {
        int rc;
        outs[k] = norm(k, in, size, &lens[k], &rc);
        ZC_FUZZ_CHECK((rc == ZC_OK) == (valid != 0), "flags %d: code %d for %s input", flag_sets[k],
                      rc, valid ? "valid" : "invalid");
        if (!outs[k])
            continue;
        size_t bad = 0;
        ZC_FUZZ_CHECK(zc_utf8_valid(outs[k], lens[k], &bad), "flags %d: invalid UTF-8 out at %zu",
                      flag_sets[k], bad);
        ZC_FUZZ_CHECK(count_byte(outs[k], lens[k], '\n') == count_byte(in, size, '\n'),
                      "flags %d: line feeds changed", flag_sets[k]);
        /* Idempotent. */
        size_t again_len;
        int rc2;
        char *again = norm(k, outs[k], lens[k], &again_len, &rc2);
        ZC_FUZZ_CHECK(again && again_len == lens[k] && memcmp(again, outs[k], lens[k]) == 0,
                      "flags %d: normalizing twice differs from once", flag_sets[k]);
        free(again);
    }
    /* The fast paths against the reference one. */
    if (outs[0] && outs[N_SETS - 1])
        ZC_FUZZ_CHECK(lens[0] == lens[N_SETS - 1] &&
                          memcmp(outs[0], outs[N_SETS - 1], lens[0]) == 0,
                      "fast path differs from ZC_NORM_REFERENCE");
    for (size_t k = 0; k < N_SETS; k++)
        free(outs[k]);
    return 0;
}
