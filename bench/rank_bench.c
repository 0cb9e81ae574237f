/* Ranking on question → passage sets (bench/rank.sh): the first ten
 * passages each question finds, with zhengce and with the two BM25
 * anchors, for rank.py to score.
 *
 * usage:
 *   zc-bench-rank words-index DBDIR PASSAGES.jsonl
 *       a word index: each row's title and content (joined by a line
 *       break, as zc-bench-ngram-index --jsonl joins them) cut into words
 *       by the segmenter (accurate mode), one term per word with its count
 *       as wdf, ASCII lower-cased; tokens of no letter, digit or Han
 *       character are left out.
 *   zc-bench-rank run zhengce|ngram|words DBDIR QUESTIONS
 *       QUESTIONS: one question per line. Prints, per question, the rows
 *       (from 0) of the passages found, best first, at most ten, blank
 *       separated: zhengce with --match any; ngram: Xapian's QueryParser
 *       with FLAG_CJK_NGRAM, terms joined by OR, BM25; words: the
 *       question's words as above, joined by OR, BM25. A question zhengce
 *       refuses prints an empty line and a note on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <jansson.h>

#include "bench/anchor.h"
#include "common/err.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

#define TOP 10

static int wordlike(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u)
            return 1;
        /* U+3400..U+9FFF: three bytes, E3 90 80 .. E9 BF BF */
        if (c >= 0xe3 && c <= 0xe9 && i + 2 < n && !(c == 0xe3 && (unsigned char)s[i + 1] < 0x90))
            return 1;
    }
    return 0;
}

/* The words of text as terms (malloc'd strings into *terms, *n). */
static int words_of(zc_segmenter *seg, const char *text, size_t len, char ***terms, size_t *n,
                    zc_error *err)
{
    const zc_word *w;
    size_t nw;
    *terms = NULL;
    *n = 0;
    int rc = zc_segment(seg, text, len, 0, &w, &nw, err);
    if (rc)
        return rc;
    *terms = calloc(nw + 1, sizeof **terms);
    for (size_t i = 0; *terms && i < nw; i++) {
        const char *s = text + w[i].offset;
        size_t l = w[i].length;
        if (!wordlike(s, l) || l > 200)
            continue;
        char *t = malloc(l + 1);
        if (!t)
            break;
        for (size_t k = 0; k < l; k++)
            t[k] = (s[k] >= 'A' && s[k] <= 'Z') ? (char)(s[k] + 32) : s[k];
        t[l] = '\0';
        (*terms)[(*n)++] = t;
    }
    return *terms ? ZC_OK : zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
}

static void terms_free(char **terms, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(terms[i]);
    free(terms);
}

