/*
 * zhengce — the research tools of the public C API (docs/api.md), part of
 * include/zhengce.h, which includes this header: a program includes
 * zhengce.h.
 */
#ifndef ZHENGCE_RESEARCH_H
#define ZHENGCE_RESEARCH_H

#include "zhengce.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --------------------------------------------------------------- research */

/* The research tools (docs/api.md): how often a query occurs, by year,
 * region or kind (zc_trend); every occurrence in its context (zc_kwic);
 * the documents most like one (zc_similar); the words and phrases that set
 * one apart (zc_keywords). An occurrence is a place in a document's
 * cleaned text where a keyword or phrase of the query matches as search
 * matches it: as written, a synonym's forms too unless synonyms is 0,
 * Latin letters and digits as whole runs, never across a line break;
 * overlapping places count apart ("哈哈" twice in "哈哈哈"). Only the
 * documents the query matches are read. */

typedef enum zc_trend_by {
    ZC_TREND_BY_YEAR = 0,        /* the document's year */
    ZC_TREND_BY_REGION = 1,      /* its province (全国 for national documents) */
    ZC_TREND_BY_YEAR_REGION = 2, /* both */
    ZC_TREND_BY_TYPE = 3         /* its kind (政府工作报告, 意见 …) */
} zc_trend_by;

typedef enum zc_kwic_sort {
    ZC_KWIC_SORT_DOCUMENT = 0, /* documents in index order, occurrences in text order */
    ZC_KWIC_SORT_LEFT = 1,     /* by the left context read leftwards from the match */
    ZC_KWIC_SORT_RIGHT = 2,    /* by the match and its right context */
    ZC_KWIC_SORT_DATE = 3,     /* oldest first, the undated last */
    ZC_KWIC_SORT_REGION = 4    /* by region, then oldest first */
} zc_kwic_sort;

typedef enum zc_against {
    ZC_AGAINST_ALL = 0,    /* every other document of the index */
    ZC_AGAINST_REGION = 1, /* the same region's documents of other years */
    ZC_AGAINST_YEAR = 2    /* the same year's documents of other regions */
} zc_against;

/* Options of the research tools, versioned as zc_search_options is; each
 * tool reads the fields it names. */
#define ZC_RESEARCH_OPTIONS_VERSION 1
typedef struct zc_research_options {
    unsigned version; /* ZC_RESEARCH_OPTIONS_VERSION */
    int synonyms;     /* trend, kwic: expand keywords with synonyms (default 1) */
    /* trend, kwic, similar: only this region and below, these years (0: open
     * end), this kind ("意见"), the files at or below source (NULL: any) */
    const char *region;
    int year_lo, year_hi;
    const char *type;
    const char *source;
    zc_trend_by by;    /* trend (default ZC_TREND_BY_YEAR) */
    unsigned width;    /* kwic: characters of context each side (default 30) */
    zc_kwic_sort sort; /* kwic (default ZC_KWIC_SORT_DOCUMENT) */
    /* kwic: lines to return (0: all, the default) after skipping offset;
     * similar and keywords: entries (0: 10 and 30) */
    unsigned limit, offset;
    zc_against against; /* keywords (default ZC_AGAINST_ALL) */
} zc_research_options;

/* clang-format off */
#ifdef __cplusplus
#define ZC_RESEARCH_OPTIONS_INIT \
    {ZC_RESEARCH_OPTIONS_VERSION, 1, NULL, 0, 0, NULL, NULL, ZC_TREND_BY_YEAR, 30, \
     ZC_KWIC_SORT_DOCUMENT, 0, 0, ZC_AGAINST_ALL}
#else
#define ZC_RESEARCH_OPTIONS_INIT \
    {.version = ZC_RESEARCH_OPTIONS_VERSION, .synonyms = 1, .width = 30}
#endif
/* clang-format on */

/* Errors: ZC_ERR_INVALID (o NULL, a version this library does not know). */
ZC_API int zc_research_options_init(zc_research_options *o, unsigned version);

/* trend: one bucket per year, region, both, or kind. */
typedef struct zc_trend_bucket {
    int year;             /* 0: unknown, or not bucketed by year */
    const char *region;   /* the province, "全国", "" unknown; NULL: not by region */
    const char *type;     /* the kind, "" unknown; NULL: not by kind */
    uint64_t documents;   /* documents of the bucket the query matches */
    uint64_t occurrences; /* occurrences in them */
    uint64_t chars;       /* characters of their cleaned text (line breaks not counted) */
    double per_10k;       /* occurrences per 10,000 of those characters */
    const char *first;    /* the earliest date ("2024-03-05", or a year), "" none */
    const char *last;     /* the latest */
} zc_trend_bucket;

typedef struct zc_trend zc_trend;
/* Counts query's documents and occurrences per bucket (o: by, synonyms,
 * the filters). Buckets by year come oldest first, the unknown year last;
 * by region or kind, most occurrences first; by year and region, by year,
 * then most occurrences. Errors as zc_search. */
