/* The fixture of the searcher's contract tests (test_match.c, test_rank.c):
 * an index of a directory, each document's cleaned text read back as the
 * index stores it, and an independent substring scan of that text to
 * compare every query's hits with. Mismatches are printed (query,
 * expected, got) and counted, so that one run lists every failing query;
 * each test fails at its end if any did. */
#ifndef ZC_TESTS_MATCH_FIXTURE_H
#define ZC_TESTS_MATCH_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "dict/dict.h"
#include "text/seg.h"
#include "zhengce.h"

#define MAX_DOCS 64
typedef uint64_t dset; /* documents as bits: bit i is document i */
#define BIT(i) ((dset)1 << (i))

typedef struct strv {
    char **v;
    int *doc; /* the document a word was taken from */
    size_t n, cap;
} strv;

typedef struct corpus {
    char *tmp, *db;
    zc_index *ix;
    zc_dict *dict;
    zc_seg *seg;
    size_t n;
    char *name[MAX_DOCS], *id[MAX_DOCS], *title[MAX_DOCS], *region[MAX_DOCS];
    char *text[MAX_DOCS]; /* the cleaned text, as stored */
    char *norm[MAX_DOCS]; /* the same as matching sees it */
    int year[MAX_DOCS];
    strv words;  /* accurate-mode Han tokens of 2–3 characters */
    strv words4; /* and of 4 characters */
    uint64_t rng;
    unsigned failures, queries;
} corpus;

void strv_push(strv *s, const char *w, size_t len, int doc);
void strv_free(strv *s);
/* The fixture's pseudo-random numbers (fixed seed: runs repeat). */
uint64_t rnd(corpus *c);
/* The documents whose text contains word (zc_test_contains_whole). */
dset scan(const corpus *c, const char *word);
/* Indexes src; failed files beyond allow_failed fail the test. */
corpus *corpus_open(const char *src, uint64_t allow_failed);
void corpus_free(corpus *c);
void opts_init(zc_search_options *o);
/* Runs query with every hit listed; returns the hit set (or fails the test
 * on an error). *keep, if given, gets the results. */
dset run(corpus *c, const char *q, const zc_search_options *o0, zc_results **keep);
void print_set(const corpus *c, const char *what, dset s);
void mismatch(corpus *c, const char *q, dset got, dset want, dset want2);
/* The hit set must be want (or want2: the alternatives a detail of the
 * searcher leaves open). */
void expect2(corpus *c, const char *q, const zc_search_options *o, dset want, dset want2);
#define expect(c, q, o, want) expect2(c, q, o, want, want)
/* Between the sets: lo ⊆ hits ⊆ hi. */
void expect_within(corpus *c, const char *q, dset lo, dset hi);
/* Fails the test if any query mismatched. */
void no_failures(corpus *c);

/* The documents a filter keeps, by the scan: region name (a whole
 * component of the region path), years lo..hi (0: open end), title text. */
dset with_region(const corpus *c, const char *name);
dset with_years(const corpus *c, int lo, int hi);
dset with_title(const corpus *c, const char *text);
/* A random stretch of 1 to max_chars characters of one line of a text;
 * NULL when the draw hits an empty line or a quote (quotes delimit
 * phrases). */
char *random_phrase(corpus *c, size_t max_chars);
/* A random stretch of lo to hi characters of one line of a text that the
 * query language reads as one plain keyword (no blanks, quotes or
 * parentheses, no leading '-' or '~', no operator or field name); NULL
 * when the draw gives none. */
char *random_keyword(corpus *c, size_t lo, size_t hi);
/* count random stretches of 2–6 characters of the texts as keywords, then
 * as phrases: each must match exactly the documents that contain it
 * (mismatches counted). Returns how many keywords did; the draws go to
 * the file $ZC_TEST_MATCH_DUMP, if set: the keyword, a tab, the names of
 * the documents that contain it, a line each. */
int check_substrings(corpus *c, int count);
/* A random accurate-mode word of 2–3 characters. */
const char *word(corpus *c);
/* The 31 provincial reports of ../shared/data indexed; skips the test
 * when they are absent. */
corpus *corpus_provincial(void);
/* cmocka group setup and teardown: corpus/ (the five seeds) indexed. */
int setup_seeds(void **state);
int teardown(void **state);

#endif
