/* The documents of ../shared/data/govdocs (PDF, DOCX, DOC, XLS, XLSX,
 * OFD): each indexes (the standards whose fonts extract as garbage are
 * reported by name), and 4–8 character phrases drawn from an independent
 * reading of each file (pdftotext; the XML read plainly; catdoc and
 * xls2csv) find it: 95 % of them overall, and at least one of each file. */
#include <glib.h>
#include <libxml/xmlreader.h>
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

#include "extract/extract.h"
#include "format_fixture.h"
#include "format_index.h"
#include "test_util.h"

void zc_formats_data_test(void **state);
void zc_formats_ocr_test(void **state);

/* stdout of a program run without a shell; NULL when it cannot run. */
static char *run_tool(const char *const *argv)
{
    char *out = NULL;
    gint status = 0;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                      &status, NULL))
        return NULL;
    return out;
}

/* The text nodes of an XML part, a line break after each element named
 * one of ends. */
static void xml_text(const char *xml, size_t len, const char *const *ends, GString *out)
{
    xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET);
    if (!r)
        return;
    while (xmlTextReaderRead(r) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const xmlChar *v = xmlTextReaderConstValue(r);
            if (v)
                g_string_append(out, (const char *)v);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            const char *name = (const char *)xmlTextReaderConstLocalName(r);
            for (size_t i = 0; ends[i]; i++)
                if (strcmp(name, ends[i]) == 0)
                    g_string_append_c(out, '\n');
        }
    }
    xmlFreeTextReader(r);
}

/* Every XML part of a zip whose name starts with prefix, read plainly. */
static char *zip_text(const char *path, const char *prefix)
{
    static const char *const ends[] = {"p", "TextCode", "si", "c", "tr", NULL};
    int e;
    zip_t *z = zip_open(path, ZIP_RDONLY, &e);
    if (!z)
        return NULL;
    GString *out = g_string_new(NULL);
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        zip_stat_t st;
        if (!name || strncmp(name, prefix, strlen(prefix)) != 0 ||
            !g_str_has_suffix(name, ".xml") || zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0)
            continue;
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        char *buf = malloc(st.size + 1);
        zip_int64_t got = f ? zip_fread(f, buf, st.size) : -1;
        if (got >= 0)
            xml_text(buf, (size_t)got, ends, out);
        free(buf);
        if (f)
            zip_fclose(f);
    }
    zip_close(z);
    return g_string_free(out, FALSE);
}

static char *independent_text(const char *path)
{
    if (g_str_has_suffix(path, ".pdf")) {
        const char *argv[] = {"/usr/bin/pdftotext", "-enc", "UTF-8", path, "-", NULL};
        return run_tool(argv);
    }
    if (g_str_has_suffix(path, ".docx"))
        return zip_text(path, "word/");
    if (g_str_has_suffix(path, ".xlsx"))
        return zip_text(path, "xl/");
    if (g_str_has_suffix(path, ".ofd"))
        return zip_text(path, "");
    if (g_str_has_suffix(path, ".doc")) {
        const char *argv[] = {"/usr/bin/catdoc", "-d", "utf-8", path, NULL};
        return run_tool(argv);
    }
    if (g_str_has_suffix(path, ".xls")) {
        /* xls2csv misreads some strings: when it gives no phrase, the
         * file's UTF-16 strings are read plainly from its bytes. */
        const char *argv[] = {"/usr/bin/xls2csv", "-d", "utf-8", path, NULL};
        char *csv = run_tool(argv), *one[1];
        size_t some = csv ? zc_fx_phrases(csv, 1, one, 1) : 0;
        if (some) {
            free(one[0]);
            return csv;
        }
        GString *s = g_string_new(csv ? csv : "");
        g_free(csv);
        size_t len;
        char *raw = zc_test_read_file(path, &len);
        for (size_t i = 0; raw && i + 1 < len; i += 2) {
            unsigned cp = (unsigned char)raw[i] | (unsigned)(unsigned char)raw[i + 1] << 8;
            if (cp >= 0x4E00 && cp <= 0x9FFF)
                g_string_append_unichar(s, cp);
            else
                g_string_append_c(s, '\n');
        }
        free(raw);
        return g_string_free(s, FALSE);
    }
    return NULL;
}

typedef struct tally {
    const char *fmt;
    unsigned files, phrases, found;
} tally;

