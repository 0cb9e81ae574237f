/* zhengce index: add files and directories to an index. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char help[] =
    "usage: zhengce index [--db DIR] PATH...\n"
    "\n"
    "Indexes files (.txt, .md, UTF-8) and directories (recursively). A file\n"
    "indexed before is replaced. Files that cannot be indexed are reported on\n"
    "stderr with the reason and skipped.\n"
    "\n"
    "exit status: 0 all files indexed, 1 some files skipped, 2 error\n";

static void on_event(void *ctx, zc_event ev, const char *path, const zc_error *why)
{
    (void)ctx;
    if (ev == ZC_EVENT_SKIPPED)
        fprintf(stderr, "zhengce: skipped %s\n", why ? why->message : path);
}

int zc_cmd_index(int argc, char **argv)
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
        default: return zc_cli_usage_error("index", "bad option");
        }
    }
    if (optind >= argc)
        return zc_cli_usage_error("index", "no PATH given");

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    zc_error err;
    zc_error_clear(&err);
    zc_index *ix;
    if (zc_index_open(zc_cli_db_path(db), ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err))
        return zc_cli_fail(&err);
    zc_index_set_reporter(ix, on_event, NULL);
    zc_index_stats st = {0, 0, 0};
    int rc = ZC_OK;
    for (int i = optind; rc == ZC_OK && i < argc; i++)
        rc = zc_index_add_path(ix, argv[i], &st, &err);
    /* Commit what was indexed even if a later path failed: it is sound. */
    zc_error cerr;
    int crc = zc_index_commit(ix, &cerr);
    zc_index_free(ix);
    if (rc)
        return zc_cli_fail(&err);
    if (crc)
        return zc_cli_fail(&cerr);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    double mb = st.bytes / 1e6;
    fprintf(stderr, "indexed %llu files (%.1f MB), skipped %llu, in %.2f s (%.1f MB/s)\n",
            (unsigned long long)st.indexed, mb, (unsigned long long)st.skipped, secs,
            secs > 0 ? mb / secs : 0.0);
    return st.skipped ? ZC_EXIT_NONE : ZC_EXIT_OK;
}
