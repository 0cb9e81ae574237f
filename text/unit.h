/*
 * Units: the positional atoms of the index.
 *
 * Exact matching (a phrase matches exactly where `grep -F` would find it in
 * the cleaned text) is done with Xapian phrase queries over units, so the
 * unit split must make every substring of the text a run of whole units.
 * Hence every character is a unit: a Han character, a punctuation mark, and
 * also each ASCII letter or digit. A run of horizontal white space is one
 * unit " ". A line break is no unit but leaves a gap in the positions, so
 * no phrase matches across lines (as grep). Latin letters are case-folded.
 *
 * Latin letters and digits match whole runs: a *run* is a maximal sequence
 * of units that are all ASCII letters, or all ASCII digits (zero-width
 * characters are no units and do not end a run; a line break does). Each
 * letter or digit unit says whether it starts or ends its run (run), so
 * that the index can mark the edges of runs and a query's text at its own
 * edge can ask for one: `ai` must be a whole run, so it is not found in
 * `domain`, while `gwh` is one in `27gwh` (a digit run, then a letter run).
 *
 * The same split runs on documents (indexer) and on queries (searcher).
 */
#ifndef ZC_TEXT_UNIT_H
#define ZC_TEXT_UNIT_H

#include <stddef.h>
#include <stdint.h>

typedef struct zc_unit {
    size_t byte_off; /* where the unit starts in the text */
    size_t byte_len; /* its length in the text */
    size_t char_off; /* the same, counted in code points */
    size_t char_len;
    uint32_t pos; /* position, from 1; gaps at line breaks */
    uint32_t cp;  /* the folded code point (' ' for white space) */
    unsigned run; /* ZC_UNIT_RUN_START | ZC_UNIT_RUN_END, for letters and digits */
    size_t term_len;
    char term[8]; /* the index term: UTF-8 of cp, NUL-terminated */
} zc_unit;

typedef struct zc_unit_iter {
    const char *s;
    size_t len;
    size_t off;
    size_t char_off;
    uint32_t pos;
    int gap;      /* a line break was passed since the last unit */
    int prev_cls; /* zc_unit_run_class of the last unit */
} zc_unit_iter;

/* The unit is the first, the last of its run of letters or of digits. */
#define ZC_UNIT_RUN_START 1u
#define ZC_UNIT_RUN_END 2u

void zc_unit_iter_init(zc_unit_iter *it, const char *s, size_t len);
/* Fills u with the next unit; returns 1, or 0 at the end of the text.
 * Invalid UTF-8 bytes become one U+FFFD unit each. */
int zc_unit_next(zc_unit_iter *it, zc_unit *u);

/* The folded code point a character is indexed as (ASCII case folding;
 * the full normalization happens before, on the text). */
uint32_t zc_unit_fold(uint32_t cp);

/* What kind of run a code point belongs to: 1 an ASCII letter, 2 an ASCII
 * digit, 0 none. */
static inline int zc_unit_run_class(uint32_t cp)
{
    return (cp | 32u) - 'a' < 26u ? 1 : cp - '0' < 10u ? 2 : 0;
}

/* Whether the bytes s[off, off + n) of a text of len bytes begin and end
 * on the edges of runs: a letter or digit at either end is not continued
 * beyond it by one of its kind (zero-width characters and NUL passed over,
 * as units pass over them). What matches a unit pattern whose edges ask
 * for whole runs (index/schema.h), read on the text itself. */
int zc_unit_whole_runs(const char *s, size_t len, size_t off, size_t n);

/* Whether a token of n bytes is worth a word term: it has an ASCII letter
 * or digit or a Han character (punctuation is covered by the units). The
 * indexer writes word terms by this rule and the ranking asks for them by
 * it. */
int zc_unit_wordlike(const char *s, size_t n);

#endif
