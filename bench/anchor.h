/* Xapian's own CJK n-gram indexing and query parsing (bench/anchor.cc), the
 * anchor the benchmarks measure zhengce against: built into the benchmarks
 * that need it, never into the library, which does not search this way. */
#ifndef ZC_BENCH_ANCHOR_H
#define ZC_BENCH_ANCHOR_H

#include <stddef.h>

#include "xapian-c/xapian_c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Indexes text into doc as Xapian's TermGenerator does with
 * FLAG_CJK_NGRAM (unigrams and bigrams of CJK characters, words of the
 * rest). */
int zc_bench_ngram_index(zc_xdoc *doc, const char *text, size_t len, zc_error *err);

/* Parses text as Xapian's QueryParser does with FLAG_DEFAULT |
 * FLAG_CJK_NGRAM, terms joined by AND, into *out (zc_xquery_free); any:
 * the terms TermGenerator makes of text (FLAG_CJK_NGRAM), joined by OR. */
int zc_bench_ngram_query(const zc_xdb *db, const char *text, int any, zc_xquery **out,
                         zc_error *err);

/* The first docids (at most max, into ids, *n of them) of q's matches
 * under Xapian's default BM25, ties by docid: the ranking anchors of
 * bench/rank.sh. */
int zc_bench_bm25_top(const zc_xdb *db, const zc_xquery *q, unsigned max, unsigned *ids, size_t *n,
                      zc_error *err);

#ifdef __cplusplus
}
#endif

#endif
