/* The zhengce command: shared helpers of the subcommands. */
#ifndef ZC_CLI_H
#define ZC_CLI_H

#include <stdio.h>

#include "zhengce.h"

/* Exit statuses (grep's convention for search; docs/cli.md). */
enum { ZC_EXIT_OK = 0, ZC_EXIT_NONE = 1, ZC_EXIT_ERROR = 2 };

/* The index directory: --db, else $ZHENGCE_DB, else ./zhengce-index. */
const char *zc_cli_db_path(const char *opt);

/* The index to search: the --db values, each an index directory,
 * tcp://host:port (a server) or a cluster file (one of those per line, #
 * comments; relative directories from the file's directory), else
 * $ZHENGCE_DB (the same), else ./zhengce-index. */
typedef struct zc_cli_dbs {
    const char **given; /* the --db values, not copied */
    size_t n_given;
    char **specs; /* after reading cluster files */
    size_t n_specs;
} zc_cli_dbs;
/* Adds a --db value; 0 on success. */
int zc_cli_dbs_add(zc_cli_dbs *d, const char *value);
/* Opens them as one index (zc_index_open_cluster with flags). */
int zc_cli_dbs_open(zc_cli_dbs *d, int flags, zc_index **out, zc_error *err);
/* What to call the index in output: the one spec, or "N shards". */
const char *zc_cli_dbs_name(const zc_cli_dbs *d, char *buf, size_t size);
void zc_cli_dbs_free(zc_cli_dbs *d);

/* Prints "zhengce: <message>" to stderr; returns ZC_EXIT_ERROR. */
int zc_cli_fail(const zc_error *err);
/* Prints "zhengce: ", the formatted text and a line end to f; on a
 * terminal the text is escaped (term.h), since it names files and titles
 * that may hold control characters. */
void zc_cli_say(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int zc_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses a non-negative integer option value; 0 on success. */
int zc_cli_parse_uint(const char *s, unsigned *out);

/* Moves the long options of opts (and their values) before the other
 * arguments, so that options may follow the query while "-word" in a query
 * stays a query word; "--" ends the options. For getopt_long with "+".
 * Returns an option that needs a value and ends the arguments (it is left
 * in place), or NULL. */
struct option;
const char *zc_cli_hoist_options(int argc, char **argv, const struct option *opts);

/* Whether to colour output written to f (a TTY, and NO_COLOR unset). */
int zc_cli_use_color(FILE *f);

/* How zc_cli_print_facets writes: each line's label; whether to show the
 * top region level when no level has two values; the lines each facet may
 * take at most; the width to wrap at; whether to escape (term.h). */
typedef struct zc_cli_facet_style {
    const char *region_label, *year_label;
    int always;
    int max_lines;
    int cols, esc;
    const char *type_label, *issuer_label; /* NULL: not shown */
} zc_cli_facet_style;
/* The region counts (the first level from the top with two values or
 * more), the year, type and issuer counts, each wrapped at st->cols over at most
 * st->max_lines lines, the last ending in "… and N more (--json lists
 * all)" when some do not fit (facets.c). */
void zc_cli_print_facets(FILE *f, const zc_results *r, const zc_cli_facet_style *st);

int zc_cmd_index(int argc, char **argv);
int zc_cmd_search(int argc, char **argv);
int zc_cmd_info(int argc, char **argv);
int zc_cmd_remove(int argc, char **argv);
int zc_cmd_segment(int argc, char **argv);
int zc_cmd_serve(int argc, char **argv);
int zc_cmd_serve_http(int argc, char **argv);
int zc_cmd_show(int argc, char **argv);

#endif
