/* Cleaning decoded text: characters, blanks, boilerplate lines, captions
 * and hard-wrapped lines (docs/cleaning.md explains every rule). The
 * classifiers of single lines are in clean_lines.c. */
#include "text/clean.h"
#include "common/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/utf8.h"
#include "text/clean_internal.h"

/* ------------------------------------------------------------ characters */

/* Display columns, to measure the width a line was wrapped at. */
static unsigned width_of(uint32_t c)
{
    return (zc_clean_is_cjk(c) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x115F)) ? 2
                                                                                                : 1;
}

/* Marks that end a sentence. */
static int is_final(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x2026 || c == '!' ||
           c == '?' || c == ';' || c == 0xFF0E;
}

/* Closing quotes and brackets: "。”" ends a sentence like "。". */
static int is_closer(uint32_t c)
{
    return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 || c == ')' ||
           c == 0x3011 || c == 0x300B || c == 0x3015 || c == 0x3009 || c == '"' || c == '\'' ||
           c == 0xFF3D || c == ']' || c == 0x3017;
}

/* A line ending in these is in mid-sentence whatever its length. */
static int is_open_end(uint32_t c)
{
    return c == 0xFF0C || c == 0x3001 || c == ',' || c == 0x201C || c == 0x2018 || c == 0x300A ||
           c == 0xFF08 || c == '(' || c == 0x300C || c == 0x300E || c == 0x3008 || c == 0x3010 ||
           c == 0x3014 || c == 0xFF3B;
}

