/* A document's record (index/docrec.h): what is packed reads back field
 * for field, with the stored text byte for byte; any cut or damaged
 * record is refused as damaged, never read past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "index/docrec.h"
#include "zhengce.h"

static const char stored[] = {'\x28', '\xb5', '\x2f', '\xfd', '\0', 'x', '\0', '\xff'};

static zc_docrec sample(void)
{
    return (zc_docrec){.id = "0123456789abcdef",
                       .path = "/data/2025/新余.txt#3",
                       .title = "2025年新余市政府工作报告",
                       .region = "江西省/新余市",
                       .type = "政府工作报告",
                       .date = "2025-01-08",
                       .issuer = "新余市人民政府",
                       .docno = "余府发〔2025〕1号",
                       .year = 2025,
                       .stored = stored,
                       .stored_len = sizeof stored};
}

static void test_round_trip(void **state)
{
    (void)state;
    zc_error err;
    zc_buf b = ZC_BUF_INIT;
    zc_docrec in = sample(), out;
    assert_int_equal(zc_docrec_pack(&in, &b, &err), ZC_OK);
    assert_int_equal(zc_docrec_parse(b.data, b.len, &out, &err), ZC_OK);
    assert_string_equal(out.id, in.id);
    assert_string_equal(out.path, in.path);
    assert_string_equal(out.title, in.title);
    assert_string_equal(out.region, in.region);
    assert_string_equal(out.type, in.type);
    assert_string_equal(out.date, in.date);
    assert_string_equal(out.issuer, in.issuer);
    assert_string_equal(out.docno, in.docno);
    assert_int_equal(out.year, 2025);
    assert_int_equal(out.stored_len, sizeof stored);
    assert_memory_equal(out.stored, stored, sizeof stored);

    /* Unknown fields and year, no text: "" and 0 back. */
    zc_docrec bare = {.id = "ab"};
    assert_int_equal(zc_docrec_pack(&bare, &b, &err), ZC_OK);
    assert_int_equal(zc_docrec_parse(b.data, b.len, &out, &err), ZC_OK);
    assert_string_equal(out.id, "ab");
    assert_string_equal(out.title, "");
    assert_string_equal(out.docno, "");
    assert_int_equal(out.year, 0);
    assert_int_equal(out.stored_len, 0);

    /* A year before the common era survives too. */
    bare.year = -221;
    assert_int_equal(zc_docrec_pack(&bare, &b, &err), ZC_OK);
    assert_int_equal(zc_docrec_parse(b.data, b.len, &out, &err), ZC_OK);
    assert_int_equal(out.year, -221);
    zc_buf_free(&b);
}

/* Every prefix of a record that ends inside its fields is refused, each
 * parsed from a copy of exactly that length (ASan sees any read past it). */
static void test_cut(void **state)
{
    (void)state;
    zc_error err;
    zc_buf b = ZC_BUF_INIT;
    zc_docrec in = sample(), out;
    assert_int_equal(zc_docrec_pack(&in, &b, &err), ZC_OK);
    size_t fields_end = b.len - sizeof stored;
    for (size_t n = 0; n < b.len; n++) {
        char *copy = malloc(n ? n : 1);
        memcpy(copy, b.data, n);
        int rc = zc_docrec_parse(copy, n, &out, &err);
        if (n < fields_end) {
            assert_int_equal(rc, ZC_ERR_CORRUPT);
            assert_non_null(strstr(err.message, "document record is damaged"));
        } else {
            assert_int_equal(rc, ZC_OK); /* the text itself is checked when unpacked */
            assert_int_equal(out.stored_len, n - fields_end);
        }
        free(copy);
    }
    zc_buf_free(&b);
}

static void test_damaged(void **state)
{
    (void)state;
    zc_error err;
    zc_docrec out;
    assert_int_equal(zc_docrec_parse(NULL, 0, &out, &err), ZC_ERR_CORRUPT);
    assert_int_equal(zc_docrec_parse("R2a", 3, &out, &err), ZC_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "no record header"));
    /* A year that is no number. */
    static const char bad_year[] = "R1a\0\0\0\0\0\0\0\0"
                                   "20x5\0";
    assert_int_equal(zc_docrec_parse(bad_year, sizeof bad_year - 1, &out, &err), ZC_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "year"));
    static const char huge_year[] = "R1a\0\0\0\0\0\0\0\0"
                                    "99999999999999999999\0";
    assert_int_equal(zc_docrec_parse(huge_year, sizeof huge_year - 1, &out, &err), ZC_ERR_CORRUPT);
    static const char ok_year[] = "R1a\0\0\0\0\0\0\0\0"
                                  "1949\0";
    assert_int_equal(zc_docrec_parse(ok_year, sizeof ok_year - 1, &out, &err), ZC_OK);
    assert_int_equal(out.year, 1949);
    assert_string_equal(out.id, "a");
}

/* field[] and the names line up with the named fields, and a copy of
 * each reaches its own target. */
static void test_fields_by_place(void **state)
{
    (void)state;
    zc_error err;
    zc_docrec in = sample();
    const char *named[] = {in.id,   in.path, in.title,  in.region,
                           in.type, in.date, in.issuer, in.docno};
    static const char *const names[] = {"id",   "path", "title",  "region",
                                        "type", "date", "issuer", "docno"};
    char *copy[ZC_DOCREC_FIELDS] = {NULL};
    char **const to[ZC_DOCREC_FIELDS] = {&copy[0], &copy[1], &copy[2], &copy[3],
                                         &copy[4], &copy[5], &copy[6], &copy[7]};
    assert_int_equal(zc_docrec_copy(&in, to, &err), ZC_OK);
    for (size_t k = 0; k < ZC_DOCREC_FIELDS; k++) {
        assert_ptr_equal(in.field[k], named[k]);
        assert_string_equal(zc_docrec_names[k], names[k]);
        assert_string_equal(copy[k], named[k]);
        assert_ptr_not_equal(copy[k], named[k]);
        free(copy[k]);
    }
    /* A field left NULL is copied as "". */
    zc_docrec bare = {.id = "ab"};
    assert_int_equal(zc_docrec_copy(&bare, to, &err), ZC_OK);
    assert_string_equal(copy[0], "ab");
    assert_string_equal(copy[7], "");
    for (size_t k = 0; k < ZC_DOCREC_FIELDS; k++)
        free(copy[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_fields_by_place),
        cmocka_unit_test(test_cut),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
