/* Hostile documents fail alone and by name, without a crash or a hang: a
 * zip bomb, XML nested past libxml2's depth limit, an entity expansion
 * bomb, an encrypted PDF, a PDF with a broken cross-reference table or cut
 * short, a zip or random bytes named as a document. The other files of
 * the run are indexed. */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cmocka.h>

#include "format_fixture.h"
#include "format_index.h"
#include "test_util.h"

static const char *DOCX_CT = "<?xml version=\"1.0\"?><Types "
                             "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                             "content-types\"/>";

/* A DOCX whose document part is xml. */
static char *docx_of(const char *dir, const char *name, const char *xml)
{
    const char *names[] = {"[Content_Types].xml", "word/document.xml"};
    const char *data[] = {DOCX_CT, xml};
    return zc_fx_zip(dir, name, names, data, 2);
}

/* A DOCX whose document part inflates to 64 MB of blanks. */
static char *zip_bomb(const char *dir)
{
    char *path = g_strdup_printf("%s/bomb.docx", dir);
    int e;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    assert_non_null(z);
    size_t n = (size_t)64 << 20;
    char *big = malloc(n);
    memset(big, ' ', n);
    memcpy(big, "<w:document>", 12);
    zip_source_t *s = zip_source_buffer(z, big, n, 0);
    assert_true(zip_file_add(z, "word/document.xml", s, 0) >= 0);
    zip_source_t *c = zip_source_buffer(z, DOCX_CT, strlen(DOCX_CT), 0);
    assert_true(zip_file_add(z, "[Content_Types].xml", c, 0) >= 0);
    assert_int_equal(zip_close(z), 0);
    free(big);
    char *r = strdup(path);
    g_free(path);
    return r;
}

static char *pdf_bytes(const char *dir, size_t *len)
{
    char *p =
        zc_fx_pdf(dir, "src.pdf.tmp", "国务院关于推进新型工业化的意见\n各省人民政府", 30, 30, NULL);
    char *d = zc_test_read_file(p, len);
    unlink(p);
    free(p);
    return d;
}

static void test_hostile_documents(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    char *dir = g_strdup_printf("%s/in", tmp), *db = g_strdup_printf("%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *bad[8];
    size_t nbad = 0;
    bad[nbad++] = zip_bomb(dir);
    GString *deep = g_string_new("<?xml version=\"1.0\"?><w:document xmlns:w=\"w\">");
    for (int i = 0; i < 100000; i++)
        g_string_append(deep, "<w:p>");
    bad[nbad++] = docx_of(dir, "deep.docx", deep->str);
    g_string_free(deep, TRUE);
    bad[nbad++] = docx_of(dir, "laughs.docx",
                          "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">"
                          "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                          "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                          "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                          "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                          "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
                          "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>"
                          "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&g;</w:t></w:r>"
                          "</w:p></w:body></w:document>");
    const char *enc = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                      "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                      "3 0 obj<</Filter/Standard/V 1/R 2/O(0123456789abcdef0123456789abcdef)"
                      "/U(0123456789abcdef0123456789abcdef)/P -4>>endobj\n"
                      "trailer<</Root 1 0 R/Encrypt 3 0 R/ID[<00112233445566778899aabbccddeeff>"
                      "<00112233445566778899aabbccddeeff>]/Size 4>>\n%%EOF\n";
    bad[nbad++] = zc_test_write_file(dir, "encrypted.pdf", enc, strlen(enc));
    size_t len;
    char *pdf = pdf_bytes(tmp, &len);
    bad[nbad++] = zc_test_write_file(dir, "cut.pdf", pdf, len / 3);
    const char *names[] = {"a.txt"}, *data[] = {"不是文档"};
    bad[nbad++] = zc_fx_zip(dir, "archive.docx", names, data, 1);
    char noise[4096];
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (char)(i * 131 + 7);
    memcpy(noise, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8); /* an OLE2 header, then junk */
    bad[nbad++] = zc_test_write_file(dir, "junk.xls", noise, sizeof noise);
    /* A broken cross-reference table: poppler rebuilds it or the file
     * fails by name; either way the run goes on. */
    char *x = memmem(pdf, len, "startxref", 9);
    x = x ? memmem(pdf, (size_t)(x - pdf), "xref", 4) : NULL;
    assert_non_null(x);
    memset(x, '#', 40);
    char *xref = zc_test_write_file(dir, "xref.pdf", pdf, len);
    char *good = zc_fx_docx(dir, "good.docx", "关于推进新型工业化的实施意见", NULL);
    zc_fx_run run;
    zc_fx_index(db, dir, ZC_OCR_OFF, NULL, &run);
    for (size_t i = 0; i < nbad; i++) {
        const char *why = zc_fx_failure_of(&run, bad[i]);
        if (!why)
            fail_msg("%s was not reported as failed", bad[i]);
        assert_non_null(strstr(why, bad[i]));
        printf("%s\n", why);
    }
    const char *w = zc_fx_failure_of(&run, bad[3]);
    assert_non_null(strstr(w, "encrypted"));
    assert_non_null(strstr(zc_fx_failure_of(&run, bad[0]), "zip bomb"));
    const char *xw = zc_fx_failure_of(&run, xref);
    printf("xref.pdf: %s\n", xw ? xw : "indexed (table rebuilt)");
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    assert_int_equal(zc_fx_count(ix, "新型工业化的实施意见", good), 1);
    /* nothing of the entity bomb was expanded into the index */
    assert_int_equal(zc_fx_count(ix, "aaaaaaaaaaaaaaaaaaaa", NULL), 0);
    zc_index_free(ix);
    zc_fx_run_free(&run);
    for (size_t i = 0; i < nbad; i++)
        free(bad[i]);
    free(xref);
    free(good);
    free(pdf);
    g_free(dir);
    g_free(db);
    zc_test_rmtree(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
