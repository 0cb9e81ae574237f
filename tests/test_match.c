/* The searcher's contract (DESIGN.md §4–§7, docs/query.md) checked against
 * an independent substring scan of the cleaned text as the index stores it
 * (document data): phrases, single characters, Latin and number tokens,
 * keywords, operators as set algebra, filters, facets, ranking, snippets
 * and the zero-result hint. Synonyms are off wherever the scan decides,
 * since it knows none. The default tests index corpus/; "data" runs the
 * matching, filter and facet checks over the 31 provincial reports of
 * ../shared/data (exit 77 when the data is absent).
 *
 * Mismatches are printed (query, expected, got) and counted, so that one
 * run lists every failing query; each test fails at its end if any did. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "common/utf8.h"
#include "dict/dict.h"
#include "dict/seg.h"
#include "indexer/schema.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
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

static void strv_push(strv *s, const char *w, size_t len, int doc)
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

static void strv_free(strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->doc);
}

static uint64_t rnd(corpus *c)
{
    c->rng = c->rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return c->rng >> 17;
}

/* The documents whose text contains word. */
static dset scan(const corpus *c, const char *word)
{
    char *w = zc_test_scan_view(word);
    dset s = 0;
    for (size_t i = 0; i < c->n; i++)
        if (strstr(c->norm[i], w))
            s |= BIT(i);
    free(w);
    return s;
}

static char *value(zc_xdoc *doc, unsigned slot)
{
    char *v = NULL;
    size_t len;
    zc_error err;
    if (zc_xdoc_get_value(doc, slot, &v, &len, &err))
        fail_msg("value %u: %s", slot, err.message);
    return v;
}

/* Reads one document's text and metadata back from the index. */
static void load_doc(void *ctx, zc_xdoc *doc)
{
    corpus *c = ctx;
    assert_true(c->n < MAX_DOCS);
    size_t len, k = c->n++;
    c->text[k] = zc_test_doc_text(doc, &len);
    c->norm[k] = zc_test_scan_view(c->text[k]);
    char *path = value(doc, ZC_SLOT_PATH);
    size_t base = 0;
    for (size_t i = 0; path[i]; i++)
        base = path[i] == '/' ? i + 1 : base;
    c->name[k] = strdup(path + base);
    free(path);
    c->id[k] = value(doc, ZC_SLOT_ID);
    c->title[k] = value(doc, ZC_SLOT_TITLE);
    c->region[k] = value(doc, ZC_SLOT_REGION);
    char *y = value(doc, ZC_SLOT_YEAR);
    c->year[k] = *y ? (int)zc_x_sortable_unserialise(y, strlen(y)) : 0;
    free(y);
}

static void load_docs(corpus *c)
{
    zc_test_each_doc(c->db, load_doc, c);
}

static int is_han_text(const char *s, size_t len, size_t *chars)
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
static void collect_words(corpus *c)
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
static corpus *corpus_open(const char *src, uint64_t allow_failed)
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

static void corpus_free(corpus *c)
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

static void opts_init(zc_search_options *o)
{
    zc_search_options_init(o);
    o->limit = MAX_DOCS;
    o->synonyms = 0; /* the scan knows no synonyms */
}

/* Runs query with every hit listed; returns the hit set (or fails the test
 * on an error). *keep, if given, gets the results. */
static dset run(corpus *c, const char *q, const zc_search_options *o0, zc_results **keep)
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

static void print_set(const corpus *c, const char *what, dset s)
{
    fprintf(stderr, "    %s (%d):", what, __builtin_popcountll(s));
    for (size_t i = 0, shown = 0; i < c->n; i++)
        if (s & BIT(i) && shown++ < 8)
            fprintf(stderr, " %s", c->name[i]);
    fprintf(stderr, "\n");
}

static void mismatch(corpus *c, const char *q, dset got, dset want, dset want2)
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
static void expect2(corpus *c, const char *q, const zc_search_options *o, dset want, dset want2)
{
    dset got = run(c, q, o, NULL);
    if (got != want && got != want2)
        mismatch(c, q, got, want, want2);
}
#define expect(c, q, o, want) expect2(c, q, o, want, want)

/* Between the sets: lo ⊆ hits ⊆ hi. */
static void expect_within(corpus *c, const char *q, dset lo, dset hi)
{
    dset got = run(c, q, NULL, NULL);
    if ((got & lo) != lo || (got & ~hi))
        mismatch(c, q, got, lo, hi);
}

static void no_failures(corpus *c)
{
    if (c->failures)
        fail_msg("%u of %u queries gave wrong hits (listed above)", c->failures, c->queries);
}

/* A random stretch of 1 to 8 characters of one line of a text; NULL when
 * the draw hits an empty line or a quote (quotes delimit phrases). */
static char *random_phrase(corpus *c, size_t max_chars)
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