/* Punctuation a heading does not contain. */
static int is_sentence_punct(uint32_t c)
{
    return c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F || c == 0x3001 ||
           c == 0xFF1A || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

static int is_ascii_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* ------------------------------------------------------------ lines */

enum {
    L_FINAL_IN = 1, /* contains 。！？； */
    L_PUNCT = 2,    /* contains sentence punctuation (headings do not) */
    L_DROP = 4,     /* boilerplate to remove */
    L_CAPTION = 8,  /* photo caption: never joined */
    L_MARKER = 16,  /* starts like a heading or list item: nothing joins into it */
    L_MARKUP = 32,  /* Markdown heading or table row: never joined */
    L_PROSE = 64,   /* contains ，。！？；、 (boilerplate does not) */
    L_CAPHINT = 128 /* contains 摄, 图, 记者 or 社发 (every caption does) */
};

/* One non-empty line of the first pass, its text in the output buffer
 * right after the line before it and its "\n" (the passes find it by
 * adding up lengths). 32 bytes: a text of one-character lines has one of
 * these for every two bytes. */
typedef struct line {
    size_t len;
    /* Display columns of the characters kept (blanks do not count: the
     * decisions on a line must not change when it is cleaned again). */
    uint32_t width;
    uint32_t first, last;
    uint32_t core, pre; /* last character that is not a closer, the one before */
    uint8_t flags;
    int8_t boiler;
} line;

typedef struct lines {
    line *v;
    size_t n, cap;
} lines;

static int push_line(lines *ls, const line *l)
{
    if (zc_grow((void **)&ls->v, ls->n, &ls->cap, sizeof *ls->v, 256))
        return ZC_ERR_NOMEM;
    ls->v[ls->n++] = *l;
    return ZC_OK;
}

/* Whether a line ends a sentence: "。", "！”", "." after a word ("3." is a
 * list number). */
static int is_final_line(const line *l)
{
    if (is_final(l->core))
        return 1;
    return l->core == '.' && l->pre && !(l->pre >= '0' && l->pre <= '9');
}

static int is_numeral(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == 0x4E00 || c == 0x4E8C ||
           c == 0x4E09 || c == 0x56DB || c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B ||
           c == 0x4E5D || c == 0x5341 || c == 0x767E || c == 0x96F6 || c == 0x3007;
}

/* Heading and list openings: "一、", "（二）", "3.", "1、", "第五章", "一是",
 * bullets, circled numbers, "【…】", "——", Markdown and HTML. */
static unsigned marker_flags(const char *s, size_t len)
{
    size_t i = 0, n, digits = 0;
    uint32_t c = zc_clean_cp_at(s, len, &n);
    if (c == '#' || c == '|')
        return L_MARKER | L_MARKUP;
    if ((c && c < 0x80 && strchr("*->+[<!`", (int)c)) || (c >= 0x2022 && c <= 0x2023) ||
        c == 0x2014 || c == 0x3010 || c == 0x203B || (c >= 0x2190 && c <= 0x21FF) ||
        (c >= 0x2460 && c <= 0x24FF) || (c >= 0x25A0 && c <= 0x25FF) || c == 0x2605 ||
        c == 0x2606 || c == 0x221A || (c >= 0x2776 && c <= 0x2793) || (c >= 0x3251 && c <= 0x325F))
        return L_MARKER;
    int paren = c == 0xFF08 || c == '(', di = c == 0x7B2C; /* （, 第 */
    if (paren || di)
        i += n;
    while (i < len && digits < 4 && is_numeral(c = zc_clean_cp_at(s + i, len - i, &n))) {
        digits++;
        i += n;
    }
    if (!digits || i >= len)
        return 0;
    c = zc_clean_cp_at(s + i, len - i, &n);
    uint32_t next = i + n < len ? zc_clean_cp_at(s + i + n, len - i - n, &n) : 0;
    if (paren)
        return c == 0xFF09 || c == ')' ? L_MARKER : 0;
    if (di) /* 第…章节条部篇编款 */
        return c == 0x7AE0 || c == 0x8282 || c == 0x6761 || c == 0x90E8 || c == 0x7BC7 ||
                       c == 0x7F16 || c == 0x6B3E
                   ? L_MARKER
                   : 0;
    if (c == 0x3001 || c == 0xFF0E || c == 0xFF09 || c == ')' ||
        (c == '.' && !(next >= '0' && next <= '9')))
        return L_MARKER;
    if (c == 0x662F && !(s[0] >= '0' && s[0] <= '9')) /* 一是, 二是 */
        return L_MARKER;
    return 0;
}

/* Pass 1 state: the line being written. */
typedef struct scanner {
    char *o;
    size_t w;
    size_t start; /* where the current line starts in o */
    line cur;
    int pending, prev_cjk;
} scanner;

/* Appends character c (bytes[0..n)) to the current line. Inlined: it runs
 * for nearly every character. */
static inline __attribute__((always_inline)) void put(scanner *sc, uint32_t c, const char *bytes,
                                                      size_t n, int cjk)
{
    line *cur = &sc->cur;
    if (sc->w > sc->start) {
        /* A blank stays only between two non-CJK characters. */
        if (sc->pending && !cjk && !sc->prev_cjk)
            sc->o[sc->w++] = ' ';
    } else {
        cur->first = c;
    }
    sc->pending = 0;
    for (size_t k = 0; k < n; k++)
        sc->o[sc->w++] = bytes[k];
    sc->prev_cjk = cjk;
    cur->last = c;
    if (cjk && c >= 0x4E00 && c <= 0x9FFF) { /* the common case: a Han character */
        cur->width += 2;
        /* 摄, 图, 记者, 社发: one of them is in every caption */
        if (c == 0x6444 || c == 0x56FE || (c == 0x8005 && cur->core == 0x8BB0) ||
            (c == 0x53D1 && cur->core == 0x793E))
            cur->flags |= L_CAPHINT;
        cur->pre = cur->core;
        cur->core = c;
        return;
    }
    if (c < 0x80) {
        cur->width++;
        if (c != ')' && c != ']' && c != '"' && c != '\'') {
            cur->pre = cur->core;
            cur->core = c;
        }
        if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?')
            cur->flags |= L_PUNCT;
        return;
    }
    cur->width += width_of(c);
    if (!is_closer(c)) {
        cur->pre = cur->core;
        cur->core = c;
    }
    if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B)
        cur->flags |= L_FINAL_IN;
    if (is_sentence_punct(c))
        cur->flags |= L_PUNCT;
    if (c == 0xFF0C || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x3001)
        cur->flags |= L_PROSE;
}

