/* Character bigram terms (index/schema.h, B prefix): the rank-only terms
 * BM25 over character bigrams reads. */
#ifndef ZC_INDEXER_BIGRAMS_H
#define ZC_INDEXER_BIGRAMS_H

#include <stddef.h>

#include "postings.h"

/* Adds to post, wdf times each, a B term for every two Han characters of
 * text that are adjacent units (no line break or other unit between).
 * ZC_ERR_NOMEM on failure. */
int zc_bigrams_add(zc_postings *post, const char *text, size_t len, unsigned wdf);

#endif