/* ---------------------------------------------------------- 1. matching */

static void check_phrases(corpus *c, int count)
{
    char q[128];
    for (int done = 0; done < count;) {
        char *p = random_phrase(c, 8);
        if (!p)
            continue;
        snprintf(q, sizeof q, "\"%s\"", p);
        expect(c, q, NULL, scan(c, p));
        free(p);
        done++;
    }
}

/* Every character (as keyword and as phrase), up to about 200 spread
 * evenly over the distinct characters of the texts. Query syntax
 * characters are left out: alone they are operators or errors. */
static int check_chars(corpus *c)
{
    uint8_t *seen = calloc(0x110000 / 8, 1);
    uint32_t *cps = NULL;
    size_t n = 0, cap = 0;
    for (size_t d = 0; d < c->n; d++) {
        const char *t = c->text[d];
        size_t len = strlen(t);
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            size_t k = zc_utf8_decode(t + i, len - i, &cp);
            i += k ? k : 1;
            if (!k || cp < 0x20 || zc_is_space(cp) || zc_is_newline(cp) || zc_is_zero_width(cp) ||
                seen[cp / 8] & (1u << cp % 8))
                continue;
            seen[cp / 8] |= (uint8_t)(1u << cp % 8);
            if ((cp < 0x80 && !((cp | 32) >= 'a' && (cp | 32) <= 'z') &&
                 !(cp >= '0' && cp <= '9')) ||
                cp == 0x201C || cp == 0x201D || cp == 0xFF02 || cp == 0xFF08 || cp == 0xFF09 ||
                cp == 0xFF0D)
                continue;
            if (n == cap)
                cps = realloc(cps, (cap = cap ? 2 * cap : 256) * sizeof *cps);
            cps[n++] = cp;
        }
    }
    free(seen);
    size_t step = n / 200 + 1;
    int done = 0;
    for (size_t i = 0; i < n; i += step) {
        char ch[8], q[16];
        ch[zc_utf8_encode(cps[i], ch)] = '\0';
        dset want = scan(c, ch);
        expect(c, ch, NULL, want);
        snprintf(q, sizeof q, "\"%s\"", ch);
        expect(c, q, NULL, want);
        done++;
    }
    free(cps);
    return done;
}

static int is_latin(char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z');
}

/* Every Latin/number token: a maximal run of ASCII letters, digits, '.'
 * and '%' (without leading '.'/'%' and trailing '.'), as a keyword, and
 * with the Han character next to it as a phrase (2025年). A keyword is
 * cut into the segmenter's words; a run the segmenter keeps whole (5G,
 * PM2.5, 27GWh, 5.8%) must match exactly the documents containing it, and
 * any run at least those, at most those with each of its non-punctuation
 * tokens. */
static int check_latin(corpus *c, int *mixed)
{
    strv toks = {0};
    *mixed = 0;
    for (size_t d = 0; d < c->n; d++) {
        const char *t = c->text[d];
        for (size_t i = 0; t[i];) {
            if (!is_latin(t[i]) && t[i] != '.' && t[i] != '%') {
                i++;
                continue;
            }
            size_t a = i, b;
            while (is_latin(t[i]) || t[i] == '.' || t[i] == '%')
                i++;
            b = i;
            while (a < b && (t[a] == '.' || t[a] == '%'))
                a++;
            while (b > a && t[b - 1] == '.')
                b--;
            int alnum = 0;
            for (size_t k = a; k < b; k++)
                alnum |= is_latin(t[k]);
            if (!alnum)
                continue;
            size_t before = toks.n;
            strv_push(&toks, t + a, b - a, (int)d);
            if (toks.n == before)
                continue;
            /* A Han character glued to it, after or else before. */
            uint32_t cp = 0;
            size_t k = zc_utf8_decode(t + b, strlen(t + b), &cp), s = a;
            char ph[96];
            if (k && zc_is_han(cp) && b - a < 80) {
                snprintf(ph, sizeof ph, "%.*s%.*s", (int)(b - a), t + a, (int)k, t + b);
            } else {
                while (s > 0 && ((unsigned char)t[s - 1] & 0xC0) == 0x80)
                    s--;
                if (s == 0 || a - s + 1 > 4 || b - a >= 80 ||
                    !zc_utf8_decode(t + s - 1, a - s + 1, &cp) || !zc_is_han(cp))
                    continue;
                snprintf(ph, sizeof ph, "%.*s", (int)(b - s + 1), t + s - 1);
            }
            char q[128];
            snprintf(q, sizeof q, "\"%s\"", ph);
            expect(c, q, NULL, scan(c, ph));
            ++*mixed;
        }
    }
    for (size_t i = 0; i < toks.n; i++) {
        const char *w = toks.v[i];
        const zc_token *t;
        size_t nt;
        zc_error err;
        assert_int_equal(zc_seg_cut(c->seg, w, strlen(w), ZC_SEG_ACCURATE, 0, &t, &nt, &err),
                         ZC_OK);
        dset hi = ~(dset)0;
        for (size_t k = 0; k < nt; k++) {
            if (t[k].flags & ZC_TOK_PUNCT)
                continue;
            char *piece = strndup(w + t[k].byte_off, t[k].byte_len);
            hi &= scan(c, piece);
            free(piece);
        }
        expect_within(c, w, scan(c, w), hi);
        /* Latin letters match regardless of case: the same hits swapped. */
        char *sw = strdup(w);
        int letters = 0;
        for (char *p = sw; *p; p++)
            if ((*p | 32) >= 'a' && (*p | 32) <= 'z')
                *p ^= 32, letters = 1;
        if (letters)
            expect_within(c, sw, scan(c, w), hi);
        free(sw);
    }
    int n = (int)toks.n;
    strv_free(&toks);
    return n;
}

