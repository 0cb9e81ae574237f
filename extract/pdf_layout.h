/* The layout side of PDF text (internal to extract/): whether a page's
 * text layer is garbage, and the pages joined with their running heads,
 * footers and page numbers dropped. Kept apart from poppler so that it can
 * be tested and fuzzed on text alone. */
#ifndef ZC_EXTRACT_PDF_LAYOUT_H
#define ZC_EXTRACT_PDF_LAYOUT_H

#include <stddef.h>

#include "zhengce.h"

/* 1 when text (a page's text layer, valid UTF-8) is garbage: its
 * characters other than ASCII score under ZC_PLAUS_MIN (plausible.h) over
 * enough evidence, as glyph codes read as Unicode do (`犐犆犛…`), or its
 * ASCII is mostly symbols, as glyph numbers read as ASCII are
 * (`!"#$%&'()*`). *why says which, with the figures (static storage,
 * per thread). */
int zc_pdf_garbage(const char *text, size_t len, const char **why);

typedef struct zc_pdf_pages {
    char **text;
    size_t n, cap;
} zc_pdf_pages;

int zc_pdf_pages_init(zc_pdf_pages *p, size_t hint, zc_error *err);
/* Adds a page's text (copied). */
int zc_pdf_pages_add(zc_pdf_pages *p, const char *text, zc_error *err);
/* The pages joined, one line per line of text: lines that stand first or
 * last (the two nearest the edge) on at least half of the pages (and two),
 * digits aside, are running heads or footers and dropped; so are lines
 * there that are only a page number ("3", "- 3 -", "第3页", "3/13"). */
int zc_pdf_pages_join(zc_pdf_pages *p, char **out, size_t *len, zc_error *err);
void zc_pdf_pages_free(zc_pdf_pages *p);

#endif
