/* Indexing and phrase look-ups for the format tests (format_index.h). */
#include "format_index.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void report(void *ctx, zc_event ev, const char *path, const zc_error *why)
{
    zc_fx_run *run = ctx;
    if (ev != ZC_EVENT_FAILED || run->nfailed == sizeof run->failed / sizeof *run->failed)
        return;
    run->failed[run->nfailed].path = strdup(path);
    run->failed[run->nfailed].why = strdup(why ? why->message : "");
    run->nfailed++;
}

void zc_fx_index(const char *db, const char *dir, int ocr, const char *text_column, zc_fx_run *run)
{
    memset(run, 0, sizeof *run);
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    zc_index_options o;
    zc_index_options_init(&o, ZC_INDEX_OPTIONS_VERSION);
    o.ocr = ocr;
    o.text_column = text_column;
    o.report = report;
    o.ctx = run;
    o.jobs = 2;
    const char *paths[] = {dir};
    int rc = zc_index_update(ix, paths, 1, &o, &run->stats, &err);
    if (rc)
        fail_msg("indexing %s: %s", dir, err.message);
    zc_index_free(ix);
}

void zc_fx_run_free(zc_fx_run *run)
{
    for (size_t i = 0; i < run->nfailed; i++) {
        free(run->failed[i].path);
        free(run->failed[i].why);
    }
    run->nfailed = 0;
}

const char *zc_fx_failure_of(const zc_fx_run *run, const char *path)
{
    for (size_t i = 0; i < run->nfailed; i++)
        if (strcmp(run->failed[i].path, path) == 0)
            return run->failed[i].why;
    return NULL;
}

uint64_t zc_fx_count(zc_index *ix, const char *phrase, const char *source)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.limit = 1;
    o.facets = 0;
    o.source = source;
    o.threads = 1;
    char q[256];
    snprintf(q, sizeof q, "\"%s\"", phrase);
    zc_results *r;
    zc_error err;
    if (zc_search(ix, q, &o, &r, &err) != ZC_OK)
        fail_msg("search %s: %s", q, err.message);
    uint64_t n = zc_results_total(r);
    zc_results_free(r);
    return n;
}