/* Keywords that are single accurate-mode tokens. The searcher cuts a
 * keyword into its accurate-mode tokens and further cuts a token of four
 * characters or more into the dictionary words inside it (新型工业强市 →
 * 新型 工业 强市), never leaving a single character as a piece. A token of
 * 2–3 characters is thus one word and must match exactly the documents
 * containing it; one of 4 characters (ABCD) either stays whole or becomes
 * AB CD, so the hits are the documents with ABCD or those with both AB and
 * CD. Several keywords need each one (AND). */
static int check_keywords(corpus *c, int *combos)
{
    for (size_t i = 0; i < c->words.n; i++)
        expect(c, c->words.v[i], NULL, scan(c, c->words.v[i]));
    for (size_t i = 0; i < c->words4.n; i++) {
        const char *w = c->words4.v[i];
        size_t half = zc_utf8_align(w, strlen(w), strlen(w) / 2);
        char *ab = strndup(w, half);
        expect2(c, w, NULL, scan(c, w), scan(c, ab) & scan(c, w + half));
        free(ab);
    }
    *combos = 0;
    for (int k = 0; k < 120; k++) {
        size_t nk = 2 + (size_t)k % 2;
        char q[256] = "";
        dset want = ~(dset)0;
        /* Every other query takes its keywords from one document. */
        size_t first = rnd(c) % c->words.n;
        for (size_t j = 0; j < nk; j++) {
            size_t w = first;
            for (int tries = 0; j > 0 && tries < 50; tries++) {
                w = rnd(c) % c->words.n;
                if (k % 2 || c->words.doc[w] == c->words.doc[first])
                    break;
            }
            strcat(q, j ? " " : "");
            strcat(q, c->words.v[w]);
            want &= scan(c, c->words.v[w]);
        }
        expect(c, q, NULL, want);
        ++*combos;
    }
    return (int)(c->words.n + c->words4.n);
}

static void check_matching(corpus *c)
{
    check_phrases(c, 500);
    int chars = check_chars(c), mixed, combos;
    int latin = check_latin(c, &mixed);
    int kw = check_keywords(c, &combos);
    printf("# %zu documents: 500 phrases, %d characters (x2), %d Latin/number tokens, "
           "%d mixed phrases, %d keywords, %d multi-keyword queries\n",
           c->n, chars, latin, mixed, kw, combos);
    assert_true(chars >= 150);
    assert_true(combos >= 100);
    no_failures(c);
}

/* ---------------------------------------------------------- 2. operators */

static const char *word(corpus *c)
{
    return c->words.v[rnd(c) % c->words.n];
}

