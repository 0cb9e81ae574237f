/* zhengce search: query an index. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "term.h"

static const char help[] =
    "usage: zhengce search [--db DB]... [--allow-partial] [--json] [--limit N]\n"
    "                      [--offset N] [--region R] [--year Y|Y1..Y2] [--source PATH]\n"
    "                      [--sort relevance|date|date-asc] [--threads N]\n"
    "                      [--no-facets] [--no-synonyms] [--match exact|words|any]\n"
    "                      [--any] [--explain] [--trace] QUERY...\n"
    "\n"
    "Every keyword must occur in a document as written: contiguously, a\n"
    "substring of its text (a word of it that has synonyms may be any form\n"
    "of its group); Latin letters and digits match whole runs (AI is not\n"
    "found in domain, 025 not in 2025). ~keyword lets its words be apart;\n"
    "\"quoted phrases\" must occur exactly. -word or NOT word excludes, a OR b\n"
    "alternates, parentheses group; region:江西 (region:全国 for national\n"
    "documents), year:2020..2025, date:2025-03..2025-06, title:..., type:意见,\n"
    "issuer:国务院, docno:国发〔2025〕3号 (or docno:国发2025) and source:PATH\n"
    "filter.\n"
    "See docs/query.md.\n"
    "\n"
    "  --db DB         an index directory, tcp://host:port (an index served by\n"
    "                  zhengce serve), or a cluster file listing those, one a\n"
    "                  line; given several times, the shards are searched as\n"
    "                  one index (docs/scale-out.md)\n"
    "  --allow-partial leave out shards that cannot be reached, with a warning,\n"
    "                  instead of failing\n"
    "  --region R      only documents of region R (and the regions below it)\n"
    "  --year Y        only year Y, or Y1..Y2, Y1.., ..Y2\n"
    "  --source PATH   only documents indexed from the file PATH, or from the\n"
    "                  files below the directory PATH (as source:PATH)\n"
    "  --sort date     newest first, by the date or else the year (alias: year);\n"
    "                  date-asc (or year-asc) oldest first; undated documents\n"
    "                  last either way, equal dates best first (default:\n"
    "                  relevance)\n"
    "  --no-facets     do not count or show the region, year, type and issuer\n"
    "                  facets\n"
    "  --no-synonyms   do not expand abbreviations (规上 → 规模以上)\n"
    "  --match M       exact: keywords as written (default); words: each word\n"
    "                  of a keyword anywhere, as ~keyword; any: any word of any\n"
    "                  keyword, for questions in plain language\n"
    "  --any           the same as --match any\n"
    "  --explain       show the parsed query and the Xapian queries that match\n"
    "                  and rank, as they ran\n"
    "  --trace         print on stderr how long each step of the search took\n"
    "  --threads N     count the matches of a large index in N threads at most\n"
    "                  (default 0: one per core, at most 4)\n"
    "\n"
    "exit status: 0 something matched, 1 nothing matched, 2 error\n";

/* How the listing is written: the width, colour, escapes (term.h). */
typedef struct look {
    int cols, color, esc;
} look;

static void print_hit(const zc_hit *h, const look *lk)
{
    const char *on = lk->color ? "\033[1;31m" : "**", *off = lk->color ? "\033[0m" : "**";
    char rank[16];
    int rl = snprintf(rank, sizeof rank, "%u. ", h->rank);
    fputs(lk->color ? "\033[1m" : "", stdout);
    fputs(rank, stdout);
    zc_term_put_clipped(stdout, h->title && *h->title ? h->title : h->path, lk->cols - rl, lk->esc);
    fputs(lk->color ? "\033[0m\n" : "\n", stdout);

    /* region · date (or year) · type · issuer · number · path, cut to the
     * width; what is unknown is left out */
    char meta[1024];
    int n = 0;
    if (h->region[0])
        n += snprintf(meta + n, sizeof meta - (size_t)n, "%s · ", h->region);
    if (h->date && h->date[0] && n < (int)sizeof meta)
        n += snprintf(meta + n, sizeof meta - (size_t)n, "%s · ", h->date);
    else if (h->year && n < (int)sizeof meta)
        n += snprintf(meta + n, sizeof meta - (size_t)n, "%d · ", h->year);
    const char *more[3] = {h->type, h->issuer, h->docno};
    for (int k = 0; k < 3; k++)
        if (more[k] && more[k][0] && n < (int)sizeof meta)
            n += snprintf(meta + n, sizeof meta - (size_t)n, "%s · ", more[k]);
    if (n < (int)sizeof meta)
        snprintf(meta + n, sizeof meta - (size_t)n, "%s", h->path);
    printf("%*s", rl, "");
    if (lk->color)
        fputs("\033[2m", stdout);
    zc_term_put_clipped(stdout, meta, lk->cols - rl, lk->esc);
    fputs(lk->color ? "\033[0m\n" : "\n", stdout);

    zc_term_put_wrapped(stdout, h->snippet, h->highlights, h->n_highlights, rl, lk->cols, lk->esc,
                        on, off);
}

