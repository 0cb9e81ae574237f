/* Documents written at test time (format_fixture.h). */
#include "format_fixture.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "common/utf8.h"

char *zc_fx_zip(const char *dir, const char *name, const char *const *names,
                const char *const *data, size_t n)
{
    char *path = g_strdup_printf("%s/%s", dir, name);
    int e;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    if (!z)
        abort();
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, data[i], strlen(data[i]), 0);
        if (!s || zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) < 0)
            abort();
    }
    if (zip_close(z) != 0)
        abort();
    char *r = strdup(path);
    g_free(path);
    return r;
}

static void esc(GString *s, const char *t, size_t n)
{
    char *e = g_markup_escape_text(t, (gssize)n);
    g_string_append(s, e);
    g_free(e);
}

char *zc_fx_docx(const char *dir, const char *name, const char *text, const char *header)
{
    const char *W = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    GString *doc = g_string_new(NULL);
    g_string_append_printf(
        doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document %s><w:body>", W);
    const char *p = text;
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    while (*p) {
        size_t n = strcspn(p, "\n");
        if (n)
            g_ptr_array_add(lines, g_strndup(p, n));
        p += n + (p[n] == '\n');
    }
    for (guint i = 0; i < lines->len; i++) {
        const char *l = lines->pdata[i];
        if (i + 1 == lines->len && lines->len > 1) {
            /* the last paragraph split over two cells of a table row */
            size_t half = zc_utf8_align(l, strlen(l), strlen(l) / 2);
            g_string_append(doc, "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>");
            esc(doc, l, half);
            g_string_append(doc, "</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>");
            esc(doc, l + half, strlen(l + half));
            g_string_append(doc, "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>");
            continue;
        }
        /* a paragraph in two runs, as Word writes them */
        size_t half = zc_utf8_align(l, strlen(l), strlen(l) / 3);
        g_string_append(doc, "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:t>");
        esc(doc, l, half);
        g_string_append(doc, "</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">");
        esc(doc, l + half, strlen(l + half));
        g_string_append(doc, "</w:t></w:r></w:p>");
    }
    g_string_append(doc, "</w:body></w:document>");
    g_ptr_array_free(lines, TRUE);
    GString *hdr = g_string_new(NULL);
    g_string_append_printf(hdr, "<?xml version=\"1.0\"?><w:hdr %s><w:p><w:r><w:t>", W);
    if (header)
        esc(hdr, header, strlen(header));
    g_string_append(hdr, "</w:t></w:r></w:p></w:hdr>");
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                           "word/header1.xml"};
    const char *data[] = {
        "<?xml version=\"1.0\"?><Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override "
        "PartName=\"/word/document.xml\" "
        "ContentType=\"application/"
        "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
        "<?xml version=\"1.0\"?><Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
        "Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
        doc->str, hdr->str};
    char *path = zc_fx_zip(dir, name, names, data, header ? 4 : 3);
    g_string_free(doc, TRUE);
    g_string_free(hdr, TRUE);
    return path;
}

static void ofd_line(GString *s, const char *l, size_t n, double y, unsigned id)
{
    g_string_append_printf(s,
                           "<ofd:TextObject ID=\"%u\" Boundary=\"20 %.1f 170 6\" Font=\"1\" "
                           "Size=\"4\"><ofd:TextCode X=\"0\" Y=\"4\">",
                           id, y);
    esc(s, l, n);
    g_string_append(s, "</ofd:TextCode></ofd:TextObject>");
}

char *zc_fx_ofd(const char *dir, const char *name, const char *text, size_t per_page)
{
    const char *NS = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *data = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(names, g_strdup("OFD.xml"));
    g_ptr_array_add(data,
                    g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD %s "
                                    "Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>"
                                    "<ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/"
                                    "Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
                                    NS));
    GString *pages = g_string_new(NULL), *res = g_string_new(NULL);
    g_string_append_printf(res,
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Res %s "
                           "BaseLoc=\"Res\"><ofd:CompositeGraphicUnits>"
                           "<ofd:CompositeGraphicUnit ID=\"900\" Width=\"210\" "
                           "Height=\"297\"><ofd:Content>",
                           NS);
    const char *p = text;
    unsigned page = 0, id = 1;
    while (*p) {
        GString *c = g_string_new(NULL);
        g_string_append_printf(c,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page %s>"
                               "<ofd:Content><ofd:Layer ID=\"%u\">",
                               NS, id++);
        if (page == 0)
            g_string_append(c, "<ofd:CompositeObject ID=\"901\" Boundary=\"0 0 210 297\" "
                               "ResourceID=\"900\"/>");
        for (size_t k = 0; k < per_page && *p; k++) {
            size_t n = strcspn(p, "\n");
            if (n)
                ofd_line(page == 0 ? res : c, p, n, 20.0 + 8.0 * (double)k, id++);
            p += n + (p[n] == '\n');
        }
        g_string_append(c, "</ofd:Layer></ofd:Content></ofd:Page>");
        g_ptr_array_add(names, g_strdup_printf("Doc_0/Pages/Page_%u/Content.xml", page));
        g_ptr_array_add(data, g_string_free(c, FALSE));
        g_string_append_printf(pages, "<ofd:Page ID=\"%u\" BaseLoc=\"Pages/Page_%u/Content.xml\"/>",
                               id++, page);
        page++;
    }
    g_string_append(res, "</ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits>"
                         "</ofd:Res>");
    g_ptr_array_add(names, g_strdup("Doc_0/Document.xml"));
    g_ptr_array_add(data,
                    g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document %s>"
                                    "<ofd:CommonData><ofd:MaxUnitID>%u</ofd:MaxUnitID>"
                                    "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
                                    "</ofd:CommonData><ofd:Pages>%s</ofd:Pages></ofd:Document>",
                                    NS, id, pages->str));
    g_ptr_array_add(names, g_strdup("Doc_0/DocumentRes.xml"));
    g_ptr_array_add(data, g_string_free(res, FALSE));
    g_string_free(pages, TRUE);
    char *path = zc_fx_zip(dir, name, (const char *const *)names->pdata,
                           (const char *const *)data->pdata, names->len);
    g_ptr_array_free(names, TRUE);
    g_ptr_array_free(data, TRUE);
    return path;
}

