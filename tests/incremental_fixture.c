/* What test_incremental compares: the results of one query on an index
 * brought up to date incrementally and on a full rebuild of the same
 * files (see incremental_fixture.h). */
#include "incremental_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zc_inc_add(zc_inc_query *qs, int n, int sort, const char *fmt, ...)
{
    if (n >= ZC_INC_MAX_QUERIES)
        fail_msg("more than %d queries", ZC_INC_MAX_QUERIES);
    zc_inc_query *q = &qs[n];
    memset(q, 0, sizeof *q);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->text, sizeof q->text, fmt, ap);
    va_end(ap);
    q->sort = sort;
    return n + 1;
}

/* Equal scores, but for the order of summing (see the header). */
#define ZC_INC_TIE 1e-7

static int near(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= ZC_INC_TIE * m;
}

/* Same place in the order: the same year (year order) and a near score. */
static int tied(const zc_results *r, size_t i, size_t j, int sort)
{
    const zc_hit *a = zc_results_hit(r, i), *b = zc_results_hit(r, j);
    return (sort == ZC_SORT_RELEVANCE || a->year == b->year) && near(a->score, b->score);
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The facet entries of kind as "value|level|parent=count" lines, sorted:
 * entries of equal count have no set order. */
static char *facet_lines(const zc_results *r, zc_facet_kind kind)
{
    size_t n = zc_results_facet_count(r, kind);
    char **lines = calloc(n ? n : 1, sizeof *lines);
    size_t total = 1;
    for (size_t i = 0; i < n; i++) {
        const zc_facet *f = zc_results_facet(r, kind, i);
        char buf[512];
        snprintf(buf, sizeof buf, "%s|%s|%s=%llu", f->value, f->level ? f->level : "",
                 f->parent ? f->parent : "", (unsigned long long)f->count);
        lines[i] = strdup(buf);
        total += strlen(buf) + 1;
    }
    qsort(lines, n, sizeof *lines, cmp_line);
    char *out = calloc(1, total);
    for (size_t i = 0; i < n; i++) {
        strcat(out, lines[i]);
        strcat(out, "\n");
        free(lines[i]);
    }
    free(lines);
    return out;
}

int zc_inc_compare(const zc_inc_query *q, const zc_results *inc, const zc_results *ref,
                   const char *what)
{
    if (zc_results_total(inc) != zc_results_total(ref))
        fail_msg("%s: '%s': %llu matches, a full rebuild %llu", what, q->text,
                 (unsigned long long)zc_results_total(inc),
                 (unsigned long long)zc_results_total(ref));
    if (zc_results_any_total(inc) != zc_results_any_total(ref))
        fail_msg("%s: '%s': looser query %llu, a full rebuild %llu", what, q->text,
                 (unsigned long long)zc_results_any_total(inc),
                 (unsigned long long)zc_results_any_total(ref));
    for (int k = ZC_FACET_REGION; k <= ZC_FACET_YEAR; k++) {
        char *a = facet_lines(inc, (zc_facet_kind)k), *b = facet_lines(ref, (zc_facet_kind)k);
        if (strcmp(a, b) != 0)
            fail_msg("%s: '%s': %s facets differ:\n%s-- a full rebuild:\n%s", what, q->text,
                     k == ZC_FACET_REGION ? "region" : "year", a, b);
        free(a);
        free(b);
    }
    /* The page: each hit is the full rebuild's hit at its place, or one
     * tied with it there (ref holds more hits than inc, so a tie that runs
     * past the page is seen whole). */
    size_t n = zc_results_count(inc), m = zc_results_count(ref);
    if (n > m || (n < m && n < q->limit))
        fail_msg("%s: '%s': %zu hits on the page, a full rebuild %zu", what, q->text, n, m);
    int swapped = 0;
    for (size_t i = 0; i < n; i++) {
        const zc_hit *h = zc_results_hit(inc, i);
        if (strcmp(h->id, zc_results_hit(ref, i)->id) == 0)
            continue;
        size_t lo = i, hi = i;
        while (lo > 0 && tied(ref, lo - 1, i, q->sort))
            lo--;
        while (hi + 1 < m && tied(ref, hi + 1, i, q->sort))
            hi++;
        int found = 0;
        for (size_t j = lo; j <= hi && !found; j++)
            found = strcmp(zc_results_hit(ref, j)->id, h->id) == 0;
        if (!found) {
            for (size_t j = i > 2 ? i - 2 : 0; j < i + 3 && j < m; j++)
                fprintf(stderr, "# %zu: %s %.17g | %s %.17g\n", j + 1,
                        j < n ? zc_results_hit(inc, j)->id : "-",
                        j < n ? zc_results_hit(inc, j)->score : 0.0, zc_results_hit(ref, j)->id,
                        zc_results_hit(ref, j)->score);
            fail_msg("%s: '%s': hit %zu is %s (%.17g), a full rebuild has %s (%.17g) there", what,
                     q->text, i + 1, h->id, h->score, zc_results_hit(ref, i)->id,
                     zc_results_hit(ref, i)->score);
        }
        swapped++;
    }
    return swapped;
}
