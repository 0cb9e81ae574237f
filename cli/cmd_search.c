/* zhengce search: query an index. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: zhengce search [--db DIR] [--json] [--limit N] [--offset N] QUERY...\n"
    "\n"
    "Every keyword must occur in a document as written (a substring of its\n"
    "text); \"quoted phrases\" may contain blanks. Matches are marked in the\n"
    "snippets.\n"
    "\n"
    "exit status: 0 something matched, 1 nothing matched, 2 error\n";

/* Writes snippet with highlights marked (bold red on a TTY, **…** else). */
static void print_snippet(const zc_hit *h, int color)
{
    const char *on = color ? "\033[1;31m" : "**", *off = color ? "\033[0m" : "**";
    const char *s = h->snippet;
    size_t ci = 0, k = 0;
    fputs("   ", stdout);
    for (size_t i = 0; s[i];) {
        if (k < h->n_highlights && h->highlights[2 * k] == ci)
            fputs(on, stdout);
        size_t n = 1;
        while (((unsigned char)s[i + n] & 0xC0) == 0x80)
            n++;
        fwrite(s + i, 1, n, stdout);
        i += n;
        ci++;
        if (k < h->n_highlights && h->highlights[2 * k + 1] == ci) {
            fputs(off, stdout);
            k++;
        }
    }
    fputc('\n', stdout);
}

static void print_text(const zc_results *r, int color)
{
    size_t n = zc_results_count(r);
    for (size_t i = 0; i < n; i++) {
        const zc_hit *h = zc_results_hit(r, i);
        if (color)
            printf("\033[1m%u. %s\033[0m\n", h->rank, h->title);
        else
            printf("%u. %s\n", h->rank, h->title);
        printf("   %s", h->path);
        if (h->region[0])
            printf(" · %s", h->region);
        if (h->year)
            printf(" · %d", h->year);
        printf(" · score %.2f\n", h->score);
        print_snippet(h, color);
        putchar('\n');
    }
    uint64_t total = zc_results_total(r);
    printf("%llu document%s matched (%.1f ms)\n", (unsigned long long)total,
           total == 1 ? "" : "s", zc_results_took_ms(r));
}

int zc_cmd_search(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int json = 0, c;
    zc_search_options so;
    zc_search_options_init(&so);
    optind = 1;
    /* "+" stops at the first query word, so "-x" in a query is no option. */
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': json = 1; break;
        case 'n':
            if (zc_cli_parse_uint(optarg, &so.limit))
                return zc_cli_usage_error("search", "--limit needs a number, not '%s'", optarg);
            break;
        case 'o':
            if (zc_cli_parse_uint(optarg, &so.offset))
                return zc_cli_usage_error("search", "--offset needs a number, not '%s'", optarg);
            break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        default: return zc_cli_usage_error("search", "bad option");
        }
    }
    if (optind >= argc)
        return zc_cli_usage_error("search", "no QUERY given");

    size_t qlen = 1;
    for (int i = optind; i < argc; i++)
        qlen += strlen(argv[i]) + 1;
    char *query = malloc(qlen);
    if (!query)
        return ZC_EXIT_ERROR;
    query[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strcat(query, " ");
        strcat(query, argv[i]);
    }

    zc_error err;
    zc_error_clear(&err);
    zc_index *ix = NULL;
    zc_results *r = NULL;
    int rc = zc_index_open(zc_cli_db_path(db), ZC_OPEN_READ, &ix, &err);
    if (rc == ZC_OK)
        rc = zc_search(ix, query, &so, &r, &err);
    int status = ZC_EXIT_ERROR;
    if (rc) {
        if (rc == ZC_ERR_QUERY)
            fprintf(stderr, "zhengce: bad query '%s': %s\n", query, err.message);
        else
            zc_cli_fail(&err);
    } else if (json) {
        char *s = NULL;
        if (zc_results_json(r, &s, &err) == ZC_OK) {
            puts(s);
            free(s);
            status = zc_results_total(r) ? ZC_EXIT_OK : ZC_EXIT_NONE;
        } else {
            zc_cli_fail(&err);
        }
    } else {
        print_text(r, zc_cli_use_color(stdout));
        status = zc_results_total(r) ? ZC_EXIT_OK : ZC_EXIT_NONE;
    }
    zc_results_free(r);
    zc_index_free(ix);
    free(query);
    return status;
}
