/*
 * Segmentation accuracy on the SIGHAN 2005 PKU test set, scored as the
 * SIGHAN script does: a word counts when its span of characters (blanks
 * left out) matches a gold word's exactly; P = correct / output words,
 * R = correct / gold words, F1 their harmonic mean. Scored on the text as
 * given (full-width digits and all).
 *
 * Data: $ZC_PKU_DIR, else icwb2-pku in the data directory ($ZC_DATA_DIR,
 * else ../shared/data beside the source tree): pku_test.utf8 and
 * pku_test_gold.utf8; exit status 77 (skipped) when they are absent.
 * The floors below fail the test on a regression.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "dict/dict.h"
#include "test_util.h"
#include "text/seg.h"

#define FLOOR_HMM 0.865
#define FLOOR_NO_HMM 0.865

typedef struct score {
    size_t correct, output, gold;
} score;

typedef struct span {
    size_t a, b;
} span;

/* Spans of the blank-separated words of line[0..len), in characters. */
static size_t gold_spans(const char *line, size_t len, span *out, size_t max)
{
    size_t n = 0, chars = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = zc_utf8_decode(line + i, len - i, &cp);
        if (k == 0)
            k = 1;
        if (zc_is_space(cp) || cp == '\r') {
            i += k;
            continue;
        }
        size_t start = chars;
        while (i < len) {
            k = zc_utf8_decode(line + i, len - i, &cp);
            if (k == 0)
                k = 1;
            if (zc_is_space(cp) || cp == '\r')
                break;
            chars++;
            i += k;
        }
        if (n < max)
            out[n] = (span){start, chars};
        n++;
    }
    return n;
}

static size_t count_matches(const span *x, size_t nx, const span *y, size_t ny)
{
    size_t i = 0, j = 0, m = 0;
    while (i < nx && j < ny) {
        if (x[i].a == y[j].a && x[i].b == y[j].b)
            m++, i++, j++;
        else if (x[i].a < y[j].a || (x[i].a == y[j].a && x[i].b < y[j].b))
            i++;
        else
            j++;
    }
    return m;
}

static char *next_line(char **p)
{
    if (!*p || !**p)
        return NULL;
    char *line = *p, *nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = line + strlen(line);
    }
    size_t l = strlen(line);
    if (l && line[l - 1] == '\r')
        line[l - 1] = '\0';
    return line;
}

static score run(zc_seg *seg, const char *test_path, const char *gold_path, int flags)
{
    char *test = zc_test_read_file(test_path, NULL), *gold = zc_test_read_file(gold_path, NULL);
    assert_non_null(test);
    assert_non_null(gold);
    char *tp = test, *gp = gold, *tl, *gl;
    score s = {0, 0, 0};
    static span gs[4096], ts[4096];
    size_t lineno = 0;
    while ((tl = next_line(&tp)) != NULL) {
        gl = next_line(&gp);
        assert_non_null(gl);
        lineno++;
        size_t ng = gold_spans(gl, strlen(gl), gs, 4096);
        const zc_token *t;
        size_t n;
        zc_error err;
        assert_int_equal(zc_seg_cut(seg, tl, strlen(tl), ZC_SEG_ACCURATE, flags, &t, &n, &err),
                         ZC_OK);
        size_t chars = 0;
        for (size_t i = 0; i < n && i < 4096; i++) {
            ts[i] = (span){chars, chars + t[i].unit_len};
            chars += t[i].unit_len;
        }
        assert_true(ng <= 4096 && n <= 4096);
        if (ng && gs[ng - 1].b != chars)
            fail_msg("line %zu: %zu characters in the gold, %zu segmented", lineno, gs[ng - 1].b,
                     chars);
        s.correct += count_matches(ts, n, gs, ng);
        s.output += n;
        s.gold += ng;
    }
    free(test);
    free(gold);
    return s;
}

static double report(const char *what, score s)
{
    double p = (double)s.correct / (double)s.output, r = (double)s.correct / (double)s.gold;
    double f1 = 2 * p * r / (p + r);
    printf("PKU test, %s: P=%.4f R=%.4f F1=%.4f (%zu words, %zu gold)\n", what, p, r, f1, s.output,
           s.gold);
    return f1;
}

/* The directory of the PKU data (malloc'd). */
static char *pku_dir(void)
{
    const char *env = getenv("ZC_PKU_DIR");
    return env && *env ? strdup(env) : zc_test_data_path("icwb2-pku");
}

static void test_pku(void **state)
{
    (void)state;
    char *dir = pku_dir(), test_path[4200], gold_path[4200];
    snprintf(test_path, sizeof test_path, "%s/pku_test.utf8", dir);
    snprintf(gold_path, sizeof gold_path, "%s/pku_test_gold.utf8", dir);
    free(dir);
    zc_dict *d;
    zc_seg *seg;
    zc_error err;
    assert_int_equal(zc_dict_open(NULL, &d, &err), ZC_OK);
    assert_int_equal(zc_seg_new(d, &seg, &err), ZC_OK);
    double f_hmm = report("accurate, HMM", run(seg, test_path, gold_path, 0));
    double f_no = report("accurate, no HMM", run(seg, test_path, gold_path, ZC_SEG_NO_HMM));
    zc_seg_free(seg);
    zc_dict_free(d);
    assert_true(f_hmm >= FLOOR_HMM);
    assert_true(f_no >= FLOOR_NO_HMM);
}

int main(void)
{
    /* Without the data there is nothing to score: skipped (exit 77, the
     * ctest label "data"), not passed. */
    char *dir = pku_dir(), gold_path[4200];
    snprintf(gold_path, sizeof gold_path, "%s/pku_test_gold.utf8", dir);
    FILE *probe = fopen(gold_path, "rb");
    if (!probe) {
        printf("# no PKU data at %s: skipped\n", dir);
        free(dir);
        return 77;
    }
    fclose(probe);
    free(dir);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_pku)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
