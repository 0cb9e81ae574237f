/* zhengce trend and zhengce kwic: how often a query occurs, and where. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "research_args.h"
#include "term.h"

static const char trend_help[] =
    "usage: zhengce trend [--db DB]... [--by year|region|year,region|type] [--per 10k]\n"
    "                     [--json|--csv] [--no-synonyms] [--region R] [--year Y|Y1..Y2]\n"
    "                     [--type T] [--source PATH] QUERY...\n"
    "\n"
    "For each year (or province, both, or kind of document): the documents the\n"
    "query matches, its occurrences in them (counted as search matches: keywords\n"
    "as written, synonyms' forms too unless --no-synonyms, never across a line),\n"
    "the occurrences per 10,000 characters of those documents' text, and the\n"
    "first and last dates. The bar shows the occurrences, or with --per 10k the\n"
    "rate.\n"
    "\n"
    "exit status: 0 something matched, 1 nothing matched, 2 error\n";

static const char kwic_help[] =
    "usage: zhengce kwic [--db DB]... [--width N] [--sort document|left|right|date|region]\n"
    "                    [--limit N] [--offset N] [--json|--csv] [--no-synonyms]\n"
    "                    [--region R] [--year Y|Y1..Y2] [--type T] [--source PATH] QUERY...\n"
    "\n"
    "Every occurrence of the query, one line each: the N characters (default 30)\n"
    "left of it, the match, the N right of it, and the document's id, title,\n"
    "region and date. --sort left orders by the left context read from the\n"
    "match leftwards, right by the match and its right context, date oldest\n"
    "first; --limit and --offset page through the lines. Not on a terminal each\n"
    "line is tab-separated: left, match, right, id, title, region, date.\n"
    "\n"
    "exit status: 0 something matched, 1 nothing matched, 2 error\n";

/* "█" eighths, for bars. */
static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};

static void bar(double v, double max, int cols)
{
    if (cols <= 0 || max <= 0)
        return;
    long n = (long)(v / max * cols * 8 + 0.5);
    for (long i = 0; i < n / 8; i++)
        fputs(eighths[8], stdout);
    fputs(eighths[n % 8], stdout);
}

static void label(const zc_trend_bucket *b, char *out, size_t cap)
{
    char y[16] = "";
    if (b->year)
        snprintf(y, sizeof y, "%d", b->year);
    if (b->region && !b->type && b->year)
        snprintf(out, cap, "%s %s", y, *b->region ? b->region : "(unknown)");
    else if (b->region)
        snprintf(out, cap, "%s", *b->region ? b->region : "(unknown)");
    else if (b->type)
        snprintf(out, cap, "%s", *b->type ? b->type : "(unknown)");
    else
        snprintf(out, cap, "%s", *y ? y : "(unknown)");
}

static void trend_text(const zc_trend *t, zc_trend_by by, int per)
{
    static const char *const heads[] = {"year", "region", "year region", "type"};
    int esc = zc_term_escapes(stdout), cols = zc_term_columns(stdout);
    size_t n = zc_trend_bucket_count(t), lw = 6;
    double max = 0;
    char l[256];
    for (size_t i = 0; i < n; i++) {
        const zc_trend_bucket *b = zc_trend_bucket_at(t, i);
        label(b, l, sizeof l);
        size_t w = zc_term_width(l, esc);
        lw = w > lw ? (w > 40 ? 40 : w) : lw;
        double v = per ? b->per_10k : (double)b->occurrences;
        max = v > max ? v : max;
    }
    printf("%-*s %9s %11s %8s %-10s %-10s\n", (int)lw, heads[by], "documents", "occurrences",
           "per 10k", "first", "last");
    for (size_t i = 0; i < n; i++) {
        const zc_trend_bucket *b = zc_trend_bucket_at(t, i);
        label(b, l, sizeof l);
        zc_term_put_clipped(stdout, l, (int)lw, esc);
        int pad = (int)lw - (int)zc_term_width(l, esc);
        printf("%*s %9llu %11llu %8.3f %-10.10s %-10.10s ", pad > 0 ? pad : 0, "",
               (unsigned long long)b->documents, (unsigned long long)b->occurrences, b->per_10k,
               b->first, b->last);
        bar(per ? b->per_10k : (double)b->occurrences, max, cols - (int)lw - 56);
        putchar('\n');
    }
    printf("%llu occurrence%s in %llu document%s\n", (unsigned long long)zc_trend_occurrences(t),
           zc_trend_occurrences(t) == 1 ? "" : "s", (unsigned long long)zc_trend_documents(t),
           zc_trend_documents(t) == 1 ? "" : "s");
}