static void check_operators(corpus *c)
{
    char q[512];
    for (int round = 0; round < 25; round++) {
        const char *a = word(c), *b = word(c), *d = word(c), *e = word(c), *f = word(c);
        dset A = scan(c, a), B = scan(c, b), D = scan(c, d), E = scan(c, e), F = scan(c, f);
        snprintf(q, sizeof q, "%s OR %s", a, b);
        expect(c, q, NULL, A | B);
        snprintf(q, sizeof q, "%s -%s", a, b);
        expect(c, q, NULL, A & ~B);
        snprintf(q, sizeof q, "%s NOT %s", a, b);
        expect(c, q, NULL, A & ~B);
        snprintf(q, sizeof q, "%s AND %s", a, b);
        expect(c, q, NULL, A & B);
        snprintf(q, sizeof q, "(%s OR %s) %s", a, b, d);
        expect(c, q, NULL, (A | B) & D);
        snprintf(q, sizeof q, "%s %s OR %s", a, b, d); /* (a b) OR d */
        expect(c, q, NULL, (A & B) | D);
        snprintf(q, sizeof q, "%s OR %s -%s", a, b, d); /* a OR (b -d) */
        expect(c, q, NULL, A | (B & ~D));
        snprintf(q, sizeof q, "((%s OR %s) (%s OR %s)) OR %s", a, b, d, e, f);
        expect(c, q, NULL, ((A | B) & (D | E)) | F);
        snprintf(q, sizeof q, "%s -(%s OR %s)", a, b, d);
        expect(c, q, NULL, A & ~(B | D));
        snprintf(q, sizeof q, "(%s (%s OR (%s -%s)))", a, b, d, e);
        expect(c, q, NULL, A & (B | (D & ~E)));
        snprintf(q, sizeof q, "（%s OR %s） %s", a, b, d);
        expect(c, q, NULL, (A | B) & D);
        char *p = random_phrase(c, 6);
        if (p) {
            snprintf(q, sizeof q, "\"%s\" OR %s", p, a);
            expect(c, q, NULL, scan(c, p) | A);
            snprintf(q, sizeof q, "%s -\"%s\"", a, p);
            expect(c, q, NULL, A & ~scan(c, p));
            free(p);
        }
        zc_search_options o;
        opts_init(&o);
        o.any = 1;
        snprintf(q, sizeof q, "%s %s %s", a, b, d);
        expect(c, q, &o, A | B | D);
    }
    no_failures(c);
}

/* ----------------------------------------------------------- 3. filters */

static dset with_region(const corpus *c, const char *name)
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

static dset with_years(const corpus *c, int lo, int hi)
{
    dset s = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->year[i] && (!lo || c->year[i] >= lo) && (!hi || c->year[i] <= hi))
            s |= BIT(i);
    return s;
}

static dset with_title(const corpus *c, const char *text)
{
    char *w = zc_test_scan_view(text);
    dset s = 0;
    for (size_t i = 0; i < c->n; i++) {
        char *t = zc_test_scan_view(c->title[i]);
        if (strstr(t, w))
            s |= BIT(i);
        free(t);
    }
    free(w);
    return s;
}

static void check_filters(corpus *c, const char *kw)
{
    char q[512];
    dset K = scan(c, kw);
    zc_search_options o;
    /* Every region of every document, at every level, by its full name;
     * and the keyword inside it, as a filter and as --region. */
    for (size_t i = 0; i < c->n; i++) {
        char *path = strdup(c->region[i]);
        for (char *save, *r = strtok_r(path, "/", &save); r; r = strtok_r(NULL, "/", &save)) {
            dset R = with_region(c, r);
            snprintf(q, sizeof q, "region:%s", r);
            expect(c, q, NULL, R);
            snprintf(q, sizeof q, "%s region:%s", kw, r);
            expect(c, q, NULL, K & R);
            opts_init(&o);
            o.region = r;
            expect(c, kw, &o, K & R);
        }
        free(path);
    }
    /* Short forms, where the documents have them. */
    const char *shorts[][2] = {{"江西", "江西省"},
                               {"新余", "新余市"},
                               {"抚州", "抚州市"},
                               {"上海", "上海市"},
                               {"广西", "广西壮族自治区"}};
    for (size_t i = 0; i < sizeof shorts / sizeof *shorts; i++) {
        dset R = with_region(c, shorts[i][1]);
        if (!R)
            continue;
        snprintf(q, sizeof q, "region:%s", shorts[i][0]);
        expect(c, q, NULL, R);
        snprintf(q, sizeof q, "%s region:%s", kw, shorts[i][0]);
        expect(c, q, NULL, K & R);
        opts_init(&o);
        o.region = shorts[i][0];
        expect(c, kw, &o, K & R);
    }
    /* Years: each one, closed and open ranges, in the query and as options. */
    int ranges[][2] = {{2020, 2025}, {2025, 0}, {0, 2024}, {2024, 2024}, {2026, 2026}};
    for (size_t i = 0; i < c->n + 5; i++) {
        int lo = i < c->n ? c->year[i] : ranges[i - c->n][0];
        int hi = i < c->n ? c->year[i] : ranges[i - c->n][1];
        if (i < c->n && !lo)
            continue;
        dset Y = with_years(c, lo, hi);
        char yv[32];
        if (lo == hi)
            snprintf(yv, sizeof yv, "%d", lo);
        else if (!lo || !hi)
            snprintf(yv, sizeof yv, lo ? "%d.." : "..%d", lo ? lo : hi);
        else
            snprintf(yv, sizeof yv, "%d..%d", lo, hi);
        snprintf(q, sizeof q, "year:%s", yv);
        expect(c, q, NULL, Y);
        snprintf(q, sizeof q, "%s year:%s", kw, yv);
        expect(c, q, NULL, K & Y);
        opts_init(&o);
        o.year_lo = lo, o.year_hi = hi;
        expect(c, kw, &o, K & Y);
    }
    /* title: a stretch of each title; every hit's title holds it. */
    for (size_t i = 0; i < c->n; i++) {
        const char *t = c->title[i];
        size_t len = strlen(t), at = zc_utf8_align(t, len, len / 3), end = at;
        for (int k = 0; k < 3 && end < len; k++) {
            uint32_t cp;
            end += zc_utf8_decode(t + end, len - end, &cp);
        }
        char *part = strndup(t + at, end - at);
        /* Quotes, parentheses and blanks end a chunk. */
        static const char *const syntax[] = {" ", "\"", "(",  ")",  "\xE3\x80\x80",
                                             "“", "”",  "＂", "（", "）"};
        int plain = 1;
        for (size_t k = 0; k < sizeof syntax / sizeof *syntax; k++)
            plain &= strstr(part, syntax[k]) == NULL;
        if (plain) {
            snprintf(q, sizeof q, "title:%s", part);
            zc_results *r;
            dset got = run(c, q, NULL, &r);
            if (got != with_title(c, part))
                mismatch(c, q, got, with_title(c, part), with_title(c, part));
            zc_results_free(r);
        }
        free(part);
    }
    /* Unknown regions are errors, in the query and as an option. */
    zc_results *r = NULL;
    zc_error err;
    opts_init(&o);
    assert_int_equal(zc_search(c->ix, "新能源 region:火星", &o, &r, &err), ZC_ERR_QUERY);
    assert_null(r);
    o.region = "火星";
    assert_int_equal(zc_search(c->ix, "新能源", &o, &r, &err), ZC_ERR_QUERY);
    no_failures(c);
}

