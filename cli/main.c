/* zhengce: full-text search for Chinese policy reports. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "research_args.h"

static const char usage[] =
    "usage: zhengce <command> [options] [args]\n"
    "\n"
    "commands:\n"
    "  index   [--db DIR] [--jobs N] [--full] PATH...\n"
    "                                      index files and directories, incrementally\n"
    "  search  [--db DB]... [--json] [--limit N] [--offset N] QUERY...\n"
    "                                      search; exit 0 if found, 1 if not, 2 on error\n"
    "  serve   [--db DIR] --port P [--listen ADDR]\n"
    "                                      serve an index (a shard) with xapian-tcpsrv\n"
    "  serve   --http [--port P] [--db DIR]  the JSON API and search page over HTTP\n"
    "  show    [--db DIR] [-q QUERY] [--json] ID|PATH\n"
    "                                      a document whole, the query's matches marked\n"
    "  info    [--db DIR] [--json]         documents, terms and size of an index\n"
    "  trend   [--by year|region|year,region|type] QUERY...\n"
    "                                      occurrences and documents per year, region, kind\n"
    "  kwic    [--width N] [--sort left|right|date|region] QUERY...\n"
    "                                      every occurrence in its context, one line each\n"
    "  similar [--limit N] ID|PATH         the documents most like one\n"
    "  keywords [--against all|region|year] ID|PATH\n"
    "                                      the words and phrases that set one apart\n"
    "  remove  [--db DIR] PATH...          drop the documents of files\n"
    "  segment [--mode accurate|search] [--no-hmm]\n"
    "                                      cut stdin into words, one line out per line in\n"
    "\n"
    "The index is --db DIR, else $ZHENGCE_DB, else ./zhengce-index; search and\n"
    "info also take several --db, tcp://host:port and cluster files.\n"
    "'zhengce <command> --help' describes a command.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return ZC_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return ZC_EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("zhengce %s\n", zc_version());
        return ZC_EXIT_OK;
    }
    if (!strcmp(cmd, "index"))
        return zc_cmd_index(argc - 1, argv + 1);
    if (!strcmp(cmd, "search"))
        return zc_cmd_search(argc - 1, argv + 1);
    if (!strcmp(cmd, "remove"))
        return zc_cmd_remove(argc - 1, argv + 1);
    if (!strcmp(cmd, "info"))
        return zc_cmd_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "show"))
        return zc_cmd_show(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return zc_cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "trend"))
        return zc_cmd_trend(argc - 1, argv + 1);
    if (!strcmp(cmd, "kwic"))
        return zc_cmd_kwic(argc - 1, argv + 1);
    if (!strcmp(cmd, "similar"))
        return zc_cmd_similar(argc - 1, argv + 1);
    if (!strcmp(cmd, "keywords"))
        return zc_cmd_keywords(argc - 1, argv + 1);
    if (!strcmp(cmd, "segment"))
        return zc_cmd_segment(argc - 1, argv + 1);
    fprintf(stderr, "zhengce: unknown command '%s'\n\n%s", cmd, usage);
    return ZC_EXIT_ERROR;
}
