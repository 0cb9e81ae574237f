/* The corpus and helpers of the tests of the C wrapper over libxapian
 * (test_xapian_db.c, test_xapian_query.c). Include after <cmocka.h>. Each
 * file using OK and FAILS defines its own `static zc_error E`, the error of
 * the call under test. */
#ifndef ZC_TEST_XAPIAN_FIXTURES_H
#define ZC_TEST_XAPIAN_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

#include "xapian-c/xapian_c.h"

#define OK(call)                                                                                   \
    do {                                                                                           \
        zc_error_clear(&E);                                                                        \
        int rc_ = (call);                                                                          \
        if (rc_ != ZC_OK)                                                                          \
            fail_msg("%s -> %d: %s", #call, rc_, E.message);                                       \
    } while (0)

/* Fails the test unless the call set want in rc and *e (and a message
 * containing needle, if given). */
void zc_xt_check_failure(const char *call, int rc, const zc_error *e, int want, const char *needle);

#define FAILS(call, want, needle)                                                                  \
    do {                                                                                           \
        zc_error_clear(&E);                                                                        \
        int rc_ = (call);                                                                          \
        zc_xt_check_failure(#call, rc_, &E, (want), (needle));                                     \
    } while (0)

/* SLOT_NUM holds the document's number in the corpus (from 1), which the
 * tests read back to know what matched: docids differ between a database
 * and its shards. */
enum { SLOT_YEAR = 0, SLOT_REGIONS = 1, SLOT_CAT = 2, SLOT_YEARNUM = 3, SLOT_NUM = 4 };

/* The corpus: positional words, a year, a category, multi-valued regions;
 * document k (from 1) is zc_xt_docs[k - 1]. */
typedef struct zc_xt_doc {
    const char *text, *year, *cat, *regions;
} zc_xt_doc;
extern const zc_xt_doc zc_xt_docs[];
#define NDOCS 6

/* The facet counts of the whole corpus. */
#define CATS_ALL "blog=2;misc=1;news=3;"
#define REGIONS_ALL "上海市=1;北京市=3;江西省=3;江西省/南昌市=1;江西省/新余市=1;"

/* The group state: a temporary directory holding the corpus in one
 * database (main) and in two shards (documents 1-3 and 4-6). */
typedef struct zc_xt_fixture {
    char *dir, *main, *shard_a, *shard_b;
} zc_xt_fixture;
int zc_xt_setup(void **state);
int zc_xt_teardown(void **state);

/* dir/name, malloc'd. */
char *zc_xt_join(const char *dir, const char *name);
/* Builds a database at path holding corpus documents [from, to]. */
void zc_xt_build_db(const char *path, int from, int to);
/* The main database of the fixture, read-only. */
zc_xdb *zc_xt_open_main(void **state);

/* Query builders; the combining one consumes its arguments. */
zc_xquery *zc_xt_term(const char *term);
zc_xquery *zc_xt_combine(zc_xop op, unsigned param, int n, ...);
#define T(term) zc_xt_term(term)
#define Q(...) zc_xt_combine(__VA_ARGS__)

/* The first max matches of q. */
zc_xmset *zc_xt_search(const zc_xdb *db, const zc_xquery *q, unsigned max);
/* The corpus number of the i-th match of m (SLOT_NUM). */
unsigned zc_xt_mset_num(const zc_xmset *m, size_t i);
/* "1,3,5": the corpus numbers of an mset, in mset order or sorted. */
void zc_xt_mset_ids(const zc_xmset *m, int sorted, char *out, size_t cap);
/* Checks the set of corpus numbers q matches, then frees q. */
void zc_xt_expect(const zc_xdb *db, zc_xquery *q, const char *want);

/* Checks a spy's counts against "value=count;..." in byte order. */
void zc_xt_expect_facets(const zc_xspy *s, const char *want);
/* Checks the category and region facets of db (holding the corpus). */
void zc_xt_facets_on(const zc_xdb *db);

#endif
