/* Match collection for snippets (snippet.c): where the patterns occur in
 * a document's text, found with the index's unit split (text/unit.h) so
 * that highlights agree exactly with what matched. Internal to searcher/ and
 * research/. */
#ifndef ZC_SEARCHER_SNIPPET_SCAN_H
#define ZC_SEARCHER_SNIPPET_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "snippet.h"

typedef struct zc_snip_match {
    size_t c0, c1; /* characters [c0, c1) */
    size_t b0, b1; /* bytes */
    size_t pat;
} zc_snip_match;

typedef struct zc_snip_matches {
    zc_snip_match *v;
    size_t n, cap;
} zc_snip_matches;

/* Appends to m the matches of pats in text, in no set order. The work is
 * bounded on large texts (snippet_scan.c); *elig is then the character
 * offset windows of about len_chars characters may start before, else
 * SIZE_MAX (every match was collected). m->v is the caller's to free, also
 * on failure. ZC_ERR_NOMEM is the only failure. */
int zc_snip_collect(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                    size_t len_chars, zc_snip_matches *m, size_t *elig);

/* Appends to m every match of pats in text, however many and however far
 * apart (the research tools count and list them all: no bound on the work
 * but the text's length). Errors as zc_snip_collect. */
int zc_snip_collect_all(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                        zc_snip_matches *m);

/* Every match of pats in the whole text (no bound: a document view), as
 * *n pairs [start, end) of character offsets into text, in order, joined
 * where they overlap as a snippet's highlights are; *out malloc'd.
 * ZC_ERR_NOMEM is the only failure. */
int zc_snip_spans(const char *text, size_t text_len, const zc_pattern *pats, size_t npats,
                  size_t **out, size_t *n);

/* The start of the character before byte b (a character boundary), read
 * as zc_unit_next reads forwards: a valid sequence, else one byte. */
size_t zc_snip_prev_char(const char *s, size_t b, uint32_t *cp);

#endif
