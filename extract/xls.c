/* XLS (BIFF8, Excel 97 and later): libgsf opens the OLE2 container; the
 * Workbook stream's records are read here: the sheets (BOUNDSHEET), the
 * shared strings (SST and its CONTINUE records), cell values (LABELSST,
 * LABEL, NUMBER, RK, MULRK, FORMULA results with STRING) and, through XF
 * and FORMAT records, which numbers are dates. Older BIFF versions and
 * encrypted workbooks are refused by name. No Debian library reads BIFF
 * (libgsf stops at the container). */
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/utf8.h"
#include "extract.h"
#include "sheet.h"

enum {
    R_FORMULA = 0x0006,
    R_EOF = 0x000A,
    R_FILEPASS = 0x002F,
    R_CONTINUE = 0x003C,
    R_BOUNDSHEET = 0x0085,
    R_MULRK = 0x00BD,
    R_XF = 0x00E0,
    R_SST = 0x00FC,
    R_LABELSST = 0x00FD,
    R_NUMBER = 0x0203,
    R_LABEL = 0x0204,
    R_STRING = 0x0207,
    R_RK = 0x027E,
    R_FORMAT = 0x041E,
    R_BOF = 0x0809
};

static unsigned u16(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8;
}
static unsigned long u32(const unsigned char *p)
{
    return u16(p) | (unsigned long)u16(p + 2) << 16;
}

/* A record with its CONTINUE records: data and where each part ends. */
typedef struct rec {
    unsigned type;
    const unsigned char *d; /* the first part */
    size_t n;
    unsigned char *joined; /* all parts, when there are CONTINUEs */
    size_t *ends;
    size_t nends;
} rec;

typedef struct cursor {
    const unsigned char *d;
    size_t n, at;
    const size_t *ends; /* part boundaries (a new flags byte follows) */
    size_t nends;
} cursor;

/* Appends cch characters (compressed Latin-1 or UTF-16LE per flags,
 * switching at part boundaries) as UTF-8. 0 when the data ends early. */
static int read_chars(cursor *c, size_t cch, int wide, zc_buf *b)
{
    size_t part = 0;
    while (part < c->nends && c->ends[part] <= c->at)
        part++;
    for (size_t k = 0; k < cch; k++) {
        if (part < c->nends && c->at == c->ends[part]) {
            if (c->at >= c->n)
                return 0;
            wide = c->d[c->at++] & 1; /* the continued string's flags */
            part++;
        }
        uint32_t cp;
        if (wide) {
            if (c->at + 2 > c->n)
                return 0;
            cp = u16(c->d + c->at);
            c->at += 2;
            if (cp >= 0xD800 && cp < 0xDC00 && c->at + 2 <= c->n && u16(c->d + c->at) >= 0xDC00 &&
                u16(c->d + c->at) < 0xE000 && k + 1 < cch) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (u16(c->d + c->at) - 0xDC00);
                c->at += 2;
                k++;
            }
        } else {
            if (c->at >= c->n)
                return 0;
            cp = c->d[c->at++];
        }
        if ((cp >= 0xD800 && cp < 0xE000) || cp == 0)
            cp = 0xFFFD;
        char u[4];
        size_t m = zc_utf8_encode(cp, u);
        if (zc_buf_append(b, u, m))
            return 0;
    }
    return 1;
}

/* An XLUnicodeRichExtendedString (cch of 1 or 2 bytes); NULL when short. */
static char *read_string(cursor *c, int cch_bytes)
{
    if (c->at + (size_t)cch_bytes + 1 > c->n)
        return NULL;
    size_t cch = cch_bytes == 1 ? c->d[c->at] : u16(c->d + c->at);
    c->at += (size_t)cch_bytes;
    unsigned flags = c->d[c->at++];
    size_t runs = 0, ext = 0;
    if (flags & 8) {
        if (c->at + 2 > c->n)
            return NULL;
        runs = u16(c->d + c->at);
        c->at += 2;
    }
    if (flags & 4) {
        if (c->at + 4 > c->n)
            return NULL;
        ext = u32(c->d + c->at);
        c->at += 4;
    }
    zc_buf b = ZC_BUF_INIT;
    if (!read_chars(c, cch, flags & 1, &b)) {
        zc_buf_free(&b);
        return NULL;
    }
    c->at += runs * 4 + ext;
    return zc_buf_detach(&b);
}

typedef struct xls {
    const unsigned char *d;
    size_t n, at;
    char **sst;
    size_t nsst;
    unsigned *xf_fmt; /* format of each XF */
    size_t nxf;
    GHashTable *date_fmts; /* custom format ids (+1) that show dates */
} xls;

