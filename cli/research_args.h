/* The options the research commands (trend, kwic, similar, keywords)
 * share, parsed once (research_args.c). */
#ifndef ZC_CLI_RESEARCH_ARGS_H
#define ZC_CLI_RESEARCH_ARGS_H

#include "cli.h"

typedef enum zc_cli_format { ZC_FMT_TEXT = 0, ZC_FMT_JSON, ZC_FMT_CSV } zc_cli_format;

typedef struct zc_cli_research {
    const char *cmd; /* "trend" … */
    zc_research_options o;
    zc_cli_dbs dbs;
    int open_flags;
    zc_cli_format format;
    int per_10k; /* trend: the bar shows the rate */
    char *arg;   /* the query (words joined) or the document, malloc'd */
} zc_cli_research;

/* Parses argv for cmd (its help text help); returns -1 to go on, else the
 * exit status to return (after --help or a usage error). */
int zc_cli_research_parse(zc_cli_research *r, const char *cmd, const char *help, int argc,
                          char **argv);
void zc_cli_research_free(zc_cli_research *r);
/* Opens the index; 0 on success, else prints why and returns the status. */
int zc_cli_research_open(zc_cli_research *r, zc_index **ix);
/* Prints a failed tool's error (ZC_ERR_QUERY naming the query). */
int zc_cli_research_fail(const zc_cli_research *r, int rc, const zc_error *err);
/* A research command's whole run: parses argv for cmd, then calls run
 * with the options; the exit status. */
int zc_cli_research_main(const char *cmd, const char *help, int (*run)(zc_cli_research *), int argc,
                         char **argv);
/* Prints a tool's JSON output s, made with status rc (err its error);
 * frees s. 0, or the status of the failure. */
int zc_cli_research_json(int rc, char *s, const zc_error *err);
/* Writes s as a CSV field (quoted when it must be). */
void zc_cli_csv_field(FILE *f, const char *s);

int zc_cmd_trend(int argc, char **argv);
int zc_cmd_kwic(int argc, char **argv);
int zc_cmd_similar(int argc, char **argv);
int zc_cmd_keywords(int argc, char **argv);

#endif
