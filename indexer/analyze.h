/* Analysis: a record becomes a Xapian document — cleaned, normalized text,
 * metadata, units, words and filter terms (layout: schema.h). */
#ifndef ZC_INDEXER_ANALYZE_H
#define ZC_INDEXER_ANALYZE_H

#include "index/index.h"
#include "plan.h"

/* Per-thread state: normalizer, segmenter and scratch buffers over a
 * dictionary shared by all threads. */
typedef struct zc_analyzer zc_analyzer;

int zc_analyzer_new(const zc_dict *dict, zc_analyzer **out, zc_error *err);
void zc_analyzer_free(zc_analyzer *a);

/* Builds the document of rec, read from w's file whose bytes have stamp.
 * rec->text is freed (and set NULL) as soon as it is read, unless
 * rec->text_lent. */
int zc_analyze(zc_analyzer *a, zc_record *rec, const zc_work *w, const char *stamp, zc_xdoc **out,
               zc_error *err);

#endif