/* The next record (with its CONTINUEs); 0 at the end. */
static int next(xls *x, rec *r)
{
    free(r->joined);
    free(r->ends);
    memset(r, 0, sizeof *r);
    if (x->at + 4 > x->n)
        return 0;
    r->type = u16(x->d + x->at);
    size_t len = u16(x->d + x->at + 2);
    if (x->at + 4 + len > x->n)
        return 0;
    r->d = x->d + x->at + 4;
    r->n = len;
    x->at += 4 + len;
    if (r->type != R_SST)
        return 1;
    zc_buf b = ZC_BUF_INIT;
    zc_buf_append(&b, r->d, r->n);
    while (x->at + 4 <= x->n && u16(x->d + x->at) == R_CONTINUE) {
        size_t cl = u16(x->d + x->at + 2);
        if (x->at + 4 + cl > x->n)
            break;
        size_t *e = realloc(r->ends, (r->nends + 1) * sizeof *e);
        if (!e)
            break;
        r->ends = e;
        r->ends[r->nends++] = b.len;
        zc_buf_append(&b, x->d + x->at + 4, cl);
        x->at += 4 + cl;
    }
    size_t total = b.len;
    r->joined = (unsigned char *)zc_buf_detach(&b);
    r->d = r->joined;
    r->n = r->d ? total : 0;
    return 1;
}

static void rec_free(rec *r)
{
    free(r->joined);
    free(r->ends);
    memset(r, 0, sizeof *r);
}