/* ------------------------------------------------------------ 4. facets */

typedef struct tally {
    char name[96], parent[96];
    int level; /* 1 province, 2 city, 3 county */
    uint64_t count;
} tally;

static const char *level_name(int level)
{
    return level == 1 ? "province" : level == 2 ? "city" : "county";
}

/* The facets equal the counts over the hit list, in the documented order. */
static void check_facets(corpus *c, const char *q, const zc_search_options *o)
{
    zc_results *r;
    run(c, q, o, &r);
    tally t[256];
    size_t nt = 0;
    int years[MAX_DOCS];
    uint64_t ycount[MAX_DOCS];
    size_t ny = 0;
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        char *path = strdup(h->region), *save, parent[96] = "";
        int level = 1;
        for (char *p = strtok_r(path, "/", &save); p; p = strtok_r(NULL, "/", &save), level++) {
            size_t k = 0;
            while (k < nt && (strcmp(t[k].name, p) || t[k].level != level))
                k++;
            if (k == nt) {
                assert_true(nt < 256);
                snprintf(t[nt].name, sizeof t[nt].name, "%s", p);
                snprintf(t[nt].parent, sizeof t[nt].parent, "%s", parent);
                t[nt].level = level, t[nt++].count = 0;
            }
            t[k].count++;
            snprintf(parent, sizeof parent, "%s", p);
        }
        free(path);
        if (h->year) {
            size_t k = 0;
            while (k < ny && years[k] != h->year)
                k++;
            if (k == ny)
                years[ny] = h->year, ycount[ny++] = 0;
            ycount[k]++;
        }
    }
    size_t nf = zc_results_facet_count(r, ZC_FACET_REGION);
    if (nf != nt)
        fail_msg("query [%s]: %zu region facets, the hits have %zu regions", q, nf, nt);
    for (size_t i = 0; i < nf; i++) {
        const zc_facet *f = zc_results_facet(r, ZC_FACET_REGION, i);
        size_t k = 0;
        while (k < nt && (strcmp(t[k].name, f->value) || strcmp(level_name(t[k].level), f->level)))
            k++;
        if (k == nt)
            fail_msg("query [%s]: facet %s (%s) is no region of the hits", q, f->value, f->level);
        if (f->count != t[k].count)
            fail_msg("query [%s]: facet %s counts %llu, the hits %llu", q, f->value,
                     (unsigned long long)f->count, (unsigned long long)t[k].count);
        if (t[k].level == 1)
            assert_null(f->parent);
        else if (!f->parent || strcmp(f->parent, t[k].parent))
            fail_msg("query [%s]: facet %s has parent %s, expected %s", q, f->value,
                     f->parent ? f->parent : "NULL", t[k].parent);
        assert_int_equal(f->year, 0);
        if (i > 0) { /* province, city, county; each by count, descending */
            const zc_facet *p = zc_results_facet(r, ZC_FACET_REGION, i - 1);
            int pl = !strcmp(p->level, "province") ? 1 : !strcmp(p->level, "city") ? 2 : 3;
            assert_true(pl < t[k].level || (pl == t[k].level && p->count >= f->count));
        }
    }
    nf = zc_results_facet_count(r, ZC_FACET_YEAR);
    if (nf != ny)
        fail_msg("query [%s]: %zu year facets, the hits have %zu years", q, nf, ny);
    for (size_t i = 0; i < nf; i++) {
        const zc_facet *f = zc_results_facet(r, ZC_FACET_YEAR, i);
        size_t k = 0;
        while (k < ny && years[k] != f->year)
            k++;
        if (k == ny || ycount[k] != f->count)
            fail_msg("query [%s]: year facet %d (%llu) differs from the hits", q, f->year,
                     (unsigned long long)f->count);
        char v[16];
        snprintf(v, sizeof v, "%d", f->year);
        assert_string_equal(f->value, v);
        assert_null(f->level);
        assert_null(f->parent);
        if (i > 0)
            assert_true(zc_results_facet(r, ZC_FACET_YEAR, i - 1)->year > f->year);
    }
    zc_results_free(r);
}

