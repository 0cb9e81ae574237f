/* Terminal width, display widths, escapes and wrapping for the listing. */
#include "term.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>

int zc_term_columns(FILE *f)
{
    long cols = 0;
    struct winsize ws;
    if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        cols = ws.ws_col;
    const char *env = getenv("COLUMNS");
    if (!cols && env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (!*end && v > 0 && v < 100000)
            cols = v;
    }
    if (!cols)
        cols = 80;
    return cols < ZC_TERM_MIN_COLS ? ZC_TERM_MIN_COLS : (int)cols;
}

int zc_term_escapes(FILE *f)
{
    return isatty(fileno(f));
}

/* Code points a terminal acts on rather than shows, or that turn the text
 * around it: controls, the bidi embeddings, overrides, isolates and marks
 * (a file name with U+202E reads backwards), line and paragraph
 * separators. */
static int escaped_cp(utf8proc_int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int zc_term_char(const char *s, int esc, char buf[ZC_TERM_ESC_MAX], const char **out, size_t *len,
                 size_t *n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    *out = s;
    if (k <= 0) { /* a byte that is not UTF-8: a C1 control to some terminals */
        *n = *len = 1;
        if (!esc)
            return 1;
        *len = (size_t)snprintf(buf, ZC_TERM_ESC_MAX, "\\x%02x", (unsigned char)*s);
        *out = buf;
        return (int)*len;
    }
    *n = *len = (size_t)k;
    if (esc && escaped_cp(cp)) {
        if (cp == '\n' || cp == '\r' || cp == '\t')
            *len = (size_t)snprintf(buf, ZC_TERM_ESC_MAX, "\\%c",
                                    cp == '\n'   ? 'n'
                                    : cp == '\r' ? 'r'
                                                 : 't');
        else if (cp < 0x80)
            *len = (size_t)snprintf(buf, ZC_TERM_ESC_MAX, "\\x%02x", (unsigned)cp);
        else
            *len = (size_t)snprintf(buf, ZC_TERM_ESC_MAX, "\\u%04x", (unsigned)cp);
        *out = buf;
        return (int)*len;
    }
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : w;
}

size_t zc_term_width(const char *s, int esc)
{
    size_t total = 0, n, len;
    char buf[ZC_TERM_ESC_MAX];
    const char *out;
    for (; *s; s += n)
        total += (size_t)zc_term_char(s, esc, buf, &out, &len, &n);
    return total;
}

void zc_term_puts(FILE *f, const char *s, int esc)
{
    if (!esc) {
        fputs(s, f);
        return;
    }
    size_t n, len;
    char buf[ZC_TERM_ESC_MAX];
    const char *out;
    for (; *s; s += n) {
        zc_term_char(s, esc, buf, &out, &len, &n);
        fwrite(out, 1, len, f);
    }
}

void zc_term_put_clipped(FILE *f, const char *s, int cols, int esc)
{
    if (zc_term_width(s, esc) <= (size_t)cols) {
        zc_term_puts(f, s, esc);
        return;
    }
    int used = 0;
    size_t n, len;
    char buf[ZC_TERM_ESC_MAX];
    const char *out;
    for (const char *p = s; *p; p += n) {
        int w = zc_term_char(p, esc, buf, &out, &len, &n);
        if (used + w > cols - 1) /* room for "…" */
            break;
        fwrite(out, 1, len, f);
        used += w;
    }
    fputs("…", f);
}

/* Columns of the first chars characters of s. */
static int span_width(const char *s, size_t chars, int esc)
{
    int w = 0;
    size_t n, len;
    char buf[ZC_TERM_ESC_MAX];
    const char *out;
    for (size_t i = 0; i < chars && *s; i++, s += n)
        w += zc_term_char(s, esc, buf, &out, &len, &n);
    return w;
}

/* Columns a marker takes: none for an escape sequence (colour), else its
 * characters' (the plain "**"). */
static int marker_width(const char *m)
{
    return m[0] == '\033' ? 0 : (int)zc_term_width(m, 0);
}

void zc_term_put_wrapped(FILE *f, const char *s, const size_t *marks, size_t nmarks, int indent,
                         int cols, int esc, const char *on, const char *off)
{
    int width = cols - indent, col = 0;
    const int onw = marker_width(on), offw = marker_width(off);
    size_t ci = 0, k = 0;
    int in_mark = 0;
    fprintf(f, "%*s", indent, "");
    for (const char *p = s; *p;) {
        size_t n, len;
        char buf[ZC_TERM_ESC_MAX];
        const char *out;
        int w = zc_term_char(p, esc, buf, &out, &len, &n);
        /* Room needed on this line: a whole mark with its markers, when it
         * fits on a line (else it is cut like text); inside a mark, room
         * for the closing marker a line break would print. */
        int starts = k < nmarks && marks[2 * k] == ci;
        int need = w + (starts ? onw : 0) + (starts || in_mark ? offw : 0);
        if (starts) {
            int whole = onw + span_width(p, marks[2 * k + 1] - marks[2 * k], esc) + offw;
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
        fwrite(out, 1, len, f);
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
