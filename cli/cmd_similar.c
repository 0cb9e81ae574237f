/* zhengce similar and zhengce keywords: the documents most like one, and
 * what sets one apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "research_args.h"
#include "term.h"

static const char similar_help[] =
    "usage: zhengce similar [--db DB]... [--json] [--limit N] [--offset N] [--region R]\n"
    "                       [--year Y|Y1..Y2] [--type T] [--source PATH] ID|PATH\n"
    "\n"
    "The documents most like the document ID (as search prints it) or the file\n"
    "PATH (indexed or not: a file the index does not hold is analysed as index\n"
    "would): its most telling words (rare elsewhere, frequent in it) searched\n"
    "for, best first, each with the words it shares (default 10).\n"
    "\n"
    "exit status: 0 something found, 1 nothing, 2 error (no such document)\n";

static const char keywords_help[] =
    "usage: zhengce keywords [--db DB]... [--json|--csv] [--against all|region|year]\n"
    "                        [--limit N] ID|PATH\n"
    "\n"
    "The words and phrases that set the document apart, best first (default 30):\n"
    "log-likelihood (G²) of each word's count in it against the background: the\n"
    "whole index (all), the same region's documents of other years (region), or\n"
    "the same year's documents of other regions (year). Telling words that the\n"
    "text has side by side, repeatedly, come out whole as phrases.\n"
    "\n"
    "exit status: 0 something found, 1 nothing, 2 error (no such document)\n";

static void similar_text(const zc_similar *s)
{
    int esc = zc_term_escapes(stdout), cols = zc_term_columns(stdout);
    int color = zc_cli_use_color(stdout);
    for (size_t i = 0; i < zc_similar_count(s); i++) {
        const zc_hit *h = zc_similar_hit(s, i);
        char rank[16];
        int rl = snprintf(rank, sizeof rank, "%u. ", h->rank);
        fputs(color ? "\033[1m" : "", stdout);
        fputs(rank, stdout);
        zc_term_put_clipped(stdout, *h->title ? h->title : h->path, cols - rl, esc);
        fputs(color ? "\033[0m\n" : "\n", stdout);
        char meta[1024], yr[16] = "";
        if (h->year)
            snprintf(yr, sizeof yr, "%d", h->year);
        snprintf(meta, sizeof meta, "%s · %s · %s · %s · %.3f", *h->region ? h->region : "-",
                 *h->date ? h->date
                 : *yr    ? yr
                          : "-",
                 h->id, h->path, h->score);
        printf("%*s", rl, "");
        zc_term_put_clipped(stdout, meta, cols - rl, esc);
        putchar('\n');
        size_t n = zc_similar_shared_count(s, i), len = 16;
        for (size_t j = 0; j < n; j++)
            len += strlen(zc_similar_shared(s, i, j)) + 1;
        char *line = malloc(len);
        if (line) {
            strcpy(line, "shared:");
            for (size_t j = 0; j < n; j++) {
                strcat(line, " ");
                strcat(line, zc_similar_shared(s, i, j));
            }
            printf("%*s", rl, "");
            zc_term_put_clipped(stdout, line, cols - rl, esc);
            putchar('\n');
            free(line);
        }
    }
}

static int similar_main(zc_cli_research *r)
{
    zc_index *ix = NULL;
    int status = zc_cli_research_open(r, &ix);
    if (status)
        return status;
    zc_error err;
    zc_error_clear(&err);
    zc_similar *s = NULL;
    int rc = zc_similar_run(ix, r->arg, &r->o, &s, &err);
    if (rc) {
        status = zc_cli_fail(&err);
    } else if (r->format == ZC_FMT_JSON) {
        char *j = NULL;
        int made = zc_similar_json(s, &j, &err);
        status = zc_cli_research_json(made, j, &err);
    } else {
        similar_text(s);
    }
    if (rc == ZC_OK && !status)
        status = zc_similar_count(s) ? ZC_EXIT_OK : ZC_EXIT_NONE;
    zc_similar_free(s);
    zc_index_free(ix);
    return status;
}

static void keywords_out(const zc_keywords *k, zc_cli_format f)
{
    int esc = zc_term_escapes(stdout);
    if (f == ZC_FMT_CSV)
        puts("term,score,count,background,phrase");
    else
        printf("%-24s %10s %7s %10s\n", "term", "score", "count", "background");
    for (size_t i = 0; i < zc_keywords_count(k); i++) {
        const zc_keyword *w = zc_keywords_at(k, i);
        if (f == ZC_FMT_CSV) {
            zc_cli_csv_field(stdout, w->term);
            printf(",%.3f,%llu,%llu,%d\n", w->score, (unsigned long long)w->count,
                   (unsigned long long)w->background, w->phrase);
            continue;
        }
        zc_term_puts(stdout, w->term, esc);
        int pad = 24 - (int)zc_term_width(w->term, esc);
        printf("%*s %10.2f %7llu %10llu\n", pad > 0 ? pad : 0, "", w->score,
               (unsigned long long)w->count, (unsigned long long)w->background);
    }
}

static int keywords_main(zc_cli_research *r)
{
    zc_index *ix = NULL;
    int status = zc_cli_research_open(r, &ix);
    if (status)
        return status;
    zc_error err;
    zc_error_clear(&err);
    zc_keywords *k = NULL;
    int rc = zc_keywords_run(ix, r->arg, &r->o, &k, &err);
    if (rc) {
        status = zc_cli_fail(&err);
    } else if (r->format == ZC_FMT_JSON) {
        char *j = NULL;
        int made = zc_keywords_json(k, &j, &err);
        status = zc_cli_research_json(made, j, &err);
    } else {
        keywords_out(k, r->format);
    }
    if (rc == ZC_OK && !status)
        status = zc_keywords_count(k) ? ZC_EXIT_OK : ZC_EXIT_NONE;
    zc_keywords_free(k);
    zc_index_free(ix);
    return status;
}

int zc_cmd_similar(int argc, char **argv)
{
    return zc_cli_research_main("similar", similar_help, similar_main, argc, argv);
}

int zc_cmd_keywords(int argc, char **argv)
{
    return zc_cli_research_main("keywords", keywords_help, keywords_main, argc, argv);
}
