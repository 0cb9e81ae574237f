/* The research commands' shared options: --db, the filters, the output
 * format and each command's own (docs/cli.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "research_args.h"
#include "term.h"

static int pick(const char *cmd, const char *opt, const char *v, const char *const *names,
                const int *values, int *out)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = values[i];
            return -1;
        }
    char list[256] = "";
    for (size_t i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    return zc_cli_usage_error(cmd, "%s is one of %s, not '%s'", opt, list, v);
}

static int bad_option(const char *cmd, const char *arg, int c)
{
    if (c == ':')
        return zc_cli_usage_error(cmd, "option '%s' needs a value", arg);
    return zc_cli_usage_error(
        cmd, "unknown option '%s' (put -- before a query that begins with '-')", arg);
}

static int option(zc_cli_research *r, int c, const char *v)
{
    static const char *const by_names[] = {"year",        "region", "year,region",
                                           "region,year", "type",   NULL};
    static const int by_values[] = {ZC_TREND_BY_YEAR, ZC_TREND_BY_REGION, ZC_TREND_BY_YEAR_REGION,
                                    ZC_TREND_BY_YEAR_REGION, ZC_TREND_BY_TYPE};
    static const char *const sort_names[] = {"document", "left", "right", "date", "region", NULL};
    static const int sort_values[] = {ZC_KWIC_SORT_DOCUMENT, ZC_KWIC_SORT_LEFT, ZC_KWIC_SORT_RIGHT,
                                      ZC_KWIC_SORT_DATE, ZC_KWIC_SORT_REGION};
    static const char *const against_names[] = {"all", "region", "year", NULL};
    static const int against_values[] = {ZC_AGAINST_ALL, ZC_AGAINST_REGION, ZC_AGAINST_YEAR};
    int x = 0, rc = -1;
    switch (c) {
    case 'd': return zc_cli_dbs_add(&r->dbs, v) ? ZC_EXIT_ERROR : -1;
    case 'j': r->format = ZC_FMT_JSON; return -1;
    case 'c': r->format = ZC_FMT_CSV; return -1;
    case 'r': r->o.region = v; return -1;
    case 't': r->o.type = v; return -1;
    case 's': r->o.source = v; return -1;
    case 'S': r->o.synonyms = 0; return -1;
    case 'P': r->open_flags |= ZC_OPEN_ALLOW_PARTIAL; return -1;
    case 'y':
        if (zc_years_parse(v, &r->o.year_lo, &r->o.year_hi))
            return zc_cli_usage_error(r->cmd,
                                      "--year needs a year or a range (2025, 2020..2025, 2020.., "
                                      "..2025), not '%s'",
                                      v);
        return -1;
    case 'b':
        rc = pick(r->cmd, "--by", v, by_names, by_values, &x);
        r->o.by = (zc_trend_by)x;
        return rc;
    case 'o':
        rc = pick(r->cmd, "--sort", v, sort_names, sort_values, &x);
        r->o.sort = (zc_kwic_sort)x;
        return rc;
    case 'a':
        rc = pick(r->cmd, "--against", v, against_names, against_values, &x);
        r->o.against = (zc_against)x;
        return rc;
    case 'p':
        if (strcmp(v, "10k") && strcmp(v, "10000"))
            return zc_cli_usage_error(r->cmd, "--per takes 10k, not '%s'", v);
        r->per_10k = 1;
        return -1;
    case 'w':
    case 'n':
    case 'f': {
        unsigned u;
        if (zc_cli_parse_uint(v, &u) || (c == 'w' && (u == 0 || u > 1000)))
            return zc_cli_usage_error(r->cmd, "--%s needs a number%s, not '%s'",
                                      c == 'w'   ? "width"
                                      : c == 'n' ? "limit"
                                                 : "offset",
                                      c == 'w' ? " from 1 to 1000" : "", v);
        *(c == 'w' ? &r->o.width : c == 'n' ? &r->o.limit : &r->o.offset) = u;
        return -1;
    }
    default: return ZC_EXIT_ERROR;
    }
}

int zc_cli_research_parse(zc_cli_research *r, const char *cmd, const char *help, int argc,
                          char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},           {"region", required_argument, NULL, 'r'},
        {"year", required_argument, NULL, 'y'},    {"type", required_argument, NULL, 't'},
        {"source", required_argument, NULL, 's'},  {"no-synonyms", no_argument, NULL, 'S'},
        {"by", required_argument, NULL, 'b'},      {"per", required_argument, NULL, 'p'},
        {"width", required_argument, NULL, 'w'},   {"sort", required_argument, NULL, 'o'},
        {"limit", required_argument, NULL, 'n'},   {"offset", required_argument, NULL, 'f'},
        {"against", required_argument, NULL, 'a'}, {"allow-partial", no_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    *r = (zc_cli_research){.cmd = cmd};
    zc_research_options_init(&r->o, ZC_RESEARCH_OPTIONS_VERSION);
    const char *dangling = zc_cli_hoist_options(argc, argv, opts);
    if (dangling)
        return bad_option(cmd, dangling, ':');
    optind = 1;
    opterr = 0;
    for (;;) {
        int at = optind, c;
        if (at >= argc ||
            ((unsigned char)argv[at][0] == '-' && (unsigned char)argv[at][1] >= 0x80) ||
            (c = getopt_long(argc, argv, "+:h", opts, NULL)) == -1)
            break;
        if (c == '?' || c == ':')
            return bad_option(cmd, argv[at], c);
        if (c == 'h') {
            fputs(help, stdout);
            return ZC_EXIT_OK;
        }
        int rc = option(r, c, optarg);
        if (rc >= 0)
            return rc;
    }
    if (optind >= argc)
        return zc_cli_usage_error(
            cmd, "no %s given", strcmp(cmd, "trend") && strcmp(cmd, "kwic") ? "ID|PATH" : "QUERY");
    size_t len = 1;
    for (int i = optind; i < argc; i++)
        len += strlen(argv[i]) + 1;
    if (!(r->arg = malloc(len)))
        return ZC_EXIT_ERROR;
    char *end = r->arg;
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            *end++ = ' ';
        size_t n = strlen(argv[i]);
        memcpy(end, argv[i], n);
        end += n;
    }
    *end = '\0';
    return -1;
}

void zc_cli_research_free(zc_cli_research *r)
{
    zc_cli_dbs_free(&r->dbs);
    free(r->arg);
}

int zc_cli_research_open(zc_cli_research *r, zc_index **ix)
{
    zc_error err;
    zc_error_clear(&err);
    if (zc_cli_dbs_open(&r->dbs, r->open_flags, ix, &err))
        return zc_cli_fail(&err);
    return 0;
}

int zc_cli_research_fail(const zc_cli_research *r, int rc, const zc_error *err)
{
    if (rc == ZC_ERR_QUERY) {
        zc_cli_say(stderr, "bad query '%.200s': %s", r->arg, err->message);
        return ZC_EXIT_ERROR;
    }
    return zc_cli_fail(err);
}

int zc_cli_research_main(const char *cmd, const char *help, int (*run)(zc_cli_research *), int argc,
                         char **argv)
{
    zc_cli_research r;
    int status = zc_cli_research_parse(&r, cmd, help, argc, argv);
    if (status < 0)
        status = run(&r);
    zc_cli_research_free(&r);
    return status;
}

int zc_cli_research_json(int rc, char *s, const zc_error *err)
{
    int status = rc == ZC_OK ? 0 : zc_cli_fail(err);
    if (rc == ZC_OK)
        puts(s);
    free(s);
    return status;
}

void zc_cli_csv_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}