/* An RK number: a 30-bit integer or the top of a double, maybe / 100. */
static double rk_value(unsigned long rk)
{
    double v;
    if (rk & 2) {
        v = (double)(int32_t)(rk & 0xFFFFFFFCu) / 4.0;
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return rk & 1 ? v / 100.0 : v;
}

static int is_date_xf(const xls *x, unsigned xf)
{
    if (xf >= x->nxf)
        return 0;
    unsigned f = x->xf_fmt[xf];
    return (f >= 14 && f <= 17) || f == 22 || (f >= 27 && f <= 36) || (f >= 50 && f <= 58) ||
           g_hash_table_contains(x->date_fmts, GUINT_TO_POINTER(f + 1));
}

static char *number_text(const xls *x, unsigned xf, double v)
{
    char s[40];
    if (is_date_xf(x, xf) && zc_excel_date(v, s))
        return strdup(s);
    if (!isfinite(v))
        return NULL;
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(s, sizeof s, "%.0f", v);
    else
        snprintf(s, sizeof s, "%.15g", v);
    return strdup(s);
}

static void read_sst(xls *x, const rec *r)
{
    if (r->n < 8 || x->sst)
        return;
    size_t unique = u32(r->d + 4);
    if (unique > r->n) /* each string takes at least a byte */
        unique = r->n;
    x->sst = calloc(unique ? unique : 1, sizeof *x->sst);
    if (!x->sst)
        return;
    cursor c = {r->d, r->n, 8, r->ends, r->nends};
    for (size_t i = 0; i < unique; i++) {
        char *s = read_string(&c, 2);
        if (!s)
            break;
        x->sst[x->nsst++] = s;
    }
}

static void read_format(xls *x, const rec *r)
{
    if (r->n < 5)
        return;
    unsigned id = u16(r->d);
    cursor c = {r->d, r->n, 2, NULL, 0};
    char *code = read_string(&c, 2);
    if (code && zc_xls_custom_format_is_date(code))
        g_hash_table_add(x->date_fmts, GUINT_TO_POINTER(id + 1));
    free(code);
}

static int cell(zc_sheet *s, const unsigned char *d, char *v)
{
    return v ? zc_sheet_set(s, u16(d), u16(d + 2), v) : ZC_OK;
}

static int read_cells(xls *x, zc_sheet *s, size_t at, zc_error *err)
{
    x->at = at;
    rec r = {0};
    int rc = ZC_OK, pending_row = -1, pending_col = -1;
    if (!next(x, &r) || r.type != R_BOF) {
        rec_free(&r);
        return ZC_OK; /* a sheet that is not there: empty */
    }
    while (rc == ZC_OK && next(x, &r) && r.type != R_EOF) {
        const unsigned char *d = r.d;
        if (r.type == R_LABELSST && r.n >= 10) {
            unsigned long i = u32(d + 6);
            rc = cell(s, d, i < x->nsst && x->sst[i] && *x->sst[i] ? strdup(x->sst[i]) : NULL);
        } else if (r.type == R_LABEL && r.n >= 9) {
            cursor c = {d, r.n, 6, NULL, 0};
            rc = cell(s, d, read_string(&c, 2));
        } else if (r.type == R_NUMBER && r.n >= 14) {
            double v;
            memcpy(&v, d + 6, 8);
            rc = cell(s, d, number_text(x, u16(d + 4), v));
        } else if (r.type == R_RK && r.n >= 10) {
            rc = cell(s, d, number_text(x, u16(d + 4), rk_value(u32(d + 6))));
        } else if (r.type == R_MULRK && r.n >= 6) {
            unsigned row = u16(d), col = u16(d + 2);
            for (size_t k = 4; rc == ZC_OK && k + 6 <= r.n - 2; k += 6, col++) {
                char *v = number_text(x, u16(d + k), rk_value(u32(d + k + 2)));
                if (v)
                    rc = zc_sheet_set(s, row, col, v);
            }
        } else if (r.type == R_FORMULA && r.n >= 14) {
            if (u16(d + 12) == 0xFFFF && d[6] == 0) { /* a string: in the next STRING */
                pending_row = (int)u16(d);
                pending_col = (int)u16(d + 2);
            } else if (u16(d + 12) != 0xFFFF) {
                double v;
                memcpy(&v, d + 6, 8);
                rc = cell(s, d, number_text(x, u16(d + 4), v));
            }
        } else if (r.type == R_STRING && pending_row >= 0 && r.n >= 3) {
            cursor c = {d, r.n, 0, NULL, 0};
            char *v = read_string(&c, 2);
            if (v)
                rc = zc_sheet_set(s, (size_t)pending_row, (size_t)pending_col, v);
            pending_row = -1;
        }
    }
    rec_free(&r);
    if (rc == ZC_ERR_INVALID)
        return zc_err_set(err, rc, "sheet '%s' past %zu rows or %zu columns", s->name,
                          ZC_SHEET_MAX_ROWS, ZC_SHEET_MAX_COLS);
    if (rc)
        return zc_err_set(err, rc, "out of memory reading sheet '%s'", s->name);
    return ZC_OK;
}

static int read_workbook(xls *x, zc_extracted *out, zc_error *err)
{
    rec r = {0};
    if (!next(x, &r) || r.type != R_BOF || r.n < 4 || u16(r.d) != 0x0600) {
        rec_free(&r);
        return zc_err_set(err, ZC_ERR_INVALID,
                          "not a BIFF8 workbook (Excel 97 or later); older Excel files are "
                          "not read");
    }
    GArray *offsets = g_array_new(FALSE, FALSE, sizeof(size_t));
    int rc = ZC_OK;
    while (rc == ZC_OK && next(x, &r) && r.type != R_EOF) {
        if (r.type == R_FILEPASS) {
            rc = zc_err_set(err, ZC_ERR_INVALID, "encrypted workbook (a password is needed)");
        } else if (r.type == R_SST) {
            read_sst(x, &r);
        } else if (r.type == R_FORMAT) {
            read_format(x, &r);
        } else if (r.type == R_XF && r.n >= 4) {
            unsigned *f = realloc(x->xf_fmt, (x->nxf + 1) * sizeof *f);
            if (f) {
                x->xf_fmt = f;
                x->xf_fmt[x->nxf++] = u16(r.d + 2);
            }
        } else if (r.type == R_BOUNDSHEET && r.n >= 8) {
            if (r.d[5] != 0) /* charts, macros: no cells */
                continue;
            cursor c = {r.d, r.n, 6, NULL, 0};
            char *name = read_string(&c, 1);
            size_t off = u32(r.d);
            zc_sheet *s = zc_sheet_add(out, name ? name : "");
            free(name);
            if (!s)
                rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
            else
                g_array_append_val(offsets, off);
        }
    }
    rec_free(&r);
    for (size_t i = 0; rc == ZC_OK && i < out->nsheets; i++)
        rc = read_cells(x, &out->sheets[i], g_array_index(offsets, size_t, i), err);
    if (rc == ZC_OK && out->nsheets == 0)
        rc = zc_err_set(err, ZC_ERR_INVALID, "workbook without sheets");
    g_array_free(offsets, TRUE);
    return rc;
}

int zc_extract_xls(const char *data, size_t len, zc_extracted *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    GsfInput *in = gsf_input_memory_new((const guint8 *)data, (gsf_off_t)len, FALSE);
    GsfInfile *ole = in ? gsf_infile_msole_new(in, NULL) : NULL;
    GsfInput *wb = NULL;
    if (ole && !(wb = gsf_infile_child_by_name(ole, "Workbook")))
        wb = gsf_infile_child_by_name(ole, "Book");
    int rc = ZC_OK;
    gsf_off_t size = wb ? gsf_input_size(wb) : 0;
    const guint8 *bytes = NULL;
    if (!wb)
        rc = zc_err_set(err, ZC_ERR_INVALID, "damaged OLE2 container (no Workbook stream)");
    else if (size <= 0 || (uint64_t)size > ZC_ZIP_MAX_ENTRY)
        rc = zc_err_set(err, ZC_ERR_INVALID, "Workbook stream of %lld bytes", (long long)size);
    else if (!(bytes = gsf_input_read(wb, (size_t)size, NULL)))
        rc = zc_err_set(err, ZC_ERR_INVALID, "damaged OLE2 container (Workbook stream unreadable)");
    if (rc == ZC_OK) {
        xls x = {bytes, (size_t)size, 0, NULL,
                 0,     NULL,         0, g_hash_table_new(g_direct_hash, g_direct_equal)};
        rc = read_workbook(&x, out, err);
        for (size_t i = 0; i < x.nsst; i++)
            free(x.sst[i]);
        free(x.sst);
        free(x.xf_fmt);
        g_hash_table_destroy(x.date_fmts);
    }
    if (wb)
        g_object_unref(wb);
    if (ole)
        g_object_unref(ole);
    if (in)
        g_object_unref(in);
    if (rc)
        zc_extracted_free(out);
    return rc;
}
