/* The lexer of the query language (docs/query.md): blanks, quotes,
 * parentheses, '-', operators and fields, in their ASCII and full-width
 * forms, with the year syntax checked here so its errors point inside the
 * value. */
#include "parse_lex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/grow.h"
#include "common/utf8.h"

#define END_CP 0x110000u /* past any code point: the end of the query */

typedef zc_qtok tok;

typedef struct lexer {
    const char *s;
    size_t n;
    size_t i, c; /* byte and character offset */
    tok *t;
    size_t nt, cap;
    zc_error *err;
} lexer;

static int is_blank(uint32_t cp)
{
    return zc_is_space(cp) || zc_is_newline(cp);
}
static int is_quote(uint32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0xFF02;
}
static int is_lparen(uint32_t cp)
{
    return cp == '(' || cp == 0xFF08;
}
static int is_rparen(uint32_t cp)
{
    return cp == ')' || cp == 0xFF09;
}
static int is_minus(uint32_t cp)
{
    return cp == '-' || cp == 0xFF0D;
}
static int is_tilde(uint32_t cp)
{
    return cp == '~' || cp == 0xFF5E;
}
static int is_colon(uint32_t cp)
{
    return cp == ':' || cp == 0xFF1A;
}
static int ends_chunk(uint32_t cp)
{
    return cp == END_CP || is_blank(cp) || is_quote(cp) || is_lparen(cp) || is_rparen(cp);
}

/* The code point at byte offset i (the text is valid UTF-8) and its size. */
static uint32_t cp_at(const lexer *L, size_t i, size_t *size)
{
    uint32_t cp;
    if (i >= L->n) {
        *size = 0;
        return END_CP;
    }
    *size = zc_utf8_decode(L->s + i, L->n - i, &cp);
    return cp;
}

static uint32_t peek(const lexer *L, size_t *size)
{
    return cp_at(L, L->i, size);
}

static void step(lexer *L, size_t size)
{
    L->i += size;
    L->c++;
}

static tok *push(lexer *L, zc_qtok_type type, size_t where)
{
    void *arr = L->t;
    if (zc_grow(&arr, L->nt, &L->cap, sizeof *L->t, 64))
        return NULL;
    L->t = arr;
    tok *t = &L->t[L->nt++];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->where = where;
    t->len = 1;
    return t;
}

static int nomem(zc_error *err)
{
    return zc_err_set(err, ZC_ERR_NOMEM, "out of memory parsing the query");
}

/* Reads a quoted text starting at the opening quote; sets the bytes inside. */
static int lex_quoted(lexer *L, size_t *b0, size_t *b1, int *blank)
{
    size_t where = L->c, sz;
    peek(L, &sz); /* the opening quote */
    step(L, sz);
    *b0 = L->i;
    *blank = 1;
    for (;;) {
        uint32_t cp = peek(L, &sz);
        if (cp == END_CP)
            return zc_err_set(L->err, ZC_ERR_QUERY,
                              "unbalanced quote at character %zu of the query: add the "
                              "closing quote",
                              where + 1);
        if (is_quote(cp))
            break;
        if (!is_blank(cp) && !zc_is_zero_width(cp))
            *blank = 0;
        step(L, sz);
    }
    *b1 = L->i;
    step(L, sz);
    return ZC_OK;
}

/* Reads an unquoted chunk: up to a blank, a quote or a parenthesis. */
static void lex_chunk(lexer *L)
{
    size_t sz;
    while (!ends_chunk(peek(L, &sz)))
        step(L, sz);
}

static const struct {
    const char *name;
    zc_qkind kind;
} fields[] = {{"region", ZC_Q_REGION}, {"year", ZC_Q_YEAR}, {"title", ZC_Q_TITLE},
              {"source", ZC_Q_SOURCE}, {"type", ZC_Q_TYPE}, {"issuer", ZC_Q_ISSUER},
              {"docno", ZC_Q_DOCNO},   {"date", ZC_Q_DATE}};

/* If a field name and a colon start at the current position, returns its
 * index in fields[] and skips them; otherwise -1. Names ignore ASCII case. */
static int lex_field_name(lexer *L)
{
    for (int f = 0; f < (int)(sizeof fields / sizeof *fields); f++) {
        size_t k = strlen(fields[f].name), sz;
        if (L->n - L->i <= k)
            continue;
        size_t j = 0;
        while (j < k && (L->s[L->i + j] | 0x20) == fields[f].name[j])
            j++;
        if (j < k || !is_colon(cp_at(L, L->i + k, &sz)))
            continue;
        L->i += k + sz;
        L->c += k + 1;
        return f;
    }
    return -1;
}

/* One year: ASCII or full-width digits, optionally followed by 年. Returns
 * the number of bytes read (0 if none) and the value (-1 if out of range). */