char *zc_fx_pdf(const char *dir, const char *name, const char *text, size_t width, size_t per_page,
                const char *head)
{
    char *path = g_strdup_printf("%s/%s", dir, name);
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "WenQuanYi Micro Hei", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 14);
    /* Lines of at most width characters: paragraphs wrapped hard. */
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        size_t at = 0;
        while (at < n) {
            size_t chars = 0, end = at;
            while (end < n && chars < width) {
                uint32_t cp;
                end += zc_utf8_decode(p + end, n - end, &cp);
                chars++;
            }
            g_ptr_array_add(lines, g_strndup(p + at, end - at));
            at = end;
        }
        p += n + (p[n] == '\n');
    }
    unsigned page = 0;
    for (guint i = 0; i < lines->len; i += (guint)per_page) {
        page++;
        if (head) {
            cairo_move_to(cr, 60, 40);
            cairo_show_text(cr, head);
        }
        for (guint k = 0; k < per_page && i + k < lines->len; k++) {
            cairo_move_to(cr, 60, 80 + 22.0 * k);
            cairo_show_text(cr, lines->pdata[i + k]);
        }
        char num[32];
        snprintf(num, sizeof num, "- %u -", page);
        cairo_move_to(cr, 280, 810);
        cairo_show_text(cr, num);
        cairo_show_page(cr);
    }
    g_ptr_array_free(lines, TRUE);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        abort();
    cairo_surface_destroy(s);
    char *r = strdup(path);
    g_free(path);
    return r;
}

static int is_number(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    strtod(s, &end);
    return !*end;
}

