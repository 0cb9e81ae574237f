/* The lexer of the query language (parse.c): the query as typed becomes
 * tokens that carry character positions, so that every error can point at
 * the character where it is. Internal to the searcher. */
#ifndef ZC_SEARCHER_PARSE_LEX_H
#define ZC_SEARCHER_PARSE_LEX_H

#include <stddef.h>

#include "parse.h"

typedef enum zc_qtok_type {
    ZC_QT_END, /* always the last token */
    ZC_QT_LEAF,
    ZC_QT_LPAREN,
    ZC_QT_RPAREN,
    ZC_QT_OR,
    ZC_QT_AND,
    ZC_QT_NOT,
    ZC_QT_MINUS /* '-' glued to what it excludes */
} zc_qtok_type;

typedef struct zc_qtok {
    zc_qtok_type type;
    zc_qkind kind;     /* ZC_QT_LEAF: KEYWORD, PHRASE, REGION, YEAR or TITLE */
    size_t b0, b1;     /* ZC_QT_LEAF: bytes of the text (quotes, field name removed) */
    int lo, hi;        /* ZC_Q_YEAR: as in zc_qnode */
    size_t where, len; /* characters */
    int loose;         /* ZC_Q_KEYWORD written ~keyword */
} zc_qtok;

/* Splits the valid UTF-8 text s[0..n) into tokens ending with ZC_QT_END
 * (malloc'd array in *toks, count in *nt, both set even on failure: free
 * *toks). Malformed quotes, '-', fields and years are ZC_ERR_QUERY. */
int zc_qlex(const char *s, size_t n, zc_qtok **toks, size_t *nt, zc_error *err);

#endif
