/* indexer/postings.h: a document built through zc_postings has exactly the
 * terms, wdfs and positions of one built by adding each posting to Xapian
 * directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "indexer/postings.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"

/* A document's terms as text: "term wdf pos,pos,...\n" each. */
static int dump_term(void *ctx, const char *term, size_t len, unsigned wdf, const uint32_t *pos,
                     size_t npos)
{
    zc_buf *b = ctx;
    zc_buf_printf(b, "%.*s %u", (int)len, term, wdf);
    for (size_t i = 0; i < npos; i++)
        zc_buf_printf(b, "%c%u", i ? ',' : ' ', pos[i]);
    zc_buf_putc(b, '\n');
    return 0;
}

static char *dump(zc_xdoc *doc)
{
    zc_buf b = ZC_BUF_INIT;
    zc_error err;
    assert_int_equal(zc_xdoc_each_term(doc, dump_term, &b, &err), ZC_OK);
    zc_buf_putc(&b, '\0');
    return b.data;
}

/* Term i of a vocabulary of terms 1 to 23 bytes long, so that both the
 * short-term hash and the long one are used. */
static size_t make_term(unsigned i, char *out)
{
    size_t len = 1 + (i * 7) % 23;
    for (size_t k = 0; k < len; k++)
        out[k] = (char)('a' + (i >> (k % 4 * 3)) % 26);
    int n = snprintf(out + len, 12, "%u", i); /* unique whatever the letters */
    return len + (size_t)n;
}

/* Both ways, one pseudo-random document of nterms distinct terms; the
 * gathered one given its positions every spill postings (0: at the end). */
static void check_doc(zc_postings *p, unsigned seed, unsigned nterms, unsigned nposts,
                      unsigned spill)
{
    zc_xdoc *direct, *gathered;
    zc_error err;
    assert_int_equal(zc_xdoc_new(&direct, &err), ZC_OK);
    assert_int_equal(zc_xdoc_new(&gathered, &err), ZC_OK);
    uint32_t x = seed;
    char term[48];
    for (unsigned k = 0; k < nposts; k++) {
        x = x * 1103515245u + 12345u;
        size_t len = make_term((x >> 8) % nterms, term);
        if ((x >> 4) % 5 == 0) { /* a word: counted, no position */
            assert_int_equal(zc_xdoc_add_term_n(direct, term, len, 1, &err), ZC_OK);
            assert_int_equal(zc_postings_add_count(p, term, len), ZC_OK);
        } else {
            assert_int_equal(zc_xdoc_add_posting_n(direct, term, len, k + 1, 1, &err), ZC_OK);
            assert_int_equal(zc_postings_add_pos(p, term, len, k + 1), ZC_OK);
        }
        if (spill && k % spill == spill - 1)
            assert_int_equal(zc_postings_spill(p, gathered, &err), ZC_OK);
    }
    assert_int_equal(zc_postings_flush(p, gathered, &err), ZC_OK);
    char *a = dump(direct), *b = dump(gathered);
    assert_true(strlen(a) > nterms / 2);
    assert_string_equal(a, b);
    free(a);
    free(b);
    zc_xdoc_free(direct);
    zc_xdoc_free(gathered);
}

static void test_same_as_direct(void **state)
{
    (void)state;
    zc_postings *p;
    zc_error err;
    assert_int_equal(zc_postings_new(&p, &err), ZC_OK);
    /* Small, then past the table's first size (it grows), then small again:
     * nothing of one document is left in the next. */
    check_doc(p, 1, 50, 400, 0);
    check_doc(p, 2, 9000, 40000, 0);
    check_doc(p, 3, 20, 100, 0);
    zc_postings_free(p);
}

/* A long document's positions given a part at a time (zc_postings_spill)
 * end up the same, wdfs included, whatever the parts. */
static void test_spilled(void **state)
{
    (void)state;
    zc_postings *p;
    zc_error err;
    assert_int_equal(zc_postings_new(&p, &err), ZC_OK);
    check_doc(p, 4, 50, 4000, 1);
    check_doc(p, 5, 9000, 40000, 1000);
    check_doc(p, 6, 300, 40000, 4093);
    check_doc(p, 7, 20, 100, 0); /* and nothing is left for the next */
    zc_postings_free(p);
}

static void test_clear(void **state)
{
    (void)state;
    zc_postings *p;
    zc_xdoc *doc;
    zc_error err;
    assert_int_equal(zc_postings_new(&p, &err), ZC_OK);
    assert_int_equal(zc_postings_add_pos(p, "新", 3, 1), ZC_OK);
    assert_int_equal(zc_postings_add_count(p, "W新余", 7), ZC_OK);
    zc_postings_clear(p);
    assert_int_equal(zc_postings_add_pos(p, "余", 3, 2), ZC_OK);
    assert_int_equal(zc_postings_add_pos(p, "余", 3, 5), ZC_OK);
    assert_int_equal(zc_postings_add_count(p, "余", 3), ZC_OK);
    assert_int_equal(zc_xdoc_new(&doc, &err), ZC_OK);
    assert_int_equal(zc_postings_flush(p, doc, &err), ZC_OK);
    char *d = dump(doc);
    /* Positions and the extra count add up to the wdf. */
    assert_string_equal(d, "余 3 2,5\n");
    free(d);
    zc_xdoc_free(doc);
    zc_postings_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_direct),
        cmocka_unit_test(test_spilled),
        cmocka_unit_test(test_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
