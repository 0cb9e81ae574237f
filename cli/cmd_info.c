/* zhengce info: what an index holds. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>

#include "cli.h"

static const char help[] =
    "usage: zhengce info [--db DB]... [--json]\n"
    "\n"
    "Prints the number of documents, distinct terms and the size on disk (of\n"
    "the local shards). --db as for zhengce search: a directory, tcp://host:port\n"
    "or a cluster file, given once or several times.\n";

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
    zc_index_info info;
    if (zc_cli_dbs_open(dbs, ZC_OPEN_READ, &ix, &err))
        return zc_cli_fail(&err);
    char name[64];
    const char *path = zc_cli_dbs_name(dbs, name, sizeof name);
    int rc = zc_index_get_info(ix, &info, &err);
    zc_index_free(ix);
    if (rc)
        return zc_cli_fail(&err);
    if (json) {
        json_t *o = json_pack("{s:s, s:I, s:I, s:I}", "index", path, "documents",
                              (json_int_t)info.documents, "terms", (json_int_t)info.terms,
                              "size_bytes", (json_int_t)info.size_bytes);
        char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        if (!s) {
            fprintf(stderr, "zhengce: out of memory\n");
            return ZC_EXIT_ERROR;
        }
        puts(s);
        free(s);
    } else {
        printf("index      %s\n", path);
        printf("documents  %llu\n", (unsigned long long)info.documents);
        printf("terms      %llu\n", (unsigned long long)info.terms);
        printf("size       %.2f MB\n", info.size_bytes / 1e6);
    }
    return ZC_EXIT_OK;
}

int zc_cmd_info(int argc, char **argv)
{
    zc_cli_dbs dbs = {0};
    int status = info_main(argc, argv, &dbs);
    zc_cli_dbs_free(&dbs);
    return status;
}