static void trend_csv(const zc_trend *t, zc_trend_by by)
{
    int year = by == ZC_TREND_BY_YEAR || by == ZC_TREND_BY_YEAR_REGION;
    int region = by == ZC_TREND_BY_REGION || by == ZC_TREND_BY_YEAR_REGION;
    printf("%s%s%sdocuments,occurrences,chars,per_10k,first,last\n", year ? "year," : "",
           region ? "region," : "", by == ZC_TREND_BY_TYPE ? "type," : "");
    for (size_t i = 0; i < zc_trend_bucket_count(t); i++) {
        const zc_trend_bucket *b = zc_trend_bucket_at(t, i);
        if (year && b->year)
            printf("%d", b->year);
        if (year)
            putchar(',');
        if (region || by == ZC_TREND_BY_TYPE) {
            zc_cli_csv_field(stdout, region ? b->region : b->type);
            putchar(',');
        }
        printf("%llu,%llu,%llu,%.3f,%s,%s\n", (unsigned long long)b->documents,
               (unsigned long long)b->occurrences, (unsigned long long)b->chars, b->per_10k,
               b->first, b->last);
    }
}

static int trend_main(zc_cli_research *r)
{
    zc_index *ix = NULL;
    int status = zc_cli_research_open(r, &ix);
    if (status)
        return status;
    zc_error err;
    zc_error_clear(&err);
    zc_trend *t = NULL;
    int rc = zc_trend_run(ix, r->arg, &r->o, &t, &err);
    if (rc) {
        status = zc_cli_research_fail(r, rc, &err);
    } else if (r->format == ZC_FMT_JSON) {
        char *s = NULL;
        int made = zc_trend_json(t, &s, &err);
        status = zc_cli_research_json(made, s, &err);
    } else if (r->format == ZC_FMT_CSV) {
        trend_csv(t, r->o.by);
    } else {
        trend_text(t, r->o.by, r->per_10k);
    }
    if (rc == ZC_OK && !status)
        status = zc_trend_documents(t) ? ZC_EXIT_OK : ZC_EXIT_NONE;
    zc_trend_free(t);
    zc_index_free(ix);
    return status;
}

static void kwic_csv(const zc_kwic *k)
{
    puts("id,path,title,region,date,offset,left,match,right");
    for (size_t i = 0; i < zc_kwic_count(k); i++) {
        const zc_kwic_line *l = zc_kwic_line_at(k, i);
        const char *f[] = {l->id, l->path, l->title, l->region, l->date};
        for (size_t j = 0; j < 5; j++) {
            zc_cli_csv_field(stdout, f[j]);
            putchar(',');
        }
        printf("%llu,", (unsigned long long)l->offset);
        zc_cli_csv_field(stdout, l->left);
        putchar(',');
        zc_cli_csv_field(stdout, l->match);
        putchar(',');
        zc_cli_csv_field(stdout, l->right);
        putchar('\n');
    }
}

/* Writes s with tabs as blanks (one field of a tab-separated line). */
static void put_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' ? ' ' : *s);
}