ZC_API int zc_trend_run(zc_index *ix, const char *query, const zc_research_options *o,
                        zc_trend **out, zc_error *err);
ZC_API uint64_t zc_trend_documents(const zc_trend *t);
ZC_API uint64_t zc_trend_occurrences(const zc_trend *t);
ZC_API size_t zc_trend_bucket_count(const zc_trend *t);
ZC_API const zc_trend_bucket *zc_trend_bucket_at(const zc_trend *t, size_t i);
/* {"query", "by", "documents", "occurrences", "chars", "per_10k", "buckets": [{"year" and/or
 * "region" or "type", "documents", "occurrences", "chars", "per_10k", "first", "last"}]}
 * (docs/cli.md), malloc'd. */
ZC_API int zc_trend_json(const zc_trend *t, char **out, zc_error *err);
ZC_API void zc_trend_free(zc_trend *t);

/* kwic: one line per occurrence. Strings owned by the zc_kwic. */
typedef struct zc_kwic_line {
    const char *id, *path, *title, *region, *date; /* date: or the year; "" unknown */
    const char *left, *match, *right;              /* context: line breaks shown as blanks */
    uint64_t offset;                               /* the match's character offset in the text */
} zc_kwic_line;

typedef struct zc_kwic zc_kwic;
/* Every occurrence of query (o: width, sort, limit, offset, synonyms, the
 * filters). Errors as zc_search. */
ZC_API int zc_kwic_run(zc_index *ix, const char *query, const zc_research_options *o, zc_kwic **out,
                       zc_error *err);
ZC_API uint64_t zc_kwic_total(const zc_kwic *k); /* occurrences, every page */
ZC_API uint64_t zc_kwic_documents(const zc_kwic *k);
ZC_API size_t zc_kwic_count(const zc_kwic *k); /* lines of this page */
ZC_API const zc_kwic_line *zc_kwic_line_at(const zc_kwic *k, size_t i);
/* {"query", "total", "documents", "offset", "lines": [{"id", "path", "title", "region",
 * "date", "left", "match", "right", "offset"}]}, malloc'd. */
ZC_API int zc_kwic_json(const zc_kwic *k, char **out, zc_error *err);
ZC_API void zc_kwic_free(zc_kwic *k);

/* A document named as the tools take it: its id as search prints it, or
 * the path of an indexed file ("path#row" for a collection's row, or a
 * collection of one row), or of a file the index does not hold, which is
 * analysed as zc_index_update would, into a scratch index under /tmp that
 * is searched with ix and removed after (ix of directories only). */

/* similar: the documents most like doc, best first, each with the word
 * terms it shares with doc's most telling ones. */
typedef struct zc_similar zc_similar;
/* o: limit, region, years, type. Errors: ZC_ERR_NOT_FOUND (no such
 * document; the message names it), as zc_search otherwise. */
ZC_API int zc_similar_run(zc_index *ix, const char *doc, const zc_research_options *o,
                          zc_similar **out, zc_error *err);
ZC_API const char *zc_similar_id(const zc_similar *s); /* doc's id */
ZC_API size_t zc_similar_count(const zc_similar *s);
/* Hit i (rank, id, path, title, region, year, date, type, issuer, docno,
 * score; no snippet) and the words it shares. */
ZC_API const zc_hit *zc_similar_hit(const zc_similar *s, size_t i);
ZC_API size_t zc_similar_shared_count(const zc_similar *s, size_t i);
ZC_API const char *zc_similar_shared(const zc_similar *s, size_t i, size_t j);
/* The search JSON's shape, {"query": doc's id, "total", "hits": [{…, "shared_terms": […]}]},
 * malloc'd. */
ZC_API int zc_similar_json(const zc_similar *s, char **out, zc_error *err);
ZC_API void zc_similar_free(zc_similar *s);

/* keywords: words and phrases over-represented in doc against a
 * background (log-likelihood, G²), best first. */
typedef struct zc_keyword {
    const char *term;    /* a word, or adjacent telling words as one phrase */
    double score;        /* G² of its count in doc against the background's */
    uint64_t count;      /* occurrences in doc */
    uint64_t background; /* occurrences in the background (estimated for phrases: see docs) */
    int phrase;          /* 1: several words */
} zc_keyword;

typedef struct zc_keywords zc_keywords;
/* o: against, limit. Errors as zc_similar_run. */
ZC_API int zc_keywords_run(zc_index *ix, const char *doc, const zc_research_options *o,
                           zc_keywords **out, zc_error *err);
ZC_API const char *zc_keywords_id(const zc_keywords *k);
ZC_API size_t zc_keywords_count(const zc_keywords *k);
ZC_API const zc_keyword *zc_keywords_at(const zc_keywords *k, size_t i);
/* {"id", "against", "keywords": [{"term", "score", "count", "background", "phrase"}]},
 * malloc'd. */
ZC_API int zc_keywords_json(const zc_keywords *k, char **out, zc_error *err);
ZC_API void zc_keywords_free(zc_keywords *k);

#ifdef __cplusplus
}
#endif
#endif
