/* Files in document formats (extract/extract.h) to records: a text
 * document is one record; a workbook is a collection, one record per row
 * when a sheet has a text column (the names of collections' columns, or
 * --text-column), else one per sheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "extract/extract.h"
#include "record.h"

enum { HEADER_ROWS = 20 }; /* rows above the header: titles, notes */

/* The header row of a sheet: the first of its first rows that names a
 * text column; cols[c] the column kind of each cell. -1 if none. */
static long find_header(const zc_sheet *s, const char *text_column, int **cols)
{
    *cols = NULL;
    for (size_t r = 0; r < s->nrows && r < HEADER_ROWS; r++) {
        int has_text = 0;
        for (size_t c = 0; c < s->ncells[r]; c++)
            has_text |= s->rows[r][c] && zc_src_column(s->rows[r][c], text_column) == ZC_COL_TEXT;
        if (!has_text)
            continue;
        *cols = calloc(s->ncells[r] ? s->ncells[r] : 1, sizeof **cols);
        if (!*cols)
            return -2;
        for (size_t c = 0; c < s->ncells[r]; c++)
            (*cols)[c] = s->rows[r][c] ? zc_src_column(s->rows[r][c], text_column) : ZC_COL_NONE;
        return (long)r;
    }
    return -1;
}

/* A date cell that is still a serial (a number without a date style):
 * 20000..80000 is 1954..2119. */
static char *date_value(const char *v)
{
    char *end;
    double d = strtod(v, &end);
    char iso[24];
    if (end != v && !*end && d >= 20000 && d < 80000 && zc_excel_date(d, iso))
        return strdup(iso);
    return strdup(v);
}

static int sheet_rows(const zc_file *f, const zc_sheet *s, size_t nsheets, long header,
                      const int *cols, zc_record_fn fn, void *ctx, zc_error *err)
{
    int rc = ZC_OK;
    size_t hn = s->ncells[header];
    for (size_t r = (size_t)header + 1; rc == ZC_OK && r < s->nrows; r++) {
        char *vals[ZC_NCOLS] = {0};
        for (size_t c = 0; c < s->ncells[r] && c < hn && rc == ZC_OK; c++) {
            int k = cols[c];
            const char *v = s->rows[r][c];
            if (k == ZC_COL_NONE || !v || vals[k])
                continue;
            if (!(vals[k] = k == ZC_COL_DATE ? date_value(v) : strdup(v)))
                rc = zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
        }
        char id[300];
        if (nsheets > 1)
            snprintf(id, sizeof id, "%.200s:%zu", s->name, r + 1);
        else
            snprintf(id, sizeof id, "%zu", r + 1);
        if (rc == ZC_OK)
            rc = zc_src_emit(f, id, vals, fn, ctx, err);
        for (int k = 0; k < ZC_NCOLS; k++)
            free(vals[k]);
    }
    return rc;
}

/* A sheet without a text column: one document, a line per row
 * ("| cell | cell"), which the cleaner keeps as rows. */
static int sheet_document(const zc_file *f, const zc_sheet *s, size_t nsheets, zc_record_fn fn,
                          void *ctx, zc_error *err)
{
    zc_buf b = ZC_BUF_INIT;
    int bad = 0;
    for (size_t r = 0; r < s->nrows; r++) {
        int any = 0;
        for (size_t c = 0; c < s->ncells[r]; c++) {
            if (!s->rows[r][c])
                continue;
            bad |= zc_buf_puts(&b, any ? " | " : "| ") || zc_buf_puts(&b, s->rows[r][c]);
            any = 1;
        }
        if (any)
            bad |= zc_buf_putc(&b, '\n');
    }
    if (bad) {
        zc_buf_free(&b);
        return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
    }
    if (!b.len)
        return ZC_OK; /* an empty sheet */
    char *vals[ZC_NCOLS] = {0};
    vals[ZC_COL_TEXT] = zc_buf_detach(&b);
    if (nsheets == 1) {
        zc_record *r = calloc(1, sizeof *r);
        if (!r || !(r->key = strdup(f->real_path)) || !(r->display = strdup(f->path))) {
            zc_record_free(r);
            free(vals[ZC_COL_TEXT]);
            return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
        }
        r->text = vals[ZC_COL_TEXT];
        r->text_len = strlen(r->text);
        zc_src_name_meta(f->path, r);
        return fn(ctx, r);
    }
    int rc = zc_src_emit(f, s->name, vals, fn, ctx, err);
    free(vals[ZC_COL_TEXT]);
    return rc;
}

static int workbook(const zc_file *f, const zc_extracted *x, const char *text_column,
                    zc_record_fn fn, void *ctx, zc_error *err)
{
    int rc = ZC_OK;
    for (size_t i = 0; rc == ZC_OK && i < x->nsheets; i++) {
        const zc_sheet *s = &x->sheets[i];
        int *cols;
        long header = find_header(s, text_column, &cols);
        if (header == -2)
            rc = zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
        else if (header >= 0)
            rc = sheet_rows(f, s, x->nsheets, header, cols, fn, ctx, err);
        else
            rc = sheet_document(f, s, x->nsheets, fn, ctx, err);
        free(cols);
    }
    return rc;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f')
            return 0;
    return 1;
}

int zc_src_document(const zc_file *f, int fmt, const char *raw, size_t len,
                    const zc_index_options *o, zc_record_fn fn, void *ctx, zc_error *err)
{
    zc_format ff = (zc_format)fmt;
    if (ff == ZC_FMT_ZIP || ff == ZC_FMT_OLE || ff == ZC_FMT_BINARY)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "%s: a %s, not a document (read: PDF, DOCX, DOC, WPS, XLSX, XLS, OFD, "
                          "text)",
                          f->path, zc_format_name(ff));
    zc_extract_opts eo = {f->path, !o || o->ocr != ZC_OCR_OFF, o ? o->ocr_program : NULL};
    zc_extracted x;
    int rc = zc_extract(ff, raw, len, &eo, &x, err);
    if (rc)
        return zc_err_prefix(err, "%s: %s: ", f->path, zc_format_name(ff)), rc;
    if (x.nsheets) {
        rc = workbook(f, &x, o ? o->text_column : NULL, fn, ctx, err);
        zc_extracted_free(&x);
        return rc;
    }
    size_t bad;
    if (!x.text || !zc_utf8_valid(x.text, x.len, &bad))
        rc = zc_err_set(err, ZC_ERR_ENCODING, "%s: %s: text not valid UTF-8 at byte offset %zu",
                        f->path, zc_format_name(ff), x.text ? bad : 0);
    else if (blank(x.text, x.len))
        rc = zc_err_set(err, ZC_ERR_INVALID, "%s: %s without text%s", f->path, zc_format_name(ff),
                        ff == ZC_FMT_PDF ? " (scanned pages, which OCR does not read here)" : "");
    zc_record *r = rc ? NULL : calloc(1, sizeof *r);
    if (!rc && (!r || !(r->key = strdup(f->real_path)) || !(r->display = strdup(f->path)))) {
        zc_record_free(r);
        r = NULL;
        rc = zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
    }
    if (r) {
        r->text = x.text;
        r->text_len = x.len;
        x.text = NULL;
        r->hint_title = x.meta_title;
        r->hint_date = x.meta_created ? x.meta_created : x.meta_modified;
        if (r->hint_date == x.meta_created)
            x.meta_created = NULL;
        else
            x.meta_modified = NULL;
        x.meta_title = NULL;
        zc_src_name_meta(f->path, r);
        rc = fn(ctx, r);
    }
    zc_extracted_free(&x);
    return rc;
}
