/* Facet counts as text lines, for zhengce search and zhengce info. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "term.h"

/* The " name count" items of one facet line, malloc'd. */
typedef struct items {
    char **v;
    size_t n;
} items;

static void items_free(items *it)
{
    for (size_t i = 0; i < it->n; i++)
        free(it->v[i]);
    free(it->v);
}

/* The facets of one kind (regions of one level, years, types, issuers). */
static items collect(const zc_results *r, zc_facet_kind kind, const char *level)
{
    items it = {calloc(zc_results_facet_count(r, kind) + 1, sizeof(char *)), 0};
    for (size_t i = 0; it.v && i < zc_results_facet_count(r, kind); i++) {
        const zc_facet *x = zc_results_facet(r, kind, i);
        if (level && strcmp(x->level, level) != 0)
            continue;
        char *s = NULL;
        int n = kind != ZC_FACET_YEAR
                    ? asprintf(&s, " %s %llu", x->value, (unsigned long long)x->count)
                    : asprintf(&s, " %d %llu", x->year, (unsigned long long)x->count);
        if (n >= 0)
            it.v[it.n++] = s;
    }
    return it;
}

/* How many of the items fit in max_lines lines of cols columns after the
 * label (indent columns; continuation lines indented as much), the last
 * line keeping tail columns free when not all fit. */
static size_t fitting(const items *it, int indent, int cols, int max_lines, int tail, int esc)
{
    int line = 1, col = indent;
    size_t i = 0;
    for (; i < it->n; i++) {
        int w = (int)zc_term_width(it->v[i], esc);
        if (i > 0 && col + w > cols) {
            if (++line > max_lines)
                break;
            col = indent;
        }
        col += w;
    }
    if (i == it->n)
        return i;
    /* Not all fit: again, with room for the tail on the last line. */
    line = 1, col = indent;
    for (i = 0; i < it->n; i++) {
        int w = (int)zc_term_width(it->v[i], esc);
        int room = line == max_lines ? cols - tail : cols;
        if (i > 0 && col + w > room) {
            if (++line > max_lines)
                break;
            col = indent;
            room = line == max_lines ? cols - tail : cols;
            if (col + w > room) /* not even alone beside the tail */
                break;
        }
        col += w;
    }
    return i;
}

/* Writes label, then the items, wrapped between items at st->cols with
 * continuation lines under the first item, over at most st->max_lines
 * lines; what does not fit is counted at the end. */
static void put_line(FILE *f, const char *label, const items *it, const zc_cli_facet_style *st)
{
    int indent = (int)zc_term_width(label, 0), col = indent;
    int max_lines = st->max_lines > 0 ? st->max_lines : 1;
    /* The tail, as wide as it can be (the count of all items). */
    char tail[96];
    snprintf(tail, sizeof tail, " … and %zu more (--json lists all)", it->n);
    int tailw = (int)zc_term_width(tail, 0);
    int with_hint = indent + tailw <= st->cols;
    if (!with_hint) { /* a narrow terminal: the count alone */
        snprintf(tail, sizeof tail, " … and %zu more", it->n);
        tailw = (int)zc_term_width(tail, 0);
    }
    size_t shown = fitting(it, indent, st->cols, max_lines, tailw, st->esc);
    fputs(label, f);
    for (size_t i = 0; i < shown; i++) {
        int w = (int)zc_term_width(it->v[i], st->esc);
        if (i > 0 && col + w > st->cols) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        }
        zc_term_puts(f, it->v[i], st->esc);
        col += w;
    }
    if (shown < it->n) {
        snprintf(tail, sizeof tail, " … and %zu more%s", it->n - shown,
                 with_hint ? " (--json lists all)" : "");
        if (shown > 0 && col + (int)zc_term_width(tail, 0) > st->cols)
            fprintf(f, "\n%*s", indent, "");
        fputs(tail, f);
    }
    fputc('\n', f);
}

static size_t level_count(const zc_results *r, const char *level)
{
    size_t count = 0;
    for (size_t i = 0; i < zc_results_facet_count(r, ZC_FACET_REGION); i++)
        count += strcmp(zc_results_facet(r, ZC_FACET_REGION, i)->level, level) == 0;
    return count;
}

void zc_cli_print_facets(FILE *f, const zc_results *r, const zc_cli_facet_style *st)
{
    /* The region level to show: the first, from the top, with more than
     * one value (below an active region filter every match shares the upper
     * ones); with st->always, else the top one. */
    static const char *const levels[] = {"province", "city", "county"};
    const char *level = NULL;
    for (int l = 0; l < 3 && !level; l++)
        if (level_count(r, levels[l]) >= 2)
            level = levels[l];
    for (int l = 0; l < 3 && !level && st->always; l++)
        if (level_count(r, levels[l]) >= 1)
            level = levels[l];
    if (level) {
        items it = collect(r, ZC_FACET_REGION, level);
        put_line(f, st->region_label, &it, st);
        items_free(&it);
    }
    const zc_facet_kind kinds[] = {ZC_FACET_YEAR, ZC_FACET_TYPE, ZC_FACET_ISSUER};
    const char *labels[] = {st->year_label, st->type_label, st->issuer_label};
    for (int k = 0; k < 3; k++) {
        if (!labels[k] || !zc_results_facet_count(r, kinds[k]))
            continue;
        items it = collect(r, kinds[k], NULL);
        put_line(f, labels[k], &it, st);
        items_free(&it);
    }
}
