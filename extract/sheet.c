/* Workbooks as sheets of cells, the result structure's life, Excel's date
 * serials. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extract.h"
#include "sheet.h"

int zc_sheet_set(zc_sheet *s, size_t row, size_t col, char *value)
{
    if (row >= ZC_SHEET_MAX_ROWS || col >= ZC_SHEET_MAX_COLS) {
        free(value);
        return ZC_ERR_INVALID;
    }
    if (row >= s->nrows) {
        char ***rows = realloc(s->rows, (row + 1) * sizeof *rows);
        if (!rows) {
            free(value);
            return ZC_ERR_NOMEM;
        }
        s->rows = rows;
        size_t *nc = realloc(s->ncells, (row + 1) * sizeof *nc);
        if (!nc) {
            free(value);
            return ZC_ERR_NOMEM;
        }
        s->ncells = nc;
        for (size_t r = s->nrows; r <= row; r++) {
            s->rows[r] = NULL;
            s->ncells[r] = 0;
        }
        s->nrows = row + 1;
    }
    if (col >= s->ncells[row]) {
        char **cells = realloc(s->rows[row], (col + 1) * sizeof *cells);
        if (!cells) {
            free(value);
            return ZC_ERR_NOMEM;
        }
        for (size_t c = s->ncells[row]; c <= col; c++)
            cells[c] = NULL;
        s->rows[row] = cells;
        s->ncells[row] = col + 1;
    }
    free(s->rows[row][col]);
    s->rows[row][col] = value;
    return ZC_OK;
}

zc_sheet *zc_sheet_add(zc_extracted *x, const char *name)
{
    zc_sheet *s = realloc(x->sheets, (x->nsheets + 1) * sizeof *s);
    if (!s)
        return NULL;
    x->sheets = s;
    zc_sheet *n = &s[x->nsheets];
    memset(n, 0, sizeof *n);
    if (!(n->name = strdup(name ? name : "")))
        return NULL;
    x->nsheets++;
    return n;
}

void zc_extracted_free(zc_extracted *x)
{
    if (!x)
        return;
    free(x->text);
    free(x->meta_title);
    free(x->meta_created);
    free(x->meta_modified);
    for (size_t i = 0; i < x->nsheets; i++) {
        zc_sheet *s = &x->sheets[i];
        for (size_t r = 0; r < s->nrows; r++) {
            for (size_t c = 0; c < s->ncells[r]; c++)
                free(s->rows[r][c]);
            free(s->rows[r]);
        }
        free(s->rows);
        free(s->ncells);
        free(s->name);
    }
    free(x->sheets);
    memset(x, 0, sizeof *x);
}

/* A format code that shows a date: y, d (or 年/月/日) outside quotes and
 * brackets. */
int zc_xls_custom_format_is_date(const char *code)
{
    int q = 0, br = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            q = !q;
        else if (!q && *p == '[')
            br = 1;
        else if (!q && *p == ']')
            br = 0;
        else if (!q && !br && *p == '\\' && p[1])
            p++;
        else if (!q && !br && (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D'))
            return 1;
    }
    return 0;
}

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (Hinnant's
 * algorithm), and back. */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int zc_excel_date(double v, char out[24])
{
    out[0] = '\0';
    if (!isfinite(v) || v < 1 || v >= 2958466)
        return 0;
    long days = (long)floor(v);
    double frac = v - (double)days;
    /* Serial 60 is 1900-02-29, which never was; after it, one day less. */
    if (days == 60)
        return 0;
    /* serial 1 = 1900-01-01, 25,568 days before the epoch */
    int y, m, d;
    civil_from_days(days > 60 ? days - 25569 : days - 25568, &y, &m, &d);
    long secs = lround(frac * 86400.0);
    if (secs >= 60 && secs < 86400)
        snprintf(out, 24, "%04d-%02d-%02d %02ld:%02ld", y, m, d, secs / 3600, secs / 60 % 60);
    else
        snprintf(out, 24, "%04d-%02d-%02d", y, m, d);
    return 1;
}