static int end_line(scanner *sc, lines *ls)
{
    if (sc->w > sc->start) {
        sc->o[sc->w++] = '\n';
        sc->cur.len = sc->w - 1 - sc->start;
        if (push_line(ls, &sc->cur))
            return ZC_ERR_NOMEM;
    }
    memset(&sc->cur, 0, sizeof sc->cur);
    sc->start = sc->w;
    sc->pending = 0;
    return ZC_OK;
}

/* Pass 1: characters and blanks. Writes each non-empty line, cleaned and
 * followed by "\n", to out (so the final text, never longer, can be written
 * over it in place) and records it. */
static int scan(const char *in, size_t len, zc_buf *out, lines *ls, zc_error *err)
{
    scanner sc;
    memset(&sc, 0, sizeof sc);
    sc.o = out->data;
    sc.w = sc.start = out->len;
    const unsigned char *u = (const unsigned char *)in;
    for (size_t i = 0; i < len;) {
        uint32_t c = u[i];
        size_t n = 1;
        if (c >= 0x21 && c < 0x7F) { /* printable ASCII */
            put(&sc, c, in + i, 1, 0);
            i++;
            continue;
        }
        if (c >= 0xE0 && c <= 0xEF && len - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            c = (c & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
            n = 3;
            if (c >= 0x4E00 && c <= 0x9FFF) {
                put(&sc, c, in + i, 3, 1);
                i += 3;
                /* Most text is runs of Han characters: copy them here. */
                line *cur = &sc.cur;
                while (len - i >= 3 && u[i] >= 0xE4 && u[i] <= 0xE9 && (u[i + 1] & 0xC0) == 0x80 &&
                       (u[i + 2] & 0xC0) == 0x80) {
                    c = (u[i] & 0x0Fu) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
                    if (c < 0x4E00)
                        break;
                    sc.o[sc.w] = (char)u[i];
                    sc.o[sc.w + 1] = (char)u[i + 1];
                    sc.o[sc.w + 2] = (char)u[i + 2];
                    sc.w += 3;
                    i += 3;
                    cur->width += 2;
                    cur->last = c;
                    if (c == 0x6444 || c == 0x56FE || (c == 0x8005 && cur->core == 0x8BB0) ||
                        (c == 0x53D1 && cur->core == 0x793E))
                        cur->flags |= L_CAPHINT;
                    cur->pre = cur->core;
                    cur->core = c;
                }
                continue;
            }
            if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
                n = 0;
            /* CJK and general punctuation: neither blank, break nor dropped. */
            else if ((c > 0x3000 && c <= 0x33FF) || (c >= 0xFF01 && c <= 0xFFEF) ||
                     (c >= 0x2010 && c <= 0x2027)) {
                put(&sc, c, in + i, 3, zc_clean_is_cjk(c));
                i += 3;
                continue;
            }
        } else if (c >= 0x80) {
            n = zc_utf8_decode(in + i, len - i, &c);
        }
        if (!n)
            return zc_err_set(err, ZC_ERR_ENCODING, "not valid UTF-8 at byte offset %zu", i);
        if (c == '\r' && i + 1 < len && in[i + 1] == '\n')
            n = 2;
        i += n;
        if (zc_is_newline(c)) {
            if (end_line(&sc, ls))
                return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        } else if (zc_is_space(c)) {
            sc.pending = 1;
        } else if (!zc_clean_is_dropped(c)) {
            put(&sc, c, in + i - n, n, zc_clean_is_cjk(c));
        }
    }
    if (end_line(&sc, ls))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    out->len = sc.w;
    return ZC_OK;
}

/* A line of body text: long, with a finished sentence in it. */
static int is_body(const line *l)
{
    return l->width >= 40 && (l->flags & L_FINAL_IN) && !(l->flags & L_CAPTION);
}

/* A breadcrumb separator line: ">", "＞", "›", "»". */
static int is_crumb_sep(const char *s, size_t len)
{
    return (len == 1 && s[0] == '>') || (len == 2 && !memcmp(s, "\xC2\xBB", 2)) ||
           (len == 3 && (!memcmp(s, "\xEF\xBC\x9E", 3) || !memcmp(s, "\xE2\x80\xBA", 3)));
}

/* Whether a line can start like a ZC_BOILER_ANY line: page numbers,
 * 打印本页, 关闭窗口, 返回顶部, 扫一扫…, 分享到微信, 【字号：…】, [打印本页]. */
static int may_be_any(const char *s, size_t len)
{
    size_t n;
    uint32_t c = zc_clean_cp_at(s, len, &n);
    if (c == 0x3010 || c == '[') /* 【, [: look at what is inside */
        c = n < len ? zc_clean_cp_at(s + n, len - n, &n) : 0;
    return c == '-' || c == 0x2014 || c == 0x2013 || c == 0xFF0D || c == 0x7B2C || c == 0x5171 ||
           c == 'P' || c == 'p' || c == 0x6253 || c == 0x5173 || c == 0x8FD4 || c == 0x626B ||
           c == 0x5206 || c == 0x5B57;
}

/* Pass 2: captions, markers, boilerplate. Edge boilerplate goes only
 * before the first and after the last line of body text. The lines are
 * text from base on. */
static void classify(const char *text, size_t base, lines *ls)
{
    size_t first = ls->n, last = 0;
    for (size_t k = 0, off = base; k < ls->n; off += ls->v[k++].len + 1) {
        line *l = &ls->v[k];
        const char *s = text + off;
        l->flags |= marker_flags(s, l->len);
        if ((l->flags & L_CAPHINT) && l->len <= 480 && zc_clean_is_caption(s, l->len))
            l->flags |= L_CAPTION;
        if (is_body(l)) {
            if (first == ls->n)
                first = k;
            last = k;
        }
    }
    for (size_t k = 0, off = base; k < ls->n; off += ls->v[k++].len + 1) {
        line *l = &ls->v[k];
        int edge = k < first || k > last || first == ls->n;
        /* Between body lines only page numbers and a few widgets go: test
         * only lines that can start like them. */
        if (l->len <= 240 && !(l->flags & L_PROSE) && (edge || may_be_any(text + off, l->len)))
            l->boiler = (int8_t)zc_clean_is_boilerplate(text + off, l->len);
    }
    int widget = 0, value_next = 0;
    for (size_t k = 0, off = base, prev = base; k < ls->n; prev = off, off += ls->v[k++].len + 1) {
        line *l = &ls->v[k];
        const char *s = text + off;
        int edge = k < first || k > last || first == ls->n;
        /* "【字号：" "大" "中" "小" "】" on lines of their own. */
        int closing = l->len == 3 && !memcmp(s, "】", 3);
        if (widget && (closing || zc_clean_is_size_word(s, l->len))) {
            l->flags |= L_DROP;
            widget = !closing;
            continue;
        }
        widget = l->boiler && l->len <= 12 &&
                 (zc_clean_starts(s, "【字") || zc_clean_starts(s, "字号") ||
                  zc_clean_starts(s, "字体"));
        if (edge && value_next && l->len <= 60 && !l->boiler && !(l->flags & L_FINAL_IN)) {
            l->flags |= L_DROP; /* the value of a bare key */
            value_next = 0;
            continue;
        }
        /* "首页" ">" "要闻" ">" "…": a short line after a separator. */
        if (edge && k > 0 && is_crumb_sep(text + prev, ls->v[k - 1].len) &&
            zc_utf8_count(s, l->len) <= 10 && !(l->flags & L_PUNCT)) {
            l->flags |= L_DROP;
            continue;
        }
        /* The value goes only with its key: a key that stays (not read as
         * boilerplate, e.g. "：编辑：") would take a line more each round. */
        value_next = edge && l->boiler == ZC_BOILER_EDGE && zc_clean_is_bare_key(s, l->len);
        if (l->boiler == ZC_BOILER_ANY || (l->boiler == ZC_BOILER_EDGE && edge))
            l->flags |= L_DROP;
    }
}

/* Pass 3: the width a document was hard-wrapped at, or 0. Wrapped text
 * has most lines within 15% of one width, with punctuation inside and no
 * sentence end at the end (a list of similar items has neither). */
static unsigned wrap_width(const lines *ls)
{
    enum { MAXW = 1024 };
    static const unsigned minw = 16;
    unsigned *hist = calloc(MAXW + 1, sizeof *hist);
    if (!hist)
        return 0;
    size_t total = 0;
    for (size_t k = 0; k < ls->n; k++) {
        const line *l = &ls->v[k];
        if ((l->flags & (L_DROP | L_CAPTION)) || l->width < minw)
            continue;
        hist[l->width < MAXW ? l->width : MAXW]++;
        total++;
    }
    for (unsigned w = 1; w <= MAXW; w++) /* prefix sums */
        hist[w] += hist[w - 1];
    unsigned best = 0, best_w = 0;
    for (unsigned w = minw; w < MAXW * 100 / 115; w++) {
        unsigned lo = w * 85 / 100, hi = w * 115 / 100;
        unsigned count = hist[hi] - hist[lo - 1];
        if (count > best) {
            best = count;
            best_w = w;
        }
    }
    free(hist);
    if (best < 8 || best * 10 < total * 6 || best_w > 400)
        return 0;
    size_t band = 0, punct = 0, open = 0;
    for (size_t k = 0; k < ls->n; k++) {
        const line *l = &ls->v[k];
        if ((l->flags & (L_DROP | L_CAPTION)) || l->width < best_w * 85 / 100 ||
            l->width > best_w * 115 / 100)
            continue;
        band++;
        punct += (l->flags & L_PUNCT) != 0;
        open += !is_final_line(l);
    }
    if (punct * 10 < band * 3 || open * 2 < band)
        return 0;
    return best_w;
}

/* State of the paragraph being written (the A side of a join). */
typedef struct para {
    const line *last; /* its last line */
    int final_in;     /* a sentence ended somewhere in it */
} para;

/* Whether line b continues the paragraph p (a hard wrap, not a break). */
static int continues(const para *p, const line *b, unsigned wrapw)
{
    const line *a = p->last;
    if ((a->flags & (L_CAPTION | L_MARKUP)) || (b->flags & (L_CAPTION | L_MARKER)))
        return 0;
    if (is_final_line(a) || (a->last && a->last < 0x80 && strchr(">]}|*#`~=_/\\<[", (int)a->last)))
        return 0; /* a sentence end, or markup */
    int wide = wrapw && a->width >= wrapw * 85 / 100;
    uint32_t e = a->core;
    if (e == 0xFF1A || e == ':' || e == 0x2014) /* ：, ——: a paragraph may end */
        return wide;
    if (is_open_end(a->last))
        return 1;
    /* A short line without punctuation is a heading, unless it is wide
     * in wrapped text or ends open (then it joins what follows, so to keep
     * cleaning idempotent it must not stop what precedes). */
    int heading = !(b->flags & L_PUNCT) && b->width <= 80 &&
                  !(wrapw && b->width >= wrapw * 85 / 100) && !is_open_end(b->last);
    if (heading)
        return 0;
    return p->final_in || wide;
}

/* Pass 4: writes the kept lines over the first pass's output, joining
 * wrapped lines. Returns the new end; *changed counts dropped and joined
 * lines. */
static size_t emit(char *text, size_t base, const lines *ls, unsigned wrapw, size_t *changed)
{
    size_t w = base;
    para p = {NULL, 0};
    for (size_t k = 0, off = base; k < ls->n; off += ls->v[k++].len + 1) {
        const line *l = &ls->v[k];
        if (l->flags & L_DROP) {
            ++*changed;
            continue;
        }
        if (p.last && continues(&p, l, wrapw)) {
            ++*changed;
            if (is_ascii_alnum(p.last->last) && is_ascii_alnum(l->first))
                text[w++] = ' ';
        } else {
            if (p.last)
                text[w++] = '\n';
            p.final_in = 0;
        }
        memmove(text + w, text + off, l->len);
        w += l->len;
        p.last = l;
        p.final_in |= (l->flags & L_FINAL_IN) != 0;
    }
    return w;
}

/* One round of cleaning, appending to out. */
static int clean_round(const char *in, size_t len, zc_buf *out, size_t *changed, zc_error *err)
{
    size_t base = out->len;
    if (len > SIZE_MAX - 2 || zc_buf_reserve(out, len + 2))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory cleaning %zu bytes", len);
    lines ls = {NULL, 0, 0};
    int rc = scan(in, len, out, &ls, err);
    if (rc) {
        out->len = base;
        out->data[base] = '\0';
        free(ls.v);
        return rc;
    }
    classify(out->data, base, &ls);
    unsigned wrapw = wrap_width(&ls);
    *changed = 0;
    out->len = emit(out->data, base, &ls, wrapw, changed);
    /* A licence or site footer goes with all that follows it. */
    size_t footer = zc_clean_footer_start(out->data + base, out->len - base);
    if (footer < out->len - base) {
        out->len = base + footer;
        while (out->len > base && out->data[out->len - 1] == '\n')
            out->len--;
        (*changed)++;
    }
    out->data[out->len] = '\0';
    free(ls.v);
    return ZC_OK;
}

/* Rounds after the first, until one changes nothing: dropping and joining
 * lines makes new neighbours and new lines (a joined line may read as
 * boilerplate, a heading may lose its neighbour), and the result must be
 * stable so that cleaning cleaned text changes nothing. A round that drops
 * and joins nothing leaves clean text as it is, since every decision on a
 * line depends on its cleaned characters only. Most texts need one round,
 * texts with wrapped lines or boilerplate two.
 *
 * Every round that changes something has a line fewer, so the rounds end;
 * but a chain of short lines can join one a round (each join makes the
 * line before it wide enough for the next). Rounds go on until the text
 * is stable or, past MIN_ROUNDS, until they have read ROUND_BUDGET bytes:
 * a small text always ends stable, and a large one costs at most
 * MIN_ROUNDS passes. */
#define MIN_ROUNDS 8
#define ROUND_BUDGET ((size_t)64 << 20)

int zc_clean(const char *in, size_t len, zc_buf *out, zc_error *err)
{
    size_t base = out->len, changed = 0, read = len;
    int rc = clean_round(in, len, out, &changed, err);
    zc_buf tmp = ZC_BUF_INIT;
    for (int round = 1; rc == ZC_OK && changed && (round < MIN_ROUNDS || read < ROUND_BUDGET);
         round++) {
        read += out->len - base;
        zc_buf_clear(&tmp);
        if (zc_buf_append(&tmp, out->data + base, out->len - base)) {
            rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory cleaning %zu bytes", len);
            break;
        }
        out->len = base;
        rc = clean_round(tmp.data, tmp.len, out, &changed, err);
    }
    zc_buf_free(&tmp);
    if (rc && out->data) {
        out->len = base;
        out->data[base] = '\0';
    }
    return rc;
}
