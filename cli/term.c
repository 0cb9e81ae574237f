/* Display widths and wrapping for the terminal listing. */
#include "term.h"

#include <string.h>
#include <utf8proc.h>

int zc_term_char_width(const char *s, size_t *n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    if (k <= 0) {
        *n = 1;
        return 1;
    }
    *n = (size_t)k;
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : w;
}

size_t zc_term_width(const char *s)
{
    size_t total = 0;
    for (size_t n; *s; s += n)
        total += (size_t)zc_term_char_width(s, &n);
    return total;
}

void zc_term_put_clipped(FILE *f, const char *s, int cols)
{
    int used = 0;
    if (zc_term_width(s) <= (size_t)cols) {
        fputs(s, f);
        return;
    }
    for (const char *p = s; *p;) {
        size_t n;
        int w = zc_term_char_width(p, &n);
        if (used + w > cols - 1) /* room for "…" */
            break;
        fwrite(p, 1, n, f);
        used += w;
        p += n;
    }
    fputs("…", f);
}

/* Columns of the first chars characters of s. */
static int span_width(const char *s, size_t chars)
{
    int w = 0;
    for (size_t i = 0; i < chars && *s; i++) {
        size_t n;
        w += zc_term_char_width(s, &n);
        s += n;
    }
    return w;
}

/* Columns a marker takes: none for an escape sequence (colour), else its
 * characters' (the plain "**"). */
static int marker_width(const char *m)
{
    if (m[0] == '\033')
        return 0;
    int w = 0;
    for (size_t n; *m; m += n)
        w += zc_term_char_width(m, &n);
    return w;
}

void zc_term_put_wrapped(FILE *f, const char *s, const size_t *marks, size_t nmarks, int indent,
                         int cols, const char *on, const char *off)
{
    int width = cols - indent, col = 0;
    const int onw = marker_width(on), offw = marker_width(off);
    size_t ci = 0, k = 0;
    int in_mark = 0;
    fprintf(f, "%*s", indent, "");
    for (const char *p = s; *p;) {
        size_t n;
        int w = zc_term_char_width(p, &n);
        /* Room needed on this line: a whole mark with its markers, when it
         * fits on a line (else it is cut like text); inside a mark, room
         * for the closing marker a line break would print. */
        int starts = k < nmarks && marks[2 * k] == ci;
        int need = w + (starts ? onw : 0) + (starts || in_mark ? offw : 0);
        if (starts) {
            int whole = onw + span_width(p, marks[2 * k + 1] - marks[2 * k]) + offw;
            if (whole <= width)
                need = whole;
        }
        if (col > 0 && col + need > width) {
            if (in_mark)
                fputs(off, f);
            fprintf(f, "\n%*s", indent, "");
            col = 0;
            if (in_mark) {
                fputs(on, f);
                col = onw;
            }
            if (*p == ' ') { /* no blank at the start of a line */
                p += n;
                ci++;
                continue;
            }
        }
        if (starts) {
            fputs(on, f);
            col += onw;
            in_mark = 1;
        }
        fwrite(p, 1, n, f);
        col += w;
        p += n;
        ci++;
        if (in_mark && ci == marks[2 * k + 1]) {
            fputs(off, f);
            col += offw;
            in_mark = 0;
            k++;
        }
    }
    if (in_mark)
        fputs(off, f);
    fputc('\n', f);
}