static size_t read_year(const char *s, size_t n, int *year)
{
    size_t i = 0, digits = 0;
    long v = 0;
    for (;;) {
        uint32_t cp;
        size_t sz = i < n ? zc_utf8_decode(s + i, n - i, &cp) : 0;
        if (!sz)
            break;
        if (cp >= '0' && cp <= '9')
            cp -= '0';
        else if (cp >= 0xFF10 && cp <= 0xFF19)
            cp -= 0xFF10;
        else
            break;
        if (++digits <= 6)
            v = v * 10 + (long)cp;
        i += sz;
    }
    if (!digits)
        return 0;
    if (n - i >= 3 && memcmp(s + i, "\xE5\xB9\xB4", 3) == 0) /* 年 */
        i += 3;
    *year = (digits > 6 || v < 1000 || v > 9999) ? -1 : (int)v;
    return i;
}

/* The separator of a range: "..", "．．", "-", "－", "~", "～". Returns its
 * byte length and whether it may leave an end open (only ".." may). */
static size_t read_range_sep(const char *s, size_t n, int *open_ok)
{
    static const char *const seps[] = {
        "..", "\xEF\xBC\x8E\xEF\xBC\x8E", "-", "\xEF\xBC\x8D", "~", "\xEF\xBD\x9E"};
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
        size_t l = strlen(seps[k]);
        if (n >= l && memcmp(s, seps[k], l) == 0) {
            *open_ok = k < 2;
            return l;
        }
    }
    return 0;
}

static int bad_year(lexer *L, const char *s, size_t n, size_t where)
{
    size_t show = n > 40 ? zc_utf8_align(s, n, 40) : n;
    return zc_err_set(L->err, ZC_ERR_QUERY,
                      "bad year '%.*s%s' at character %zu of the query: write year:2025, "
                      "year:2020..2025, year:2020.. or year:..2025",
                      (int)show, s, show < n ? "…" : "", where + 1);
}

static int parse_year(lexer *L, tok *t, size_t value_where)
{
    const char *s = L->s + t->b0;
    size_t n = t->b1 - t->b0;
    int lo = 0, hi = 0, open_ok = 0;
    size_t i = read_year(s, n, &lo);
    size_t sl = i < n ? read_range_sep(s + i, n - i, &open_ok) : 0;
    if (sl) {
        size_t j = read_year(s + i + sl, n - i - sl, &hi);
        if (i == 0 && j == 0 && open_ok)
            return zc_err_set(L->err, ZC_ERR_QUERY,
                              "year range without a year at character %zu of the query: "
                              "write year:2020..2025, year:2020.. or year:..2025",
                              value_where + 1);
        if ((i == 0 || j == 0) && !open_ok) /* "2020-" is no range */
            return bad_year(L, s, n, value_where);
        i += sl + j;
    } else {
        hi = lo;
    }
    if (i == 0 || i != n)
        return bad_year(L, s, n, value_where);
    if (lo < 0 || hi < 0)
        return zc_err_set(L->err, ZC_ERR_QUERY,
                          "year out of range at character %zu of the query: years go from "
                          "1000 to 9999",
                          value_where + 1);
    if (lo && hi && lo > hi)
        return zc_err_set(L->err, ZC_ERR_QUERY,
                          "reversed year range %d..%d at character %zu of the query: write "
                          "year:%d..%d",
                          lo, hi, value_where + 1, hi, lo);
    t->lo = lo;
    t->hi = hi;
    return ZC_OK;
}

/* A document number's chunk: brackets around its year are part of it
 * ("国发(2025)3号", "国发（2025）3号"); a closing one with none open ends it. */
static void lex_docno_chunk(lexer *L)
{
    size_t sz;
    int depth = 0;
    for (uint32_t cp; (cp = peek(L, &sz)) != END_CP && !is_blank(cp) && !is_quote(cp);) {
        if (is_lparen(cp))
            depth++;
        else if (is_rparen(cp) && depth-- == 0)
            break;
        step(L, sz);
    }
}

/* A field: name, colon, then a chunk or a quoted text. */
static int lex_field(lexer *L, int f, size_t where)
{
    const char *name = fields[f].name;
    size_t value_where = L->c, sz, b0, b1;
    uint32_t cp = peek(L, &sz);
    int blank = 0, rc;
    if (is_quote(cp)) {
        if ((rc = lex_quoted(L, &b0, &b1, &blank)))
            return rc;
    } else {
        b0 = L->i;
        if (fields[f].kind == ZC_Q_DOCNO)
            lex_docno_chunk(L);
        else
            lex_chunk(L);
        b1 = L->i;
        blank = b0 == b1;
    }
    if (blank)
        return zc_err_set(L->err, ZC_ERR_QUERY,
                          "empty value for %s: at character %zu of the query: write %s%s%s", name,
                          where + 1, name,
                          f == 0   ? ":江西"
                          : f == 1 ? ":2025"
                          : f == 2 ? ":工作报告"
                                   : ":reports/2024",
                          is_lparen(cp) ? " (a filter takes one value: write (region:江西 OR "
                                          "region:湖南) for several)"
                                        : "");
    tok *t = push(L, ZC_QT_LEAF, where);
    if (!t)
        return nomem(L->err);
    t->kind = fields[f].kind;
    t->b0 = b0;
    t->b1 = b1;
    t->len = L->c - where;
    return t->kind == ZC_Q_YEAR ? parse_year(L, t, value_where) : ZC_OK;
}