static void print_text(const zc_results *r, const char *query, unsigned offset, const look *lk,
                       int facets)
{
    size_t n = zc_results_count(r);
    for (size_t i = 0; i < n; i++) {
        print_hit(zc_results_hit(r, i), lk);
        putchar('\n');
    }
    uint64_t total = zc_results_total(r);
    if (total == 0 && (zc_results_words_total(r) || zc_results_any_total(r))) {
        int words = zc_results_words_total(r) != 0;
        uint64_t n = words ? zc_results_words_total(r) : zc_results_any_total(r);
        fputs(words ? "No document contains " : "No document has all the words of ", stdout);
        zc_term_puts(stdout, query, lk->esc);
        printf(words ? " as written.\n%llu document%s %s its words apart: zhengce search --match "
                       "words "
                     : ".\n%llu document%s %s some of them: zhengce search --any ",
               (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "has" : "have");
        zc_term_puts(stdout, query, lk->esc);
        putchar('\n');
        return;
    }
    printf("%llu document%s matched (%.1f ms)\n", (unsigned long long)total, total == 1 ? "" : "s",
           zc_results_took_ms(r));
    /* A page past the last hit is not "nothing found": say so (--limit 0,
     * a count alone, is no such page). */
    if (total > 0 && offset >= total)
        printf("No hits on this page: --offset %u is past the last of them.\n", offset);
    if (facets && total)
        zc_cli_print_facets(
            stdout, r,
            &(zc_cli_facet_style){"region:", "year:", 0, 2, lk->cols, lk->esc, "type:", "issuer:"});
}

/* The bytes of a query its error message shows: a long one (up to
 * 256 KB) by its first 200, cut between characters; the message itself
 * names the character where the problem is. */
static size_t shown_bytes(const char *q)
{
    size_t n = strlen(q);
    if (n <= 200)
        return n;
    n = 200;
    while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* getopt's complaint about arg (c is '?' or ':'), in words that say how
 * to search for a word beginning with '-'. */
static int bad_option(const char *arg, int c, int opt)
{
    if (c == ':')
        return zc_cli_usage_error("search", "option '%s' needs a value", arg);
    if (strncmp(arg, "--", 2) == 0) {
        int n = (int)strcspn(arg, "=");
        if (arg[n] && opt) /* glibc: a known option given a value it does not take */
            return zc_cli_usage_error("search", "option '%.*s' takes no value", n, arg);
        return zc_cli_usage_error("search", "unknown option '%.*s'", n, arg);
    }
    return zc_cli_usage_error("search",
                              "unknown option '-%c' (to search for a word that starts with "
                              "'-', put -- before the query: zhengce search -- -%c...)",
                              opt, opt);
}

/* --trace: the search's timings, one line, on stderr. */
static void trace_line(void *ctx, const char *line)
{
    (void)ctx;
    zc_cli_say(stderr, "%s", line);
}

static int search_main(int argc, char **argv, zc_cli_dbs *dbs)
{
    enum {
        O_REGION = 256,
        O_YEAR,
        O_SORT,
        O_NO_FACETS,
        O_NO_SYN,
        O_ANY,
        O_EXPLAIN,
        O_PARTIAL,
        O_THREADS,
        O_SOURCE,
        O_TRACE,
        O_MATCH
    };
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'},
        {"region", required_argument, NULL, O_REGION},
        {"year", required_argument, NULL, O_YEAR},
        {"sort", required_argument, NULL, O_SORT},
        {"no-facets", no_argument, NULL, O_NO_FACETS},
        {"no-synonyms", no_argument, NULL, O_NO_SYN},
        {"any", no_argument, NULL, O_ANY},
        {"match", required_argument, NULL, O_MATCH},
        {"explain", no_argument, NULL, O_EXPLAIN},
        {"allow-partial", no_argument, NULL, O_PARTIAL},
        {"threads", required_argument, NULL, O_THREADS},
        {"source", required_argument, NULL, O_SOURCE},
        {"trace", no_argument, NULL, O_TRACE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int json = 0, c, open_flags = ZC_OPEN_READ;
    zc_search_options so;
    zc_search_options_init(&so, ZC_SEARCH_OPTIONS_VERSION);
    const char *dangling = zc_cli_hoist_options(argc, argv, opts);
    if (dangling)
        return bad_option(dangling, ':', 0);
    optind = 1;
    opterr = 0;
    /* "+" stops at the first query word, so "-x" in a query is no option;
     * neither is a first word "-煤炭" (an exclusion: options are ASCII). */
    for (;;) {
        int at = optind;
        if (at >= argc ||
            ((unsigned char)argv[at][0] == '-' && (unsigned char)argv[at][1] >= 0x80) ||
            (c = getopt_long(argc, argv, "+:h", opts, NULL)) == -1)
            break;
        if (c == '?' || c == ':')
            return bad_option(argv[at], c, optopt);
        switch (c) {
        case 'd':
            if (zc_cli_dbs_add(dbs, optarg))
                return ZC_EXIT_ERROR;
            break;
        case 'j': json = 1; break;
        case 'n':
            if (zc_cli_parse_uint(optarg, &so.limit))
                return zc_cli_usage_error("search", "--limit needs a number, not '%s'", optarg);
            break;
        case 'o':
            if (zc_cli_parse_uint(optarg, &so.offset))
                return zc_cli_usage_error("search", "--offset needs a number, not '%s'", optarg);
            break;
        case O_REGION: so.region = optarg; break;
        case O_SOURCE: so.source = optarg; break;
        case O_YEAR:
            if (zc_years_parse(optarg, &so.year_lo, &so.year_hi))
                return zc_cli_usage_error("search",
                                          "--year needs a year or a range (2025, 2020..2025, "
                                          "2020.., ..2025), not '%s'",
                                          optarg);
            break;
        case O_SORT:
            if (strcmp(optarg, "relevance") == 0)
                so.sort = ZC_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0 || strcmp(optarg, "year") == 0)
                so.sort = ZC_SORT_DATE;
            else if (strcmp(optarg, "date-asc") == 0 || strcmp(optarg, "year-asc") == 0)
                so.sort = ZC_SORT_DATE_ASC;
            else
                return zc_cli_usage_error("search",
                                          "--sort is relevance, date (newest first) or "
                                          "date-asc (oldest first), not '%s'",
                                          optarg);
            break;
        case O_NO_FACETS: so.facets = 0; break;
        case O_NO_SYN: so.synonyms = 0; break;
        case O_ANY: so.match = ZC_MATCH_ANY; break;
        case O_MATCH:
            if (strcmp(optarg, "exact") == 0)
                so.match = ZC_MATCH_EXACT;
            else if (strcmp(optarg, "words") == 0)
                so.match = ZC_MATCH_WORDS;
            else if (strcmp(optarg, "any") == 0)
                so.match = ZC_MATCH_ANY;
            else
                return zc_cli_usage_error("search",
                                          "--match is exact (keywords as written), words (their "
                                          "words anywhere) or any (any word), not '%s'",
                                          optarg);
            break;
        case O_EXPLAIN: so.explain = 1; break;
        case O_TRACE: so.trace = trace_line; break;
        case O_PARTIAL: open_flags |= ZC_OPEN_ALLOW_PARTIAL; break;
        case O_THREADS:
            if (zc_cli_parse_uint(optarg, &so.threads))
                return zc_cli_usage_error("search", "--threads needs a number, not '%s'", optarg);
            break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        default: return ZC_EXIT_ERROR;
        }
    }
    if (optind >= argc)
        return zc_cli_usage_error("search", "no QUERY given");

    /* The words joined by blanks, each copied once: a query of many
     * words is read in linear time. */
    size_t qlen = 1;
    for (int i = optind; i < argc; i++)
        qlen += strlen(argv[i]) + 1;
    char *query = malloc(qlen), *end = query;
    if (!query)
        return ZC_EXIT_ERROR;
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            *end++ = ' ';
        size_t n = strlen(argv[i]);
        memcpy(end, argv[i], n);
        end += n;
    }
    *end = '\0';

    zc_error err;
    zc_error_clear(&err);
    zc_index *ix = NULL;
    zc_results *r = NULL;
    int rc = zc_cli_dbs_open(dbs, open_flags, &ix, &err);
    if (rc == ZC_OK)
        rc = zc_search(ix, query, &so, &r, &err);
    for (size_t i = 0, n = rc ? 0 : zc_results_warning_count(r); i < n; i++)
        zc_cli_say(stderr, "warning: %s", zc_results_warning(r, i));
    int status = ZC_EXIT_ERROR;
    size_t shown = shown_bytes(query);
    if (rc) {
        if (rc == ZC_ERR_QUERY)
            zc_cli_say(stderr, "bad query '%.*s%s': %s", (int)shown, query,
                       shown < strlen(query) ? "…" : "", err.message);
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
        if (so.explain)
            printf("%s\n\n", zc_results_explain(r));
        look lk = {zc_term_columns(stdout), zc_cli_use_color(stdout), zc_term_escapes(stdout)};
        print_text(r, query, so.offset, &lk, so.facets);
        status = zc_results_total(r) ? ZC_EXIT_OK : ZC_EXIT_NONE;
    }
    zc_results_free(r);
    zc_index_free(ix);
    free(query);
    return status;
}

int zc_cmd_search(int argc, char **argv)
{
    zc_cli_dbs dbs = {0};
    int status = search_main(argc, argv, &dbs);
    zc_cli_dbs_free(&dbs);
    return status;
}
