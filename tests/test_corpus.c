/* Integration: index corpus/ and check that every keyword finds exactly the
 * documents a substring scan of their cleaned text (as stored in the
 * index) finds, Latin letters and digits matching whole runs. The scan is written independently of
 * the unit splitter, so it checks the index. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index/schema.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

#define MAX_DOCS 64

typedef struct corpus {
    char *dir;
    char *names[MAX_DOCS];
    char *norm[MAX_DOCS]; /* text as matching sees it */
    size_t n;
    char *db;
} corpus;

/* Reads back the cleaned text of one document from the index. */
static void load_text(void *ctx, zc_xdoc *doc)
{
    corpus *c = ctx;
    char *path, *text;
    size_t len;
    path = zc_test_doc_field(doc, "path");
    text = zc_test_doc_text(doc, &len);
    assert_true(c->n < MAX_DOCS);
    const char *slash = strrchr(path, '/');
    c->names[c->n] = strdup(slash ? slash + 1 : path);
    c->norm[c->n] = zc_test_scan_view(text);
    c->n++;
    free(path);
    free(text);
}

static void load_texts(corpus *c)
{
    zc_test_each_doc(c->db, load_text, c);
}

static int load(void **state)
{
    corpus *c = calloc(1, sizeof *c);
    c->dir = zc_test_source_path("corpus");
    char *tmp = zc_test_tmpdir();
    size_t l = strlen(tmp) + 8;
    c->db = malloc(l);
    snprintf(c->db, l, "%s/db", tmp);
    free(tmp);
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(c->db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    const char *paths[] = {c->dir};
    assert_int_equal(zc_index_update(ix, paths, 1, NULL, &st, &err), ZC_OK);
    assert_int_equal(st.indexed, 5);
    assert_int_equal(st.failed, 0);
    zc_index_free(ix);
    load_texts(c);
    assert_int_equal(c->n, 5);
    *state = c;
    return 0;
}

static int unload(void **state)
{
    corpus *c = *state;
    for (size_t i = 0; i < c->n; i++) {
        free(c->names[i]);
        free(c->norm[i]);
    }
    char *parent = strdup(c->db);
    *strrchr(parent, '/') = '\0';
    zc_test_rmtree(parent);
    free(parent);
    free(c->db);
    free(c->dir);
    free(c);
    return 0;
}

/* The documents containing every one of words[] (NUL-separated list). */
static uint64_t scan(const corpus *c, const char *const *words, size_t nw, int *hit)
{
    uint64_t total = 0;
    for (size_t i = 0; i < c->n; i++) {
        hit[i] = 1;
        for (size_t w = 0; w < nw && hit[i]; w++) {
            char *nword = zc_test_scan_view(words[w]);
            hit[i] = zc_test_contains_whole(c->norm[i], nword);
            free(nword);
        }
        total += (uint64_t)hit[i];
    }
    return total;
}

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Searches query and checks the hit set against the scan of words. */
static void check(const corpus *c, const char *query, const char *const *words, size_t nw)
{
    int want[MAX_DOCS];
    uint64_t expected = scan(c, words, nw, want);
    zc_index *ix;
    zc_error err;
    zc_results *r;
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.limit = MAX_DOCS;
    o.synonyms = 0; /* the scan knows no synonyms */
    assert_int_equal(zc_index_open(c->db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    int rc = zc_search(ix, query, &o, &r, &err);
    if (rc)
        fail_msg("query [%s]: %s", query, err.message);
    if (zc_results_total(r) != expected)
        fail_msg("query [%s]: %llu hits, the scan finds %llu", query,
                 (unsigned long long)zc_results_total(r), (unsigned long long)expected);
    assert_int_equal(zc_results_count(r), expected);
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        size_t k = 0;
        while (k < c->n && strcmp(c->names[k], base(h->path)) != 0)
            k++;
        assert_true(k < c->n);
        if (!want[k])
            fail_msg("query [%s] found %s, which does not contain it", query, h->path);
        assert_true(h->n_highlights > 0);
    }
    zc_results_free(r);
    zc_index_free(ix);
}

/* The raw text of corpus file name with every blank and line break gone:
 * what a phrase split by layout artefacts becomes once they are cleaned. */
static char *squeezed(const corpus *c, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    char *raw = zc_test_read_file(path, NULL);
    assert_non_null(raw);
    size_t o = 0;
    for (size_t i = 0; raw[i];) {
        if (raw[i] == ' ' || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\t') {
            i++;
        } else if (memcmp(raw + i, "\xE3\x80\x80", 3) == 0) {
            i += 3;
        } else {
            raw[o++] = raw[i++];
        }
    }
    raw[o] = '\0';
    return raw;
}

/* Phrases that the seeds' layout breaks (新余\n\n高新区 in the 2023 report)
 * are found in every seed whose text contains them once cleaned. */
static void test_layout_phrases(void **state)
{
    const corpus *c = *state;
    const char *phrases[] = {"高新区", "新余高新区", "新型工业强市"};
    zc_index *ix;
    zc_error err;
    assert_int_equal(zc_index_open(c->db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    for (size_t p = 0; p < sizeof phrases / sizeof *phrases; p++) {
        zc_results *r;
        zc_search_options o;
        zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
        o.limit = MAX_DOCS;
        assert_int_equal(zc_search(ix, phrases[p], &o, &r, &err), ZC_OK);
        size_t expected = 0;
        for (size_t i = 0; i < c->n; i++) {
            char *sq = squeezed(c, c->names[i]);
            int want = zc_test_contains_whole(sq, phrases[p]);
            free(sq);
            int found = 0;
            for (size_t k = 0; k < zc_results_count(r); k++)
                found |= strcmp(base(zc_results_hit(r, k)->path), c->names[i]) == 0;
            if (want && !found)
                fail_msg("%s is in %s once cleaned, but not found", phrases[p], c->names[i]);
            expected += (size_t)want;
        }
        assert_true(expected > 0);
        zc_results_free(r);
    }
    zc_index_free(ix);
}

static void test_keywords(void **state)
{
    const corpus *c = *state;
    const char *kw[] = {"高新区", "新余",   "锂",       "5G",     "2025年", "抚州", "5.8%",
                        "南昌",   "十五五", "规上工业", "工小美", "1269",   "pm2.5"};
    for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
        check(c, kw[i], &kw[i], 1);
    /* A compound keyword as written, as a keyword or a phrase; with ~,
     * each of its words, anywhere. */
    const char *whole[] = {"新型工业强市"};
    check(c, "新型工业强市", whole, 1);
    check(c, "\"新型工业强市\"", whole, 1);
    const char *compound[] = {"新型", "工业", "强市"};
    check(c, "~新型工业强市", compound, 3);
    const char *two[] = {"新余", "锂电"};
    check(c, "新余 锂电", two, 2);
    const char *three[] = {"抚州", "2026年", "开局之年"};
    check(c, "抚州 2026年 开局之年", three, 3);
    const char *phrase[] = {"江西新余做优"};
    check(c, "\"江西新余做优\"", phrase, 1);
}

/* Random substrings of the texts (1 to 8 characters, within one line) as
 * phrases: the index must find exactly what the scan finds. */
static void test_random_phrases(void **state)
{
    const corpus *c = *state;
    uint64_t seed = 20261122;
    int done = 0;
    while (done < 400) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        const char *t = c->norm[(seed >> 33) % c->n];
        size_t len = strlen(t);
        size_t at = (seed >> 13) % len;
        while (at > 0 && ((unsigned char)t[at] & 0xC0) == 0x80)
            at--;
        size_t want = 1 + (seed >> 7) % 8, end = at, chars = 0;
        while (end < len && chars < want && t[end] != '\n' && t[end] != '"') {
            end++;
            while (end < len && ((unsigned char)t[end] & 0xC0) == 0x80)
                end++;
            chars++;
        }
        if (chars == 0)
            continue;
        char word[64], query[70];
        memcpy(word, t + at, end - at);
        word[end - at] = '\0';
        /* Curly quotes delimit phrases in the query language. */
        if (strstr(word, "\xE2\x80\x9C") || strstr(word, "\xE2\x80\x9D"))
            continue;
        snprintf(query, sizeof query, "\"%s\"", word);
        const char *w = word;
        check(c, query, &w, 1);
        done++;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_layout_phrases),
        cmocka_unit_test(test_random_phrases),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
