/* Writing to a terminal: its width, display widths of UTF-8 text (CJK
 * characters take two columns), word wrapping, and escapes for what must
 * not reach a terminal raw. */
#ifndef ZC_CLI_TERM_H
#define ZC_CLI_TERM_H

#include <stddef.h>
#include <stdio.h>

/* The narrowest width text is laid out for: a narrower terminal wraps. */
#define ZC_TERM_MIN_COLS 20

/* Columns to lay out text written to f: the window of the terminal f is,
 * else $COLUMNS, else 80 (at least ZC_TERM_MIN_COLS). */
int zc_term_columns(FILE *f);

/* Whether text written to f is shown escaped: f is a terminal. */
int zc_term_escapes(FILE *f);

/* The character at s as shown: with esc, a C0 or C1 control, a bidi
 * control, a line or paragraph separator, or a byte that is not UTF-8 is
 * shown as an escape ("\x1b", "\n", "\u202e", "\xff") written into
 * buf; otherwise the character's own bytes. Sets *out and *len to what to
 * write and *n to the bytes of s it stands for; returns its columns. */
#define ZC_TERM_ESC_MAX 8
int zc_term_char(const char *s, int esc, char buf[ZC_TERM_ESC_MAX], const char **out, size_t *len,
                 size_t *n);

/* Columns the whole of s takes, shown with esc. */
size_t zc_term_width(const char *s, int esc);

/* Writes s (with esc: escaped as zc_term_char shows it). */
void zc_term_puts(FILE *f, const char *s, int esc);

/* Writes s cut to at most cols columns, ending in "…" when cut. */
void zc_term_put_clipped(FILE *f, const char *s, int cols, int esc);

/* Writes s wrapped at cols columns, each line after indent spaces, with
 * the characters of each mark (nmarks pairs [start, end) of character
 * offsets, in order) between on and off. A mark is never broken by a line
 * end unless it is longer than a line. */
void zc_term_put_wrapped(FILE *f, const char *s, const size_t *marks, size_t nmarks, int indent,
                         int cols, int esc, const char *on, const char *off);

#endif
