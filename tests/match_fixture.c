/* The fixture of the searcher's contract tests (match_fixture.h). */
#include "match_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "dict/dict.h"
#include "index/schema.h"
#include "test_util.h"
#include "text/seg.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

void strv_push(strv *s, const char *w, size_t len, int doc)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i]) == len && memcmp(s->v[i], w, len) == 0)
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        s->doc = realloc(s->doc, s->cap * sizeof *s->doc);
    }
    s->v[s->n] = strndup(w, len);
    s->doc[s->n++] = doc;
}

void strv_free(strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->doc);
}

uint64_t rnd(corpus *c)
{
    c->rng = c->rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return c->rng >> 17;
}

/* The documents whose text contains word. */
dset scan(const corpus *c, const char *word)
{
    char *w = zc_test_scan_view(word);
    dset s = 0;
    for (size_t i = 0; i < c->n; i++)
        if (zc_test_contains_whole(c->norm[i], w))
            s |= BIT(i);
    free(w);
    return s;
}

/* Reads one document's text and metadata back from the index. */
void load_doc(void *ctx, zc_xdoc *doc)
{
    corpus *c = ctx;
    assert_true(c->n < MAX_DOCS);
    size_t len, k = c->n++;
    c->text[k] = zc_test_doc_text(doc, &len);
    c->norm[k] = zc_test_scan_view(c->text[k]);
    char *path = zc_test_doc_field(doc, "path");
    size_t base = 0;
    for (size_t i = 0; path[i]; i++)
        base = path[i] == '/' ? i + 1 : base;
    c->name[k] = strdup(path + base);
    free(path);
    c->id[k] = zc_test_doc_field(doc, "id");
    c->title[k] = zc_test_doc_field(doc, "title");
    c->region[k] = zc_test_doc_field(doc, "region");
    char *y = zc_test_doc_field(doc, "year");
    c->year[k] = atoi(y);
    free(y);
}

void load_docs(corpus *c)
{
    zc_test_each_doc(c->db, load_doc, c);
}

int is_han_text(const char *s, size_t len, size_t *chars)
{
    *chars = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = zc_utf8_decode(s + i, len - i, &cp);
        if (!k || !zc_is_han(cp))
            return 0;
        i += k;
        ++*chars;
    }
    return 1;
}

/* Samples the accurate-mode tokens of each text: Han only, 2–4 characters,
 * and a single accurate-mode token when cut alone too (a keyword is cut on
 * its own, not in its context). */
void collect_words(corpus *c)
{
    size_t per_doc = c->n < 8 ? 40 : 8;
    for (size_t d = 0; d < c->n; d++) {
        const zc_token *t;
        size_t nt;
        zc_error err;
        size_t len = strlen(c->text[d]);
        assert_int_equal(zc_seg_cut(c->seg, c->text[d], len, ZC_SEG_ACCURATE, 0, &t, &nt, &err),
                         ZC_OK);
        strv cand = {0};
        size_t stride = nt / (per_doc * 4) + 1;
        for (size_t i = 0; i < nt; i += stride) {
            size_t chars;
            if (t[i].unit_len >= 2 && t[i].unit_len <= 4 &&
                is_han_text(c->text[d] + t[i].byte_off, t[i].byte_len, &chars))
                strv_push(&cand, c->text[d] + t[i].byte_off, t[i].byte_len, (int)d);
        }
        size_t got2 = 0, got4 = 0;
        for (size_t i = 0; i < cand.n; i++) {
            const char *w = cand.v[i];
            assert_int_equal(zc_seg_cut(c->seg, w, strlen(w), ZC_SEG_ACCURATE, 0, &t, &nt, &err),
                             ZC_OK);
            if (nt != 1)
                continue;
            if (t[0].unit_len < 4 && got2 < per_doc)
                strv_push(&c->words, w, strlen(w), (int)d), got2++;
            else if (t[0].unit_len == 4 && got4 < per_doc / 4)
                strv_push(&c->words4, w, strlen(w), (int)d), got4++;
        }
        strv_free(&cand);
    }
    assert_true(c->words.n >= 20);
}

