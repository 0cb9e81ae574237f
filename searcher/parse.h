/* The query language's syntax tree (docs/query.md).
 *
 * The parser works on the query as typed, before normalization, so that
 * operators (OR, AND, NOT) keep their case and error positions count the
 * characters the user wrote. Full-width forms of the syntax characters are
 * accepted: （ ） ： － “ ” ＂ and the ideographic space. The text of leaves
 * is kept as typed; the builder normalizes it like document text. */
#ifndef ZC_SEARCHER_PARSE_H
#define ZC_SEARCHER_PARSE_H

#include <stddef.h>

#include "zhengce.h"

typedef enum zc_qkind {
    ZC_Q_KEYWORD, /* text: an unquoted chunk, matched as written (loose: its
                   * words anywhere) */
    ZC_Q_PHRASE,  /* text: a quoted phrase, matched contiguously */
    ZC_Q_AND,     /* kids: all must match (NOT kids exclude) */
    ZC_Q_OR,      /* kids: any must match */
    ZC_Q_NOT,     /* kids[0]: excluded; only ever a kid of ZC_Q_AND */
    ZC_Q_REGION,  /* text: region:NAME */
    ZC_Q_YEAR,    /* year_lo..year_hi: year:Y, year:Y1..Y2, year:Y1.., year:..Y2
                   * (0 for an open end) */
    ZC_Q_TITLE,   /* text: title:TEXT, must occur in the title contiguously */
    ZC_Q_SOURCE,  /* text: source:PATH, a file or directory indexed from */
    ZC_Q_TYPE,    /* text: type:KIND, the document's kind (政府工作报告, 意见 …) */
    ZC_Q_ISSUER,  /* text: issuer:NAME, the issuing body as stated (国务院) */
    ZC_Q_DOCNO,   /* text: docno:国发〔2025〕3号 or docno:国发2025 (code and year) */
    ZC_Q_DATE     /* text: date:2025-03..2025-06, date:2025-03-05, date:2025.. */
} zc_qkind;

typedef struct zc_qnode {
    zc_qkind kind;
    char *text; /* leaves: UTF-8, as typed, quotes removed; NULL otherwise */
    int year_lo, year_hi;
    int loose;    /* ZC_Q_KEYWORD: written ~keyword, its words may be apart */
    size_t where; /* 0-based character offset in the query where it starts */
    size_t len;   /* its length in characters (for the whole node) */
    struct zc_qnode **kids;
    size_t n;
} zc_qnode;

/* What a query may hold (docs/query.md): bytes as typed, parentheses
 * nested, leaves (keywords, phrases, filters); and what the compiler
 * builds, counted as it builds it: the units (characters) its keywords,
 * phrases and titles search for, synonyms included, each a posting list a
 * match reads; and the phrases searched for on their own (alternatives
 * and exclusions), each checked in every document holding its units. */
#define ZC_QUERY_MAX_BYTES (256u << 10)
#define ZC_QUERY_MAX_DEPTH 64
#define ZC_QUERY_MAX_LEAVES 1000
#define ZC_QUERY_MAX_UNITS 1000
#define ZC_QUERY_MAX_CHECKS 64

/* Parses text (UTF-8) into a tree. The root is always ZC_Q_AND or ZC_Q_OR
 * or a leaf. On malformed input returns ZC_ERR_QUERY with a message that
 * names the problem and its 1-based character position. */
int zc_query_parse(const char *text, zc_qnode **out, zc_error *err);
void zc_qnode_free(zc_qnode *n);

/* A one-line description of the tree for --explain, malloc'd, e.g.
 * AND(KEYWORD"新能源", REGION"江西", NOT(PHRASE"煤炭"), YEAR 2020..2025);
 * a ~keyword is KEYWORD~"…". */
char *zc_qnode_describe(const zc_qnode *n);

#endif
