/* zhengce info: what an index holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "term.h"

static const char help[] =
    "usage: zhengce info [--db DB]... [--json]\n"
    "\n"
    "Prints the number of documents, distinct terms and the size on disk (of\n"
    "the local shards), and how many documents each region and year has (with\n"
    "--json, every region at every level, as in zhengce search --json's facets).\n"
    "--db as for zhengce search: a directory, tcp://host:port or a cluster\n"
    "file, given once or several times.\n";

/* The info as one JSON object (the library writes it, as it writes a
 * search's). */
static int print_json(const char *path, const zc_index_info *info, const zc_results *facets)
{
    char *s = NULL;
    zc_error err;
    if (zc_index_info_json(path, info, facets, &s, &err))
        return zc_cli_fail(&err);
    puts(s);
    free(s);
    return ZC_EXIT_OK;
}

static int info_main(int argc, char **argv, zc_cli_dbs *dbs)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (zc_cli_dbs_add(dbs, optarg))
                return ZC_EXIT_ERROR;
            break;
        case 'j': json = 1; break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        default: return zc_cli_usage_error("info", "bad option");
        }
    }
    if (optind < argc)
        return zc_cli_usage_error("info", "unexpected argument '%s'", argv[optind]);
    zc_error err;
    zc_index *ix;
    if (zc_cli_dbs_open(dbs, ZC_OPEN_READ, &ix, &err))
        return zc_cli_fail(&err);
    char name[64];
    const char *path = zc_cli_dbs_name(dbs, name, sizeof name);
    zc_index_info info;
    zc_results *facets = NULL;
    int rc = zc_index_get_info(ix, &info, &err);
    if (rc == ZC_OK)
        rc = zc_index_facets(ix, &facets, &err);
    zc_index_free(ix);
    if (rc)
        return zc_cli_fail(&err);
    int status = ZC_EXIT_OK;
    if (json) {
        status = print_json(path, &info, facets);
    } else {
        int esc = zc_term_escapes(stdout);
        fputs("index      ", stdout);
        zc_term_puts(stdout, path, esc);
        printf("\ndocuments  %llu\n", (unsigned long long)info.documents);
        printf("terms      %llu\n", (unsigned long long)info.terms);
        printf("size       %.2f MB\n", info.size_bytes / 1e6);
        zc_cli_print_facets(stdout, facets,
                            &(zc_cli_facet_style){"regions   ", "years     ", 1, 4,
                                                  zc_term_columns(stdout), esc, "types     ",
                                                  "issuers   "});
    }
    zc_results_free(facets);
    return status;
}

int zc_cmd_info(int argc, char **argv)
{
    zc_cli_dbs dbs = {0};
    int status = info_main(argc, argv, &dbs);
    zc_cli_dbs_free(&dbs);
    return status;
}
