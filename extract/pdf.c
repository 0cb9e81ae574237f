/* PDF through poppler-glib: each page's text in reading order; lines that
 * repeat at the top or bottom of pages (running heads, footers) and page
 * numbers dropped (pdf_layout.c); a page whose text layer is garbage
 * (fonts without a usable ToUnicode map) read by OCR when tesseract is
 * there, else an error naming the page. */
#include <cairo.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/err.h"
#include "extract.h"
#include "pdf_layout.h"
#include "spawn.h"

/* 200 dpi reads body text as well as 300 at a third of the time. */
enum { OCR_DPI = 200, OCR_TIMEOUT_S = 300 };

static cairo_status_t png_sink(void *ctx, const unsigned char *data, unsigned int len)
{
    return zc_buf_append(ctx, data, len) ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

/* The page rendered and read by tesseract (Simplified Chinese and
 * English). */
static int ocr_page(PopplerPage *page, unsigned no, const zc_extract_opts *o, char **text,
                    zc_error *err)
{
    *text = NULL;
    double w, h;
    poppler_page_get_size(page, &w, &h);
    double scale = OCR_DPI / 72.0;
    if (w <= 0 || h <= 0 || w * scale > 20000 || h * scale > 20000)
        return zc_err_set(err, ZC_ERR_INVALID, "page %u: size %.0fx%.0f pt cannot be rendered", no,
                          w, h);
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * scale), (int)(h * scale));
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render_for_printing(page, cr);
    cairo_destroy(cr);
    zc_buf png = ZC_BUF_INIT;
    int rc = ZC_OK;
    if (cairo_surface_write_to_png_stream(s, png_sink, &png) != CAIRO_STATUS_SUCCESS)
        rc = zc_err_set(err, ZC_ERR_NOMEM, "page %u: cannot render for OCR", no);
    cairo_surface_destroy(s);
    if (rc == ZC_OK) {
        const char *prog = o->tesseract ? o->tesseract : "/usr/bin/tesseract";
        const char *argv[] = {prog, "stdin", "stdout", "-l", "chi_sim", "--psm", "3", NULL};
        size_t n;
        rc = zc_spawn(argv, png.data, png.len, OCR_TIMEOUT_S, (size_t)16 << 20, text, &n, err);
        if (rc == ZC_ERR_NOT_FOUND)
            zc_err_set(err, rc,
                       "page %u: OCR: %s is not installed (Debian: tesseract-ocr "
                       "tesseract-ocr-chi-sim; with OCR off such a file is reported, not read)",
                       no, prog);
        else if (rc)
            zc_err_prefix(err, "page %u: OCR: ", no);
    }
    zc_buf_free(&png);
    return rc;
}

static char *iso_date(time_t t)
{
    if (t <= 0)
        return NULL;
    struct tm tm;
    char s[16];
    if (!gmtime_r(&t, &tm) || !strftime(s, sizeof s, "%Y-%m-%d", &tm))
        return NULL;
    return strdup(s);
}

static void metadata(PopplerDocument *doc, zc_extracted *out)
{
    gchar *title = poppler_document_get_title(doc);
    if (title && *title)
        out->meta_title = strdup(title);
    g_free(title);
    out->meta_created = iso_date(poppler_document_get_creation_date(doc));
    out->meta_modified = iso_date(poppler_document_get_modification_date(doc));
}

static int open_doc(const char *data, size_t len, GBytes **bytes, PopplerDocument **doc,
                    zc_error *err)
{
    *bytes = g_bytes_new_static(data, len);
    GError *ge = NULL;
    *doc = poppler_document_new_from_bytes(*bytes, NULL, &ge);
    if (*doc)
        return ZC_OK;
    int rc;
    if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED)
        rc = zc_err_set(err, ZC_ERR_INVALID, "encrypted PDF (a password is needed to read it)");
    else
        rc = zc_err_set(err, ZC_ERR_INVALID, "damaged PDF: %s",
                        ge && ge->message ? ge->message : "poppler cannot open it");
    g_clear_error(&ge);
    g_bytes_unref(*bytes);
    *bytes = NULL;
    return rc;
}

int zc_extract_pdf(const char *data, size_t len, const zc_extract_opts *o, zc_extracted *out,
                   zc_error *err)
{
    memset(out, 0, sizeof *out);
    GBytes *bytes;
    PopplerDocument *doc;
    int rc = open_doc(data, len, &bytes, &doc, err);
    if (rc)
        return rc;
    int n = poppler_document_get_n_pages(doc);
    zc_pdf_pages pages = {0};
    rc = zc_pdf_pages_init(&pages, n > 0 ? (size_t)n : 0, err);
    /* First every page's text layer and whether it is garbage. Fonts are
     * the document's: when a quarter of the pages or more are garbage, the
     * other pages' text, in the same fonts, is not trusted either. */
    char **text = g_new0(char *, n > 0 ? n : 1);
    unsigned char *bad = g_new0(unsigned char, n > 0 ? n : 1);
    unsigned garbled = 0, first_garbled = 0;
    char first_why[160] = "";
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        text[i] = page ? poppler_page_get_text(page) : NULL;
        const char *why = NULL;
        if (text[i] && zc_pdf_garbage(text[i], strlen(text[i]), &why)) {
            bad[i] = 1;
            if (!garbled++) {
                first_garbled = (unsigned)i + 1;
                snprintf(first_why, sizeof first_why, "%s", why);
            }
        }
        if (page)
            g_object_unref(page);
    }
    int whole = garbled && garbled * 4 >= (unsigned)n;
    if (rc == ZC_OK && garbled && !o->ocr)
        rc = zc_err_set(err, ZC_ERR_ENCODING,
                        "text layer of %u of %d pages is garbage (first: page %u, %s; fonts "
                        "without a usable ToUnicode map) and OCR is off",
                        garbled, n, first_garbled, first_why);
    for (int i = 0; rc == ZC_OK && i < n; i++) {
        if (bad[i] || whole) {
            PopplerPage *page = poppler_document_get_page(doc, i);
            char *read = NULL;
            rc = page ? ocr_page(page, (unsigned)i + 1, o, &read, err)
                      : zc_err_set(err, ZC_ERR_INVALID, "page %d cannot be read", i + 1);
            if (rc)
                zc_err_prefix(err, "text layer of %u of %d pages is garbage (first: page %u, %s); ",
                              garbled, n, first_garbled, first_why);
            else
                out->ocr_pages++;
            if (page)
                g_object_unref(page);
            g_free(text[i]);
            text[i] = read ? g_strdup(read) : NULL;
            free(read);
        }
        if (rc == ZC_OK)
            rc = zc_pdf_pages_add(&pages, text[i] ? text[i] : "", err);
    }
    for (int i = 0; i < n; i++)
        g_free(text[i]);
    g_free(text);
    g_free(bad);
    if (rc == ZC_OK) {
        metadata(doc, out);
        out->pages = (unsigned)n;
        rc = zc_pdf_pages_join(&pages, &out->text, &out->len, err);
    }
    zc_pdf_pages_free(&pages);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    if (rc)
        zc_extracted_free(out);
    return rc;
}
