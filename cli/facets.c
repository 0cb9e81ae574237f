/* Facet counts as text lines, for zhengce search and zhengce info. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "term.h"

/* Writes label, then the facets of one kind (regions of one level, or
 * years; up to max), "name count" each, wrapped between items at
 * ZC_CLI_COLS with continuation lines under the first item. */
static void put_line(FILE *f, const char *label, const zc_results *r, zc_facet_kind kind,
                     const char *level, size_t max)
{
    int indent = (int)zc_term_width(label), col = indent;
    fputs(label, f);
    for (size_t i = 0, shown = 0; i < zc_results_facet_count(r, kind) && shown < max; i++) {
        const zc_facet *x = zc_results_facet(r, kind, i);
        if (level && strcmp(x->level, level) != 0)
            continue;
        char item[256];
        if (level)
            snprintf(item, sizeof item, " %s %llu", x->value, (unsigned long long)x->count);
        else
            snprintf(item, sizeof item, " %d %llu", x->year, (unsigned long long)x->count);
        int w = (int)zc_term_width(item);
        if (shown > 0 && col + w > ZC_CLI_COLS) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        }
        fputs(item, f);
        col += w;
        shown++;
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
    if (level)
        put_line(f, st->region_label, r, ZC_FACET_REGION, level, st->max_regions);
    if (zc_results_facet_count(r, ZC_FACET_YEAR))
        put_line(f, st->year_label, r, ZC_FACET_YEAR, NULL, st->max_years);
}