static char *col_name(size_t c)
{
    char b[8];
    size_t n = 0;
    c++;
    while (c) {
        b[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    char *r = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        r[i] = b[n - 1 - i];
    r[n] = '\0';
    return r;
}

char *zc_fx_xlsx(const char *dir, const char *name, const char *const *cells, size_t rows,
                 size_t cols, const int *dates)
{
    const char *S = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
    const char *R =
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    GString *sheet = g_string_new(NULL), *sst = g_string_new(NULL);
    g_string_append_printf(sheet, "<?xml version=\"1.0\"?><worksheet %s><sheetData>", S);
    unsigned nsst = 0;
    for (size_t r = 0; r < rows; r++) {
        g_string_append_printf(sheet, "<row r=\"%zu\">", r + 1);
        for (size_t c = 0; c < cols; c++) {
            const char *v = cells[r * cols + c];
            if (!v || !*v)
                continue;
            char *ref = col_name(c);
            if (r > 0 && is_number(v))
                g_string_append_printf(sheet, "<c r=\"%s%zu\"%s><v>%s</v></c>", ref, r + 1,
                                       dates[c] == 1 ? " s=\"1\"" : "", v);
            else {
                g_string_append_printf(sheet, "<c r=\"%s%zu\" t=\"s\"><v>%u</v></c>", ref, r + 1,
                                       nsst++);
                g_string_append(sst, "<si><t>");
                esc(sst, v, strlen(v));
                g_string_append(sst, "</t></si>");
            }
            free(ref);
        }
        g_string_append(sheet, "</row>");
    }
    g_string_append(sheet, "</sheetData></worksheet>");
    char *sst_xml = g_strdup_printf("<?xml version=\"1.0\"?><sst %s count=\"%u\" "
                                    "uniqueCount=\"%u\">%s</sst>",
                                    S, nsst, nsst, sst->str);
    char *wb = g_strdup_printf("<?xml version=\"1.0\"?><workbook %s %s><sheets><sheet "
                               "name=\"政策\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                               S, R);
    const char *names[] = {"[Content_Types].xml",        "xl/workbook.xml",
                           "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                           "xl/sharedStrings.xml",       "xl/styles.xml"};
    const char *data[] = {
        "<?xml version=\"1.0\"?><Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        wb,
        "<?xml version=\"1.0\"?><Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
        "Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
        "Target=\"worksheets/sheet1.xml\"/></Relationships>",
        sheet->str,
        sst_xml,
        "<?xml version=\"1.0\"?><styleSheet "
        "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts "
        "count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d;@\"/></numFmts><cellXfs "
        "count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs>"
        "</styleSheet>"};
    char *path = zc_fx_zip(dir, name, names, data, 6);
    g_string_free(sheet, TRUE);
    g_string_free(sst, TRUE);
    g_free(sst_xml);
    g_free(wb);
    return path;
}

size_t zc_fx_phrases(const char *text, unsigned seed, char **phrases, size_t n)
{
    /* The runs of ideographs (U+4E00..U+9FFF) of text, as byte spans. */
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
    GArray *lens = g_array_new(FALSE, FALSE, sizeof(size_t)); /* characters */
    size_t len = strlen(text), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = zc_utf8_decode(text + i, len - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        if (cp >= 0x4E00 && cp <= 0x9FFF) {
            size_t at = i, chars = 0;
            while (i < len && (k = zc_utf8_decode(text + i, len - i, &cp)) && cp >= 0x4E00 &&
                   cp <= 0x9FFF) {
                i += k;
                chars++;
            }
            if (chars >= 4) {
                g_array_append_val(starts, at);
                g_array_append_val(lens, chars);
            }
            continue;
        }
        i += k;
    }
    size_t got = 0;
    GRand *rng = g_rand_new_with_seed(seed);
    for (size_t t = 0; t < n && starts->len; t++) {
        guint r = (guint)g_rand_int_range(rng, 0, (gint32)starts->len);
        size_t chars = g_array_index(lens, size_t, r);
        size_t want = (size_t)g_rand_int_range(rng, 4, 9);
        if (want > chars)
            want = chars;
        size_t off = (size_t)g_rand_int_range(rng, 0, (gint32)(chars - want + 1));
        const char *s = text + g_array_index(starts, size_t, r) + off * 3; /* 3-byte chars */
        phrases[got++] = g_strndup(s, want * 3);
    }
    g_rand_free(rng);
    g_array_free(starts, TRUE);
    g_array_free(lens, TRUE);
    return got;
}