/* Indexes src; failed files beyond allow_failed fail the test. */
corpus *corpus_open(const char *src, uint64_t allow_failed)
{
    corpus *c = calloc(1, sizeof *c);
    c->rng = 20260517;
    c->tmp = zc_test_tmpdir();
    size_t l = strlen(c->tmp) + 8;
    c->db = malloc(l);
    snprintf(c->db, l, "%s/db", c->tmp);
    zc_index *ix;
    zc_error err;
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    assert_int_equal(zc_index_open(c->db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    if (zc_index_update(ix, &src, 1, NULL, &st, &err))
        fail_msg("indexing %s: %s", src, err.message);
    assert_true(st.failed <= allow_failed);
    zc_index_free(ix);
    load_docs(c);
    assert_int_equal(zc_index_open(c->db, ZC_OPEN_READ, &c->ix, &err), ZC_OK);
    assert_int_equal(zc_dict_open(NULL, &c->dict, &err), ZC_OK);
    assert_int_equal(zc_seg_new(c->dict, &c->seg, &err), ZC_OK);
    collect_words(c);
    return c;
}

void corpus_free(corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->name[i]), free(c->id[i]), free(c->title[i]);
        free(c->region[i]), free(c->text[i]), free(c->norm[i]);
    }
    strv_free(&c->words);
    strv_free(&c->words4);
    zc_seg_free(c->seg);
    zc_dict_free(c->dict);
    zc_index_free(c->ix);
    zc_test_rmtree(c->tmp);
    free(c->tmp);
    free(c->db);
    free(c);
}

void opts_init(zc_search_options *o)
{
    zc_search_options_init(o, ZC_SEARCH_OPTIONS_VERSION);
    o->limit = MAX_DOCS;
    o->synonyms = 0; /* the scan knows no synonyms */
}

/* Runs query with every hit listed; returns the hit set (or fails the test
 * on an error). *keep, if given, gets the results. */
dset run(corpus *c, const char *q, const zc_search_options *o0, zc_results **keep)
{
    zc_search_options o;
    if (o0)
        o = *o0;
    else
        opts_init(&o);
    zc_results *r;
    zc_error err;
    c->queries++;
    if (zc_search(c->ix, q, &o, &r, &err))
        fail_msg("query [%s]: %s", q, err.message);
    if (o.offset == 0 && zc_results_total(r) <= o.limit)
        assert_int_equal(zc_results_count(r), zc_results_total(r));
    dset s = 0;
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        size_t k = 0;
        while (k < c->n && strcmp(c->id[k], h->id) != 0)
            k++;
        if (k == c->n)
            fail_msg("query [%s]: hit %s is no document of the index", q, h->id);
        if (s & BIT(k))
            fail_msg("query [%s]: %s listed twice", q, c->name[k]);
        s |= BIT(k);
    }
    if (keep)
        *keep = r;
    else
        zc_results_free(r);
    return s;
}

void print_set(const corpus *c, const char *what, dset s)
{
    fprintf(stderr, "    %s (%d):", what, __builtin_popcountll(s));
    for (size_t i = 0, shown = 0; i < c->n; i++)
        if (s & BIT(i) && shown++ < 8)
            fprintf(stderr, " %s", c->name[i]);
    fprintf(stderr, "\n");
}

void mismatch(corpus *c, const char *q, dset got, dset want, dset want2)
{
    if (c->failures++ < 40) {
        fprintf(stderr, "MISMATCH query [%s]\n", q);
        print_set(c, "expected", want);
        if (want2 != want)
            print_set(c, "or expected", want2);
        print_set(c, "got", got);
    }
}

/* The hit set must be want (or want2: the alternatives a detail of the
 * searcher leaves open). */
void expect2(corpus *c, const char *q, const zc_search_options *o, dset want, dset want2)
{
    dset got = run(c, q, o, NULL);
    if (got != want && got != want2)
        mismatch(c, q, got, want, want2);
}

/* Between the sets: lo ⊆ hits ⊆ hi. */
void expect_within(corpus *c, const char *q, dset lo, dset hi)
{
    dset got = run(c, q, NULL, NULL);
    if ((got & lo) != lo || (got & ~hi))
        mismatch(c, q, got, lo, hi);
}

void no_failures(corpus *c)
{
    if (c->failures)
        fail_msg("%u of %u queries gave wrong hits (listed above)", c->failures, c->queries);
}

/* A random stretch of 1 to 8 characters of one line of a text; NULL when
 * the draw hits an empty line or a quote (quotes delimit phrases). */
char *random_phrase(corpus *c, size_t max_chars)
{
    const char *t = c->text[rnd(c) % c->n];
    size_t len = strlen(t);
    if (!len)
        return NULL;
    size_t at = zc_utf8_align(t, len, rnd(c) % len);
    size_t want = 1 + rnd(c) % max_chars, end = at, chars = 0, blanks = 0;
    while (end < len && chars < want && t[end] != '\n' && t[end] != '\r') {
        uint32_t cp;
        size_t k = zc_utf8_decode(t + end, len - end, &cp);
        if (!k || cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0xFF02)
            break;
        blanks += zc_is_space(cp) || zc_is_zero_width(cp);
        end += k;
        chars++;
    }
    if (chars == 0 || blanks == chars)
        return NULL;
    return strndup(t + at, end - at);
}

