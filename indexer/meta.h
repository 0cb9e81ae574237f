/* A report's metadata from its text: title, year, years discussed and the
 * region it is about (docs/indexing.md explains the rules). */
#ifndef ZC_INDEXER_META_H
#define ZC_INDEXER_META_H

#include <stddef.h>

#include "dict/dict.h"

/* The first meaningful line: not boilerplate, not a photo caption, not a
 * lone column label, at most max_chars characters (malloc'd; "" if none). */
char *zc_meta_title(const char *text, size_t len, size_t max_chars);

/* Years (1949..2100) the text writes as "2025年", each once, ascending, at
 * most max of them in years[]; *n receives how many. Returns the report's
 * year by the text's evidence (a dated header "——2024年3月5日在…", else
 * "2025年是…之年", else the most discussed year, the later on a tie), or 0. */
int zc_meta_years(const char *text, size_t len, int *years, size_t max, size_t *n);

/* The key a report sorts by in time, "YYYYMMDD" (8 bytes and a NUL in
 * out): the date as its source gives it when it reads as one ("2026-02-02",
 * "2026/2/2", "2026.02", "2026年2月2日", "20260202", a time after it),
 * an unknown month or day as 00; else the year, as "YYYY0000"; else ""
 * (no date, no year). Returns the key's length, 8 or 0. */
size_t zc_meta_date_key(const char *date, int year, char out[9]);

/* A place named in the text: the name as written (pointing into the text). */
typedef struct zc_mention {
    const char *s;
    size_t len;
} zc_mention;

/* The region a report is about, as a gazetteer index, or -1: the title's
 * mentions, "<region>人民政府", "<region>省长/市长…", and mention counts
 * decide, descending from province to city to county while the text is
 * clearly about the lower level. */
int zc_meta_region(const zc_dict *d, const zc_mention *m, size_t n, const char *title);

/* A region given by name ("新余", "江西省/新余市", "360500"), or -1. */
int zc_meta_region_named(const zc_dict *d, const char *name);

/* "江西省/新余市" for region i (malloc'd), and the codes of it and its
 * ancestors, province first (codes[] has room for 3); returns their count. */
char *zc_meta_region_path(const zc_dict *d, int i);
size_t zc_meta_region_codes(const zc_dict *d, int i, const char *codes[3]);

#endif