static void check_all_facets(corpus *c)
{
    const char *qs[] = {"的",           "新能源",         "region:江西 新能源",
                        "发展 OR 锂电", "\"高质量发展\"", "year:2024..",
                        "工作 -锂"};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
        check_facets(c, qs[i], NULL);
    for (size_t i = 0; i < 20; i++)
        check_facets(c, word(c), NULL);
    zc_search_options o;
    opts_init(&o);
    char *province = strndup(c->region[0], strcspn(c->region[0], "/"));
    o.region = province;
    check_facets(c, "发展", &o);
    free(province);
}

/* ------------------------------------------------------------- the tests */

static int setup_seeds(void **state)
{
    char *src = zc_test_source_path("corpus");
    corpus *c = corpus_open(src, 0);
    free(src);
    assert_int_equal(c->n, 5);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    corpus_free(*state);
    return 0;
}

static void test_matching(void **state)
{
    check_matching(*state);
}

static void test_operators(void **state)
{
    check_operators(*state);
}

static void test_filters(void **state)
{
    corpus *c = *state;
    check_filters(c, "新能源");
    check_filters(c, "高新区");
    /* region:江西 holds every seed: the cities' reports are found. */
    assert_int_equal(run(c, "region:江西", NULL, NULL), (BIT(c->n) - 1));
    assert_int_equal(__builtin_popcountll(run(c, "region:新余", NULL, NULL)), 4);
}

static void test_facets(void **state)
{
    corpus *c = *state;
    check_all_facets(c);
    /* Acceptance 2: region:江西 新能源 shows 新余市 and 抚州市. */
    zc_results *r;
    zc_search_options o;
    opts_init(&o);
    run(c, "region:江西 新能源", &o, &r);
    int cities = 0;
    for (size_t i = 0; i < zc_results_facet_count(r, ZC_FACET_REGION); i++) {
        const zc_facet *f = zc_results_facet(r, ZC_FACET_REGION, i);
        cities += !strcmp(f->value, "新余市") || !strcmp(f->value, "抚州市");
    }
    assert_int_equal(cities, 2);
    zc_results_free(r);
}

/* ----------------------------------------------------------- 5. ranking */

/* A document: title, then copies lines holding body, then filler lines
 * (none of them holds 新型, 工业, 强市 or 钠). */
