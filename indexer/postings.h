/*
 * A document's terms, gathered before they go to Xapian.
 *
 * Xapian's document keeps its terms in a std::map and looks the term up
 * for every posting it is given. Handing it each term's positions
 * together (one string, a hot path through the map) and each word once
 * with its summed wdf makes that lookup cheaper and rarer; the terms,
 * positions and wdfs Xapian ends up with are the same.
 */
#ifndef ZC_INDEXER_POSTINGS_H
#define ZC_INDEXER_POSTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "xapian-c/xapian_c.h"
#include "zhengce.h"

typedef struct zc_postings zc_postings;

int zc_postings_new(zc_postings **out, zc_error *err);
void zc_postings_free(zc_postings *p);

/* Position pos of term (positional; wdf +1 each). ZC_ERR_NOMEM on failure. */
int zc_postings_add_pos(zc_postings *p, const char *term, size_t len, uint32_t pos);
/* One more occurrence of term, without a position (wdf +1). */
int zc_postings_add_count(zc_postings *p, const char *term, size_t len);

/* Positions gathered and not yet given to a document. */
size_t zc_postings_pending(const zc_postings *p);
/* Gives the positions gathered so far to doc, each term's together, and
 * keeps the terms' counts: a long document's positions go a part at a
 * time, so that they are not held twice over (here and in doc). */
int zc_postings_spill(zc_postings *p, zc_xdoc *doc, zc_error *err);
/* Positions gathered before a part is spilled: 3 MB of them. */
#define ZC_POSTINGS_PART ((size_t)1 << 18)

/* Adds everything gathered to doc (the positions, then the counts beyond
 * them) and empties p for the next document. */
int zc_postings_flush(zc_postings *p, zc_xdoc *doc, zc_error *err);

/* Drops what was gathered (a document given up). */
void zc_postings_clear(zc_postings *p);

#endif