void zc_formats_data_test(void **state)
{
    (void)state;
    char *root = zc_test_data_path("govdocs");
    struct stat st;
    if (stat(root, &st) != 0) {
        free(root);
        skip();
    }
    if (access("/usr/bin/pdftotext", X_OK) != 0 || access("/usr/bin/catdoc", X_OK) != 0) {
        fprintf(stderr, "pdftotext or catdoc not installed (scripts/deps.sh)\n");
        free(root);
        skip();
    }
    char *tmp = zc_test_tmpdir();
    char *db = g_strdup_printf("%s/db", tmp);
    zc_fx_run run;
    /* OCR off: the garbage text layers must be reported, not indexed. */
    zc_fx_index(db, root, ZC_OCR_OFF, NULL, &run);
    tally t[] = {{"pdf", 0, 0, 0}, {"docx", 0, 0, 0}, {"doc", 0, 0, 0},
                 {"xls", 0, 0, 0}, {"xlsx", 0, 0, 0}, {"ofd", 0, 0, 0}};
    unsigned garbled = 0, total = 0, found = 0;
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
        char *sub = g_strdup_printf("%s/%s", root, t[k].fmt);
        GDir *d = g_dir_open(sub, 0, NULL);
        assert_non_null(d);
        const char *name;
        while ((name = g_dir_read_name(d))) {
            char *path = g_strdup_printf("%s/%s", sub, name);
            const char *why = zc_fx_failure_of(&run, path);
            t[k].files++;
            if (why) {
                /* Only a garbage text layer may fail, and says so. */
                if (!strstr(why, "garbage") || !strstr(why, path))
                    fail_msg("%s failed: %s", path, why);
                printf("reported, not indexed: %s\n", why);
                garbled++;
                g_free(path);
                continue;
            }
            char *text = independent_text(path);
            assert_non_null(text);
            char *ph[20];
            size_t n = zc_fx_phrases(text, 20260 + (unsigned)t[k].files, ph, 20);
            unsigned hit = 0;
            for (size_t i = 0; i < n; i++) {
                if (zc_fx_count(ix, ph[i], path) > 0)
                    hit++;
                else
                    printf("  not found in %s: \"%s\"\n", name, ph[i]);
                free(ph[i]);
            }
            printf("%-5s %3u/%zu  %s\n", t[k].fmt, hit, n, name);
            if (n && !hit)
                fail_msg("no phrase of %s finds it", path);
            t[k].phrases += (unsigned)n;
            t[k].found += hit;
            total += (unsigned)n;
            found += hit;
            g_free(text);
            g_free(path);
        }
        g_dir_close(d);
        g_free(sub);
    }
    for (size_t k = 0; k < sizeof t / sizeof *t; k++)
        printf("%-5s files %u, phrases found %u/%u\n", t[k].fmt, t[k].files, t[k].found,
               t[k].phrases);
    printf("overall %u/%u (%.1f %%), %u file(s) reported for a garbage text layer\n", found, total,
           100.0 * found / (total ? total : 1), garbled);
    assert_true(garbled >= 1);
    assert_true(run.nfailed == garbled);
    assert_true(found * 100 >= total * 95);
    zc_index_free(ix);
    zc_fx_run_free(&run);
    g_free(db);
    zc_test_rmtree(tmp);
    free(tmp);
    free(root);
}

/* With tesseract and its Simplified Chinese data, the garbage pages are
 * read by OCR instead: the standard indexes, and its words are found. */
void zc_formats_ocr_test(void **state)
{
    (void)state;
    char *root = zc_test_data_path("govdocs/pdf/GBT+39677-2020.pdf");
    struct stat st;
    if (stat(root, &st) == 0) {
        /* Without the program, the failure says what to install. */
        size_t n;
        char *pdf = zc_test_read_file(root, &n);
        zc_extract_opts o = {root, 1, "/nonexistent/tesseract"};
        zc_extracted x;
        zc_error err;
        assert_int_equal(zc_extract_pdf(pdf, n, &o, &x, &err), ZC_ERR_NOT_FOUND);
        if (!strstr(err.message, "/nonexistent/tesseract is not installed") ||
            !strstr(err.message, "tesseract-ocr-chi-sim"))
            fail_msg("no install hint: %s", err.message);
        free(pdf);
    }
    if (stat(root, &st) != 0 || access("/usr/bin/tesseract", X_OK) != 0 ||
        access("/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata", R_OK) != 0) {
        fprintf(stderr, "no data, or no tesseract with chi_sim: OCR not tested\n");
        free(root);
        return;
    }
    char *tmp = zc_test_tmpdir();
    char *dir = g_strdup_printf("%s/in", tmp), *db = g_strdup_printf("%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    size_t len;
    char *bytes = zc_test_read_file(root, &len);
    char *copy = zc_test_write_file(dir, "standard.pdf", bytes, len);
    zc_fx_run run;
    zc_fx_index(db, dir, ZC_OCR_AUTO, NULL, &run);
    if (run.nfailed)
        fail_msg("%s: %s", run.failed[0].path, run.failed[0].why);
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    assert_int_equal(zc_fx_count(ix, "版式文件", copy), 1);
    assert_int_equal(zc_fx_count(ix, "网页元素", copy), 1);
    assert_int_equal(zc_fx_count(ix, "犌犅", copy), 0);
    zc_index_free(ix);
    zc_fx_run_free(&run);
    free(bytes);
    free(copy);
    g_free(dir);
    g_free(db);
    zc_test_rmtree(tmp);
    free(tmp);
    free(root);
}