static void add_doc(const char *dir, const char *name, const char *title, const char *body,
                    int copies, int fill)
{
    static const char *const filler[] = {"全年地区生产总值稳步增长。", "城乡居民收入持续提高。",
                                         "生态环境质量明显改善。", "民生保障水平不断提升。"};
    char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, "%s\n", title);
    for (int i = 0; i < copies; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s%s\n", filler[i % 4], body);
    for (int i = 0; i < fill; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s\n", filler[(i + copies) % 4]);
    free(zc_test_write_file(dir, name, text, n));
}

/* The rank (1-based) of each named file in the results of q. */
static void ranks(zc_index *ix, const char *q, zc_sort sort, const char *const *names, size_t n,
                  unsigned *rank, int *years, size_t *total)
{
    zc_search_options o;
    opts_init(&o);
    o.sort = sort;
    zc_results *r;
    zc_error err;
    assert_int_equal(zc_search(ix, q, &o, &r, &err), ZC_OK);
    *total = zc_results_count(r);
    for (size_t i = 0; i < n; i++)
        rank[i] = 0;
    for (size_t k = 0; k < zc_results_count(r); k++) {
        const zc_hit *h = zc_results_hit(r, k);
        const char *base = strrchr(h->path, '/') ? strrchr(h->path, '/') + 1 : h->path;
        for (size_t i = 0; i < n; i++)
            if (names && !strcmp(names[i], base))
                rank[i] = h->rank;
        if (years)
            years[k] = h->year;
    }
    zc_results_free(r);
}

/* Documents holding 新型工业强市 rank above those holding 新型, 工业 and
 * 强市 only apart, however often; a title match above a body match. */
static void test_ranking(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir(), dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/docs", tmp);
    snprintf(db, sizeof db, "%s/db", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    const char *names[10];
    char buf[10][32];
    for (int i = 0; i < 10; i++) {
        snprintf(buf[i], sizeof buf[i], "%s%d.txt", i < 4 ? "together" : "apart", i);
        names[i] = buf[i];
        char title[64];
        snprintf(title, sizeof title, "第%d号材料", i + 1);
        if (i < 4) /* once, contiguous, in a longer or shorter text */
            add_doc(dir, names[i], title,
                    i % 2 ? "推进新型工业强市建设。" : "我市坚定不移建设新型工业强市。", 1,
                    2 + i * 4);
        else /* apart, up to 16 times each */
            add_doc(dir, names[i], title, "新型材料不断涌现，工业经济稳中有进，强市战略全面实施。",
                    1 + (i - 4) * 3, 4);
    }
    add_doc(dir, "title.txt", "钠离子电池产业发展报告", "今年钠离子电池产能扩大。", 1, 4);
    add_doc(dir, "body.txt", "产业发展情况报告", "今年钠离子电池产能扩大，钠离子电池项目开工。", 1,
            4);
    zc_index *ix;
    zc_error err;
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    const char *src = dir;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    assert_int_equal(zc_index_update(ix, &src, 1, NULL, &st, &err), ZC_OK);
    assert_int_equal(st.indexed, 12);
    zc_index_free(ix);
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);

    unsigned rank[10];
    size_t total;
    ranks(ix, "新型工业强市", ZC_SORT_RELEVANCE, names, 10, rank, NULL, &total);
    assert_int_equal(total, 10);
    for (int i = 0; i < 4; i++)
        for (int j = 4; j < 10; j++)
            if (!rank[i] || !rank[j] || rank[i] > rank[j])
                fail_msg("新型工业强市: %s (contiguous) ranks %u, %s (apart) %u", names[i], rank[i],
                         names[j], rank[j]);
    ranks(ix, "\"新型工业强市\"", ZC_SORT_RELEVANCE, names, 10, rank, NULL, &total);
    assert_int_equal(total, 4);

    const char *tb[] = {"title.txt", "body.txt"};
    ranks(ix, "钠离子电池", ZC_SORT_RELEVANCE, tb, 2, rank, NULL, &total);
    assert_int_equal(total, 2);
    if (rank[0] != 1)
        fail_msg("钠离子电池: the title match ranks %u, the body match %u", rank[0], rank[1]);
    zc_index_free(ix);
    zc_test_rmtree(tmp);
    free(tmp);
}

/* --sort year: newest first (unknown years last). */
static void test_sort_year(void **state)
{
    corpus *c = *state;
    const char *qs[] = {"的", "新余 OR 抚州", "region:江西", "发展"};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        int years[MAX_DOCS];
        unsigned rank[1];
        size_t total;
        ranks(c->ix, qs[i], ZC_SORT_YEAR, NULL, 0, rank, years, &total);
        assert_true(total > 1);
        for (size_t k = 1; k < total; k++)
            if (years[k] && (!years[k - 1] || years[k - 1] < years[k]))
                fail_msg("[%s] sorted by year: hit %zu is of %d, hit %zu of %d", qs[i], k,
                         years[k - 1], k + 1, years[k]);
    }
}

/* ---------------------------------------------------------- 6. snippets */

/* Does every character of h lie inside an occurrence, within h, of one of
 * pats (compared as matching compares)? */
static int covered(const char *h, const char *const *pats, size_t np)
{
    char *nh = zc_test_scan_view(h);
    size_t len = strlen(nh);
    char *cov = calloc(len + 1, 1);
    for (size_t p = 0; p < np; p++) {
        char *np_ = zc_test_scan_view(pats[p]);
        size_t pl = strlen(np_);
        for (const char *s = nh; pl && (s = strstr(s, np_)); s++)
            memset(cov + (s - nh), 1, pl);
        free(np_);
    }
    int ok = len > 0;
    for (size_t i = 0; i < len; i++)
        ok &= cov[i];
    free(cov);
    free(nh);
    return ok;
}

static const char *char_at(const char *s, size_t n)
{
    while (n-- && *s) {
        s++;
        while (((unsigned char)*s & 0xC0) == 0x80)
            s++;
    }
    return s;
}

