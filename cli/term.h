/* Writing to a terminal: display widths of UTF-8 text (CJK characters take
 * two columns) and word wrapping to a width. */
#ifndef ZC_CLI_TERM_H
#define ZC_CLI_TERM_H

#include <stddef.h>
#include <stdio.h>

/* Columns the character at s (n bytes long, UTF-8) takes; sets *n. */
int zc_term_char_width(const char *s, size_t *n);

/* Columns the whole of s takes. */
size_t zc_term_width(const char *s);

/* Writes s cut to at most cols columns, ending in "…" when cut. */
void zc_term_put_clipped(FILE *f, const char *s, int cols);

/* Writes s wrapped at cols columns, each line after indent spaces, with
 * the characters of each mark (nmarks pairs [start, end) of character
 * offsets, in order) between on and off. A mark is never broken by a line
 * end unless it is longer than a line. */
void zc_term_put_wrapped(FILE *f, const char *s, const size_t *marks, size_t nmarks, int indent,
                         int cols, const char *on, const char *off);

#endif
