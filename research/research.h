/* The research tools (trend, kwic, similar, keywords): what they share.
 * Each runs on a view of an index (api/research.c takes it), reads the
 * matches of a query as search decides them (searcher/) and the documents'
 * stored texts. Internal to research/ and api/. */
#ifndef ZC_RESEARCH_H
#define ZC_RESEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "searcher/snippet_scan.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

/* The fields of a document the tools print, malloc'd ("" when absent). */
typedef struct zc_rdoc {
    zc_xdocid docid;
    char *id, *path, *title, *region, *type, *date, *issuer, *docno;
    char *facets; /* the facet key (index/schema.h), for its codes */
    int year;
} zc_rdoc;

/* Reads the fields of docid (and, text not NULL, its cleaned text,
 * malloc'd, into *text and *text_len). */
int zc_rdoc_read(zc_index *ix, zc_xdocid docid, zc_rdoc *d, char **text, size_t *text_len,
                 zc_error *err);
void zc_rdoc_clear(zc_rdoc *d);
/* "2024-03-05" as known, else the year, else "" (into buf). */
const char *zc_rdoc_when(const zc_rdoc *d, char buf[16]);

/* A document of the index named by its id (16 hex digits, as search
 * prints it) or by the path of the file it was indexed from (real path;
 * "path#row" for a collection's row): its docid. ZC_ERR_NOT_FOUND names
 * spec when there is none. */
int zc_research_resolve(zc_index *ix, const char *spec, zc_xdocid *out, zc_error *err);

/* One matched document as the walk gives it: its fields, its text, and
 * the occurrences of the query's patterns in it, by byte offset. */
typedef struct zc_occ_doc {
    const zc_rdoc *doc;
    const char *text;
    size_t text_len;
    uint64_t chars; /* characters of the text, line breaks not counted */
    const zc_snip_match *m;
    size_t n;
} zc_occ_doc;

typedef int zc_occ_fn(void *ctx, const zc_occ_doc *d, zc_error *err);

/* Calls fn for each document query matches on ix (a view), in docid
 * order, with its occurrences (o: synonyms and the filters). */
int zc_occ_walk(zc_index *ix, const char *query, const zc_research_options *o, zc_occ_fn *fn,
                void *ctx, zc_error *err);

/* The search options that carry o's filters and synonyms. */
void zc_research_search_options(const zc_research_options *o, zc_search_options *so);
/* o's filters (region, years, source, type) as one query; *out NULL when
 * there is none. */
int zc_research_filter(zc_index *ix, const zc_research_options *o, zc_xquery **out, zc_error *err);

/* Whether a word term's text (without its prefix) is worth showing as
 * telling: it has a Han character, no digit, is no stop word and no
 * enumerator (一是, 第三). */
int zc_research_word_ok(zc_index *ix, const char *w, size_t len);

/* The tools, on a view (api/research.c). */
int zc_trend_collect(zc_index *ix, const char *query, const zc_research_options *o, zc_trend **out,
                     zc_error *err);
int zc_kwic_collect(zc_index *ix, const char *query, const zc_research_options *o, zc_kwic **out,
                    zc_error *err);
int zc_similar_find(zc_index *ix, const char *doc, const zc_research_options *o, zc_similar **out,
                    zc_error *err);
int zc_keywords_find(zc_index *ix, const char *doc, const zc_research_options *o, zc_keywords **out,
                     zc_error *err);

/* The results (json.c reads them). */
struct zc_trend {
    char *query;
    zc_trend_by by;
    uint64_t documents, occurrences, chars;
    zc_trend_bucket *b;
    size_t n;
};

struct zc_kwic {
    char *query;
    uint64_t total, documents;
    unsigned offset;
    zc_rdoc *docs; /* the documents the lines are of */
    size_t ndocs, docs_cap;
    zc_kwic_line *lines;
    char **texts;   /* per line: left, match and right, each NUL-ended */
    size_t *doc_of; /* per line: its document in docs */
    size_t n, cap;
};

struct zc_similar {
    char *id;
    zc_hit *hits;
    char ***shared;
    size_t *n_shared;
    size_t n;
};

struct zc_keywords {
    char *id;
    zc_against against;
    zc_keyword *v;
    size_t n;
};

#endif