static void check_snippets(corpus *c, const char *q, const char *const *pats, size_t np)
{
    zc_search_options o;
    opts_init(&o);
    zc_results *r;
    run(c, q, &o, &r);
    for (size_t i = 0; i < zc_results_count(r); i++) {
        const zc_hit *h = zc_results_hit(r, i);
        size_t bad, len = strlen(h->snippet);
        if (!zc_utf8_valid(h->snippet, len, &bad))
            fail_msg("[%s] %s: snippet not valid UTF-8 at byte %zu", q, h->path, bad);
        size_t chars = zc_utf8_count(h->snippet, len), prev = 0;
        if (h->n_highlights == 0)
            fail_msg("[%s] %s: a hit without highlights", q, h->path);
        for (size_t k = 0; k < h->n_highlights; k++) {
            size_t a = h->highlights[2 * k], b = h->highlights[2 * k + 1];
            if (a >= b || b > chars || a < prev)
                fail_msg("[%s] %s: highlight [%zu, %zu) in %zu characters (previous end %zu)", q,
                         h->path, a, b, chars, prev);
            prev = b;
            const char *s = char_at(h->snippet, a), *e = char_at(h->snippet, b);
            char *text = strndup(s, (size_t)(e - s));
            if (!covered(text, pats, np)) {
                if (c->failures++ < 40)
                    fprintf(stderr, "BAD HIGHLIGHT [%s] %s: '%s' is no match of the query\n", q,
                            h->path, text);
            }
            free(text);
        }
    }
    zc_results_free(r);
}

static void test_snippets(void **state)
{
    corpus *c = *state;
    char q[256];
    for (int i = 0; i < 40; i++) {
        const char *a = word(c), *b = word(c);
        check_snippets(c, a, &a, 1);
        const char *ab[] = {a, b};
        snprintf(q, sizeof q, "%s %s", a, b);
        check_snippets(c, q, ab, 2);
        char *p = random_phrase(c, 8);
        if (p) {
            const char *pa[] = {p, a};
            snprintf(q, sizeof q, "\"%s\"", p);
            check_snippets(c, q, pa, 1);
            snprintf(q, sizeof q, "\"%s\" OR %s", p, a);
            check_snippets(c, q, pa, 2);
            free(p);
        }
    }
    const char *latin[] = {"5G", "PM2.5", "2025年", "GWh", "新余", "\"锂电\""};
    for (size_t i = 0; i < sizeof latin / sizeof *latin; i++) {
        const char *pat = latin[i][0] == '"' ? "锂电" : latin[i];
        check_snippets(c, latin[i], &pat, 1);
    }
    no_failures(c);
}

/* ------------------------------------------------------ 7. zero results */

/* Words each present but never together: no hit, and the hint counts the
 * documents with any of them. */
static void test_zero_results(void **state)
{
    corpus *c = *state;
    int found = 0;
    for (size_t i = 0; i < c->words.n && found < 5; i++)
        for (size_t j = i + 1; j < c->words.n && found < 5; j++) {
            dset A = scan(c, c->words.v[i]), B = scan(c, c->words.v[j]);
            if (!A || !B || (A & B))
                continue;
            char q[128];
            snprintf(q, sizeof q, "%s %s", c->words.v[i], c->words.v[j]);
            zc_results *r;
            run(c, q, NULL, &r);
            if (zc_results_total(r) != 0 ||
                zc_results_any_total(r) != (uint64_t)__builtin_popcountll(A | B))
                fail_msg("[%s]: total %llu, any_total %llu, expected 0 and %d", q,
                         (unsigned long long)zc_results_total(r),
                         (unsigned long long)zc_results_any_total(r), __builtin_popcountll(A | B));
            zc_results_free(r);
            found++;
        }
    assert_true(found > 0);
}

/* ---------------------------------------------------------------- data */

/* Matching, filters and facets over the 31 provincial reports. */
static void test_provincial(void **state)
{
    (void)state;
    char *dir = zc_test_data_path("reports-provincial-2026");
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        printf("# %s is absent: skipped\n", dir);
        free(dir);
        skip();
    }
    double t0 = zc_test_now();
    /* The directory also holds the crawl's run and failure lists, CSV
     * files without a text column, which the indexer reports as failed. */
    corpus *c = corpus_open(dir, 2);
    free(dir);
    assert_int_equal(c->n, 31);
    printf("# indexed in %.1f s\n", zc_test_now() - t0);
    check_matching(c);
    check_filters(c, "新能源");
    check_filters(c, "人工智能");
    check_all_facets(c);
    check_facets(c, "region:江西 新能源", NULL);
    printf("# %u queries in %.1f s\n", c->queries, zc_test_now() - t0);
    corpus_free(c);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matching),     cmocka_unit_test(test_operators),
        cmocka_unit_test(test_filters),      cmocka_unit_test(test_facets),
        cmocka_unit_test(test_sort_year),    cmocka_unit_test(test_snippets),
        cmocka_unit_test(test_zero_results), cmocka_unit_test(test_ranking),
    };
    const struct CMUnitTest data[] = {cmocka_unit_test(test_provincial)};
    if (argc > 1)
        return zc_test_main(argc, argv, tests, 0, data, 1);
    return cmocka_run_group_tests(tests, setup_seeds, teardown);
}
