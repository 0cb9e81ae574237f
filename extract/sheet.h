/* Building the sheets of a workbook (internal to extract/). */
#ifndef ZC_EXTRACT_SHEET_H
#define ZC_EXTRACT_SHEET_H

#include "extract.h"

/* Bounds of a sheet read (Excel's own: 1,048,576 rows, 16,384 columns). */
#define ZC_SHEET_MAX_ROWS ((size_t)1 << 20)
#define ZC_SHEET_MAX_COLS ((size_t)1 << 14)

/* Stores value (taken over; NULL clears) at row, col, growing the sheet.
 * ZC_ERR_INVALID past the bounds, ZC_ERR_NOMEM. */
int zc_sheet_set(zc_sheet *s, size_t row, size_t col, char *value);
/* A new empty sheet at the end of x->sheets (NULL: out of memory). The
 * pointer is valid until the next zc_sheet_add. */
zc_sheet *zc_sheet_add(zc_extracted *x, const char *name);

/* 1 when an Excel number format code shows a date. */
int zc_xls_custom_format_is_date(const char *code);

#endif