static int lex(lexer *L)
{
    int after_minus = 0, rc;
    for (;;) {
        size_t sz, where;
        uint32_t cp = peek(L, &sz);
        if (is_blank(cp) || zc_is_zero_width(cp)) {
            step(L, sz);
            continue;
        }
        where = L->c;
        if (cp == END_CP)
            return push(L, ZC_QT_END, where) ? ZC_OK : nomem(L->err);
        tok *t;
        if (is_lparen(cp) || is_rparen(cp)) {
            if (!push(L, is_lparen(cp) ? ZC_QT_LPAREN : ZC_QT_RPAREN, where))
                return nomem(L->err);
            step(L, sz);
        } else if (is_quote(cp)) {
            size_t b0, b1;
            int blank;
            if ((rc = lex_quoted(L, &b0, &b1, &blank)))
                return rc;
            if (blank)
                return zc_err_set(L->err, ZC_ERR_QUERY,
                                  "empty phrase at character %zu of the query: put the words "
                                  "to find between the quotes",
                                  where + 1);
            if (!(t = push(L, ZC_QT_LEAF, where)))
                return nomem(L->err);
            t->kind = ZC_Q_PHRASE, t->b0 = b0, t->b1 = b1, t->len = L->c - where;
        } else if (is_minus(cp)) {
            /* An exclusion only when glued to what it excludes. */
            size_t nsz;
            uint32_t next = cp_at(L, L->i + sz, &nsz);
            if (next == END_CP || is_blank(next) || zc_is_zero_width(next) || is_rparen(next))
                return zc_err_set(L->err, ZC_ERR_QUERY,
                                  "lone '-' at character %zu of the query: write it right "
                                  "before the word to exclude, e.g. -煤炭",
                                  where + 1);
            if (!push(L, ZC_QT_MINUS, where))
                return nomem(L->err);
            step(L, sz);
            after_minus = 1;
            continue;
        } else if (is_tilde(cp)) {
            /* ~keyword: its words may be apart. */
            size_t nsz;
            uint32_t next = cp_at(L, L->i + sz, &nsz);
            if (ends_chunk(next) || zc_is_zero_width(next))
                return zc_err_set(L->err, ZC_ERR_QUERY,
                                  "lone '~' at character %zu of the query: write it right "
                                  "before a keyword whose words may be apart, e.g. ~新质生产力",
                                  where + 1);
            step(L, sz);
            size_t b0 = L->i;
            lex_chunk(L);
            if (!(t = push(L, ZC_QT_LEAF, where)))
                return nomem(L->err);
            t->kind = ZC_Q_KEYWORD, t->b0 = b0, t->b1 = L->i, t->len = L->c - where;
            t->loose = 1;
        } else {
            int f = lex_field_name(L);
            if (f >= 0) {
                if ((rc = lex_field(L, f, where)))
                    return rc;
            } else {
                size_t b0 = L->i;
                lex_chunk(L);
                size_t bl = L->i - b0;
                zc_qtok_type op = ZC_QT_LEAF;
                /* Operators are uppercase words standing alone; after '-'
                 * they are words to exclude. */
                if (!after_minus && bl == 2 && memcmp(L->s + b0, "OR", 2) == 0)
                    op = ZC_QT_OR;
                else if (!after_minus && bl == 3 && memcmp(L->s + b0, "AND", 3) == 0)
                    op = ZC_QT_AND;
                else if (!after_minus && bl == 3 && memcmp(L->s + b0, "NOT", 3) == 0)
                    op = ZC_QT_NOT;
                if (!(t = push(L, op, where)))
                    return nomem(L->err);
                t->kind = ZC_Q_KEYWORD, t->b0 = b0, t->b1 = L->i, t->len = L->c - where;
            }
        }
        after_minus = 0;
    }
}

int zc_qlex(const char *s, size_t n, zc_qtok **toks, size_t *nt, zc_error *err)
{
    lexer L = {s, n, 0, 0, NULL, 0, 0, err};
    int rc = lex(&L);
    *toks = L.t;
    *nt = L.nt;
    return rc;
}
