/* The fixture of the hostile-input tests (test_hostile.c,
 * test_hostile_query.c). */
#ifndef ZC_TESTS_HOSTILE_FIXTURE_H
#define ZC_TESTS_HOSTILE_FIXTURE_H

#include <stddef.h>

#include "test_util.h"

typedef struct hx {
    char *tmp;
    char *good;       /* a directory with one known good file */
    unsigned inputs;  /* hostile inputs tried, for the figures */
    const char *what; /* what they are, for the figures */
} hx;

/* cmocka group setup (what: "files", "queries") and teardown, which
 * prints how many inputs were tried. */
int hostile_setup(void **state, const char *what);
int hostile_teardown(void **state);

/* dir "/" name, malloc'd. */
char *path_in(const char *dir, const char *name);
/* A fresh directory h->tmp/name. */
char *fresh_dir(hx *h, const char *name);
/* Writes dir/name, counted as one hostile input. */
void put(hx *h, const char *dir, const char *name, const void *data, size_t len);
/* A string literal's bytes, NULs included. */
#define PUT(h, dir, name, lit) put(h, dir, name, lit, sizeof(lit) - 1)
/* No sanitizer report, no signal: whatever the status, the program ended
 * on its own terms (AddressSanitizer exits 1, which is also a status). */
void no_crash(const zc_test_run *r, const char *what);
/* An index at h->tmp/name holding the good file. */
char *good_db(hx *h, const char *name);
/* The good document is still found and the index is sound. */
void intact(hx *h, const char *db);
/* Indexes dir into db; checks the status and that stderr holds each of the
 * NULL-terminated fragments. Returns the run (caller frees). */
zc_test_run index_expect(hx *h, const char *db, const char *dir, int status, ...);
/* The same with options (opts: "--follow") before the paths. */
zc_test_run index_expect_opts(hx *h, const char *opts, const char *db, const char *dir, int status,
                              ...);
/* The number of documents query matches in db. */
size_t hits(hx *h, const char *db, const char *query);

#endif
