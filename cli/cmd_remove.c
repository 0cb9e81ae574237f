/* zhengce remove: drop the documents of files from an index. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: zhengce remove [--db DIR] PATH...\n"
    "\n"
    "Drops the documents of the files at or below each PATH (which need not\n"
    "exist any more). An empty PATH, and one that is the root directory, are\n"
    "refused: name what to remove ('.' for the current directory).\n"
    "\n"
    "exit status: 0 done, 2 error (nothing indexed at a PATH, an empty PATH,\n"
    "index locked…)\n";

int zc_cmd_remove(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        default: return zc_cli_usage_error("remove", "bad option");
        }
    }
    if (optind >= argc)
        return zc_cli_usage_error("remove", "no PATH given");
    zc_error err;
    zc_index *ix;
    if (zc_index_open(zc_cli_db_path(db), ZC_OPEN_WRITE, &ix, &err))
        return zc_cli_fail(&err);
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    int rc =
        zc_index_remove(ix, (const char *const *)argv + optind, (size_t)(argc - optind), &st, &err);
    zc_index_free(ix);
    if (rc)
        return zc_cli_fail(&err);
    fprintf(stderr, "removed %llu file%s\n", (unsigned long long)st.removed,
            st.removed == 1 ? "" : "s");
    return ZC_EXIT_OK;
}
