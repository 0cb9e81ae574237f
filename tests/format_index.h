/* Indexing a directory through the library and asking whether a phrase
 * finds a file (tests/test_formats*.c). */
#ifndef ZC_TESTS_FORMAT_INDEX_H
#define ZC_TESTS_FORMAT_INDEX_H

#include <stddef.h>

#include "zhengce.h"

typedef struct zc_fx_failure {
    char *path;
    char *why;
} zc_fx_failure;

typedef struct zc_fx_run {
    zc_index_stats stats;
    zc_fx_failure failed[64];
    size_t nfailed;
} zc_fx_run;

/* Indexes dir into db (created); ocr as zc_index_options.ocr. */
void zc_fx_index(const char *db, const char *dir, int ocr, const char *text_column, zc_fx_run *run);
void zc_fx_run_free(zc_fx_run *run);
/* The failure reported for path, or NULL. */
const char *zc_fx_failure_of(const zc_fx_run *run, const char *path);
/* Documents the phrase (quoted here) finds among those of source. */
uint64_t zc_fx_count(zc_index *ix, const char *phrase, const char *source);

#endif