static void kwic_text(const zc_kwic *k, unsigned width)
{
    int esc = zc_term_escapes(stdout);
    if (!esc) {
        for (size_t i = 0; i < zc_kwic_count(k); i++) {
            const zc_kwic_line *l = zc_kwic_line_at(k, i);
            const char *f[] = {l->left, l->match, l->right, l->id, l->title, l->region, l->date};
            for (size_t j = 0; j < 7; j++) {
                if (j)
                    putchar('\t');
                put_field(f[j]);
            }
            putchar('\n');
        }
        return;
    }
    /* A terminal: the left context right-aligned, the match marked, the
     * document after the right context, all within the width. */
    int cols = zc_term_columns(stdout), color = zc_cli_use_color(stdout);
    int side = (int)width * 2;
    if (side > (cols - 24) / 3)
        side = (cols - 24) / 3 > 4 ? (cols - 24) / 3 : 4;
    for (size_t i = 0; i < zc_kwic_count(k); i++) {
        const zc_kwic_line *l = zc_kwic_line_at(k, i);
        /* The left context's last `side` columns. */
        const char *left = l->left;
        while (*left && (int)zc_term_width(left, esc) > side) {
            left++;
            while ((*left & 0xC0) == 0x80)
                left++;
        }
        printf("%*s", side - (int)zc_term_width(left, esc), "");
        zc_term_puts(stdout, left, esc);
        fputs(color ? "\033[1;31m" : "[", stdout);
        zc_term_puts(stdout, l->match, esc);
        fputs(color ? "\033[0m" : "]", stdout);
        int used = side + (int)zc_term_width(l->match, esc) + (color ? 0 : 2);
        zc_term_put_clipped(stdout, l->right, side, esc);
        used += (int)zc_term_width(l->right, esc) < side ? (int)zc_term_width(l->right, esc) : side;
        char doc[1024];
        snprintf(doc, sizeof doc, "  %s %s %s %s", l->date, l->region, l->title, l->id);
        if (color)
            fputs("\033[2m", stdout);
        zc_term_put_clipped(stdout, doc, cols - used, esc);
        fputs(color ? "\033[0m\n" : "\n", stdout);
    }
}

static int kwic_main(zc_cli_research *r)
{
    zc_index *ix = NULL;
    int status = zc_cli_research_open(r, &ix);
    if (status)
        return status;
    zc_error err;
    zc_error_clear(&err);
    zc_kwic *k = NULL;
    int rc = zc_kwic_run(ix, r->arg, &r->o, &k, &err);
    if (rc) {
        status = zc_cli_research_fail(r, rc, &err);
    } else if (r->format == ZC_FMT_JSON) {
        char *s = NULL;
        int made = zc_kwic_json(k, &s, &err);
        status = zc_cli_research_json(made, s, &err);
    } else if (r->format == ZC_FMT_CSV) {
        kwic_csv(k);
    } else {
        kwic_text(k, r->o.width);
        if (zc_term_escapes(stdout))
            printf("%llu occurrence%s in %llu document%s; lines %u to %llu shown\n",
                   (unsigned long long)zc_kwic_total(k), zc_kwic_total(k) == 1 ? "" : "s",
                   (unsigned long long)zc_kwic_documents(k), zc_kwic_documents(k) == 1 ? "" : "s",
                   zc_kwic_count(k) ? r->o.offset + 1 : 0,
                   (unsigned long long)(r->o.offset + zc_kwic_count(k)));
    }
    if (rc == ZC_OK && !status)
        status = zc_kwic_total(k) ? ZC_EXIT_OK : ZC_EXIT_NONE;
    zc_kwic_free(k);
    zc_index_free(ix);
    return status;
}

int zc_cmd_trend(int argc, char **argv)
{
    return zc_cli_research_main("trend", trend_help, trend_main, argc, argv);
}

int zc_cmd_kwic(int argc, char **argv)
{
    return zc_cli_research_main("kwic", kwic_help, kwic_main, argc, argv);
}