static const char *field(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

static int words_index(const char *dbdir, const char *jsonl)
{
    zc_error err;
    zc_xdb *db = NULL;
    zc_segmenter *seg = NULL;
    FILE *f = fopen(jsonl, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot read\n", jsonl);
        return 2;
    }
    int rc = zc_segmenter_new(NULL, &seg, &err);
    if (rc == ZC_OK)
        rc = zc_xdb_open_writable(dbdir, ZC_XDB_OVERWRITE, &db, &err);
    char *line = NULL;
    size_t cap = 0;
    while (rc == ZC_OK && getline(&line, &cap, f) > 0) {
        json_t *row = json_loads(line, 0, NULL);
        char *text =
            row ? g_strdup_printf("%s\n%s", field(row, "title"), field(row, "content")) : NULL;
        if (!text) {
            json_decref(row);
            rc = zc_err_set(&err, ZC_ERR_INVALID, "%s: a row is not JSON", jsonl);
            break;
        }
        char **terms;
        size_t n;
        zc_xdoc *doc = NULL;
        rc = words_of(seg, text, strlen(text), &terms, &n, &err);
        if (rc == ZC_OK)
            rc = zc_xdoc_new(&doc, &err);
        for (size_t i = 0; rc == ZC_OK && i < n; i++)
            rc = zc_xdoc_add_term_n(doc, terms[i], strlen(terms[i]), 1, &err);
        if (rc == ZC_OK)
            rc = zc_xdb_add_document(db, doc, NULL, &err);
        zc_xdoc_free(doc);
        terms_free(terms, n);
        g_free(text);
        json_decref(row);
    }
    if (rc == ZC_OK)
        rc = zc_xdb_commit(db, &err);
    free(line);
    fclose(f);
    zc_xdb_free(db);
    zc_segmenter_free(seg);
    if (rc) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    return 0;
}

/* The top rows of question q on an anchor index. */
static int run_anchor(const zc_xdb *db, zc_segmenter *seg, const char *q, unsigned *ids, size_t *n,
                      zc_error *err)
{
    zc_xquery *xq = NULL;
    int rc = ZC_OK;
    *n = 0;
    if (!seg) {
        rc = zc_bench_ngram_query(db, q, 1, &xq, err);
    } else {
        char **terms;
        size_t nt;
        rc = words_of(seg, q, strlen(q), &terms, &nt, err);
        zc_xquery **subs = rc ? NULL : calloc(nt + 1, sizeof *subs);
        size_t ns = 0;
        for (size_t i = 0; subs && rc == ZC_OK && i < nt; i++)
            if ((rc = zc_xquery_term(terms[i], 1, 0, &subs[ns], err)) == ZC_OK)
                ns++;
        if (rc == ZC_OK && ns)
            rc = zc_xquery_combine(ZC_XOP_OR, subs, ns, 0, &xq, err);
        for (size_t i = 0; subs && i < ns; i++)
            zc_xquery_free(subs[i]);
        free(subs);
        if (rc == ZC_OK)
            terms_free(terms, nt);
    }
    if (rc == ZC_OK && xq)
        rc = zc_bench_bm25_top(db, xq, TOP, ids, n, err);
    for (size_t i = 0; i < *n; i++)
        ids[i]--; /* docids from 1, rows from 0 */
    zc_xquery_free(xq);
    return rc;
}

/* The top rows of question q with zhengce: the row from the hit's path
 * ("FILE#ROW", rows counted from 1). */
static int run_zhengce(zc_index *ix, const char *q, unsigned *ids, size_t *n, zc_error *err)
{
    zc_search_options o;
    zc_search_options_init(&o, ZC_SEARCH_OPTIONS_VERSION);
    o.any = 1;
    o.facets = 0;
    o.limit = TOP;
    o.threads = 1;
    zc_results *r = NULL;
    *n = 0;
    int rc = zc_search(ix, q, &o, &r, err);
    for (size_t i = 0; rc == ZC_OK && i < zc_results_count(r); i++) {
        const char *hash = strrchr(zc_results_hit(r, i)->path, '#');
        if (hash)
            ids[(*n)++] = (unsigned)strtoul(hash + 1, NULL, 10) - 1;
    }
    zc_results_free(r);
    return rc == ZC_ERR_NOT_FOUND ? ZC_OK : rc;
}

static int run(const char *kind, const char *dbdir, const char *qfile)
{
    zc_error err;
    zc_xdb *db = NULL;
    zc_index *ix = NULL;
    zc_segmenter *seg = NULL;
    int rc, zhengce = !strcmp(kind, "zhengce");
    if (zhengce)
        rc = zc_index_open(dbdir, ZC_OPEN_READ, &ix, &err);
    else
        rc = zc_xdb_open(dbdir, &db, &err);
    if (rc == ZC_OK && !strcmp(kind, "words"))
        rc = zc_segmenter_new(NULL, &seg, &err);
    FILE *f = rc ? NULL : fopen(qfile, "r");
    if (rc == ZC_OK && !f)
        rc = zc_err_set(&err, ZC_ERR_IO, "%s: cannot read", qfile);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while (rc == ZC_OK && (got = getline(&line, &cap, f)) > 0) {
        if (line[got - 1] == '\n')
            line[--got] = '\0';
        unsigned ids[TOP];
        size_t n = 0;
        rc = zhengce ? run_zhengce(ix, line, ids, &n, &err)
                     : run_anchor(db, seg, line, ids, &n, &err);
        if (rc == ZC_ERR_QUERY) { /* a question the query language refuses */
            fprintf(stderr, "%s: %s\n", kind, err.message);
            rc = ZC_OK;
        }
        for (size_t i = 0; i < n; i++)
            printf(i ? " %u" : "%u", ids[i]);
        putchar('\n');
    }
    free(line);
    if (f)
        fclose(f);
    zc_segmenter_free(seg);
    zc_index_free(ix);
    zc_xdb_free(db);
    if (rc) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "words-index"))
        return words_index(argv[2], argv[3]);
    if (argc == 5 && !strcmp(argv[1], "run") &&
        (!strcmp(argv[2], "zhengce") || !strcmp(argv[2], "ngram") || !strcmp(argv[2], "words")))
        return run(argv[2], argv[3], argv[4]);
    fprintf(stderr,
            "usage: %s words-index DBDIR PASSAGES.jsonl\n"
            "       %s run zhengce|ngram|words DBDIR QUESTIONS\n",
            argv[0], argv[0]);
    return 2;
}