char *random_keyword(corpus *c, size_t lo, size_t hi)
{
    const char *t = c->text[rnd(c) % c->n];
    size_t len = strlen(t);
    if (!len)
        return NULL;
    size_t at = zc_utf8_align(t, len, rnd(c) % len);
    size_t want = lo + rnd(c) % (hi - lo + 1), end = at, chars = 0;
    while (end < len && chars < want) {
        uint32_t cp;
        size_t k = zc_utf8_decode(t + end, len - end, &cp);
        /* What ends a chunk, and what is no character of the text. */
        if (!k || zc_is_space(cp) || zc_is_newline(cp) || zc_is_zero_width(cp) || cp == '"' ||
            cp == 0x201C || cp == 0x201D || cp == 0xFF02 || cp == '(' || cp == ')' ||
            cp == 0xFF08 || cp == 0xFF09 || cp == 0)
            return NULL;
        /* At the start, what makes a chunk an exclusion or a ~keyword. */
        if (chars == 0 && (cp == '-' || cp == 0xFF0D || cp == '~' || cp == 0xFF5E))
            return NULL;
        end += k;
        chars++;
    }
    if (chars != want)
        return NULL;
    char *w = strndup(t + at, end - at);
    /* Operators, and field names before a colon, are no keywords. */
    static const char *const fields[] = {"region", "year", "title", "source"};
    int bad = !strcmp(w, "OR") || !strcmp(w, "AND") || !strcmp(w, "NOT");
    for (size_t f = 0; f < sizeof fields / sizeof *fields && !bad; f++) {
        size_t fl = strlen(fields[f]);
        bad = strncasecmp(w, fields[f], fl) == 0 &&
              (w[fl] == ':' || strncmp(w + fl, "\xEF\xBC\x9A", 3) == 0);
    }
    if (bad) {
        free(w);
        return NULL;
    }
    return w;
}

const char *word(corpus *c)
{
    return c->words.v[rnd(c) % c->words.n];
}

corpus *corpus_provincial(void)
{
    char *dir = zc_test_data_path("reports-provincial-2026");
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        printf("# %s is absent: skipped\n", dir);
        free(dir);
        skip();
    }
    /* The directory also holds the crawl's run and failure lists, CSV
     * files without a text column, which the indexer reports as failed. */
    corpus *c = corpus_open(dir, 2);
    free(dir);
    assert_int_equal(c->n, 31);
    return c;
}

int setup_seeds(void **state)
{
    char *src = zc_test_source_path("corpus");
    corpus *c = corpus_open(src, 0);
    free(src);
    assert_int_equal(c->n, 5);
    *state = c;
    return 0;
}

int teardown(void **state)
{
    corpus_free(*state);
    return 0;
}

dset with_region(const corpus *c, const char *name)
{
    dset s = 0;
    size_t l = strlen(name);
    for (size_t i = 0; i < c->n; i++) {
        const char *r = c->region[i];
        for (const char *p = r; (p = strstr(p, name)); p++)
            if ((p == r || p[-1] == '/') && (p[l] == '\0' || p[l] == '/'))
                s |= BIT(i);
    }
    return s;
}

dset with_years(const corpus *c, int lo, int hi)
{
    dset s = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->year[i] && (!lo || c->year[i] >= lo) && (!hi || c->year[i] <= hi))
            s |= BIT(i);
    return s;
}

dset with_title(const corpus *c, const char *text)
{
    char *w = zc_test_scan_view(text);
    dset s = 0;
    for (size_t i = 0; i < c->n; i++) {
        char *t = zc_test_scan_view(c->title[i]);
        if (zc_test_contains_whole(t, w))
            s |= BIT(i);
        free(t);
    }
    free(w);
    return s;
}

/* Random stretches of 2–6 characters of the texts as keywords, then as
 * phrases: each must match exactly the documents that contain it as
 * written. Returns how many keywords did (all of them, or the test fails);
 * the draws go to the file ZC_TEST_MATCH_DUMP names, if set, one line
 * each: the keyword, a tab, the names of the documents that contain it. */
int check_substrings(corpus *c, int count)
{
    const char *dump = getenv("ZC_TEST_MATCH_DUMP");
    FILE *f = dump ? fopen(dump, "w") : NULL;
    int exact = 0;
    for (int done = 0; done < count;) {
        char *w = random_keyword(c, 2, 6), q[64];
        if (!w)
            continue;
        dset want = scan(c, w), got = run(c, w, NULL, NULL);
        if (got == want)
            exact++;
        else
            mismatch(c, w, got, want, want);
        snprintf(q, sizeof q, "\"%s\"", w);
        expect(c, q, NULL, want);
        if (f) {
            fprintf(f, "%s\t", w);
            for (size_t i = 0; i < c->n; i++)
                if (want & BIT(i))
                    fprintf(f, "%s%s", c->name[i], want >> (i + 1) ? "," : "");
            fputc('\n', f);
        }
        free(w);
        done++;
    }
    if (f)
        fclose(f);
    return exact;
}
