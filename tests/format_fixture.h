/* Documents in the formats zhengce reads, written at test time from text
 * (tests/test_formats.c): DOCX, OFD and XLSX through libzip, PDF through
 * cairo (with the WenQuanYi Micro Hei font, scripts/deps.sh). */
#ifndef ZC_TESTS_FORMAT_FIXTURE_H
#define ZC_TESTS_FORMAT_FIXTURE_H

#include <stddef.h>

/* A zip of n entries: names[i] holds data[i] (NUL-terminated), deflated.
 * Returns the path (malloc'd). */
char *zc_fx_zip(const char *dir, const char *name, const char *const *names,
                const char *const *data, size_t n);

/* Paragraphs (lines of text) as a DOCX: the body, the last paragraph in a
 * table row of two cells, header in a header part (NULL: none). */
char *zc_fx_docx(const char *dir, const char *name, const char *text, const char *header);

/* Lines of text as an OFD of pages of per_page lines, each line a text
 * object; the lines of the first page drawn from a composite unit in
 * DocumentRes.xml, as some producers keep it. */
char *zc_fx_ofd(const char *dir, const char *name, const char *text, size_t per_page);

/* Text as a PDF: lines of at most width characters, per_page lines a
 * page, each page with the running head head (NULL: none) and its
 * number at the foot. */
char *zc_fx_pdf(const char *dir, const char *name, const char *text, size_t width, size_t per_page,
                const char *head);

/* An XLSX of rows x cols cells (row 0 the header); a cell that is a
 * number is written as one, with date style when dates[col] is 1 and
 * style 0 when dates[col] is 2 (a date serial without a date format). */
char *zc_fx_xlsx(const char *dir, const char *name, const char *const *cells, size_t rows,
                 size_t cols, const int *dates);

/* Runs of 4..8 ideographs, n at most, drawn from text with a fixed seed:
 * phrases[i] malloc'd. Returns how many. */
size_t zc_fx_phrases(const char *text, unsigned seed, char **phrases, size_t n);

#endif
