/* zhengce show: one document, whole, with a query's matches marked. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "term.h"

static const char help[] =
    "usage: zhengce show [--db DB]... [--json] [-q QUERY] [--match exact|words|any]\n"
    "                    [--no-synonyms] ID|PATH\n"
    "\n"
    "Prints a document's metadata and its whole cleaned text, as indexed. ID is\n"
    "a hit's id (16 hex digits, `zhengce search --json`); PATH the file it was\n"
    "indexed from (a collection's row: PATH#ROW). With -q every match of\n"
    "QUERY in the text is marked, exactly as search highlights it: in reverse\n"
    "video on a terminal (unless NO_COLOR is set), else between [[ and ]].\n"
    "\n"
    "  -q, --query Q   mark the matches of Q (the query language of search)\n"
    "  --match M       how Q's keywords match: exact (default), words, any\n"
    "  --no-synonyms   do not mark synonyms of Q's keywords\n"
    "  --json          the document as JSON: the fields of a search hit,\n"
    "                  region_code, query, matches ([start, end) character\n"
    "                  offsets into text) and text\n"
    "\n"
    "exit status: 0 shown, 1 shown but QUERY matches nothing in it, 2 error\n"
    "(no such document: the message names it)\n";

static void meta_line(const char *label, const char *v, int esc)
{
    if (!v || !*v)
        return;
    fputs(label, stdout);
    zc_term_puts(stdout, v, esc);
    putchar('\n');
}

/* The text with the marks between on and off; line breaks kept. */
static void put_text(const char *s, size_t len, const size_t *m, size_t nm, int esc, const char *on,
                     const char *off)
{
    size_t c = 0, k = 0;
    int open = 0;
    for (size_t b = 0; b < len;) {
        if (open && k < nm && c == m[2 * k + 1]) {
            fputs(off, stdout);
            open = 0;
            k++;
        }
        if (!open && k < nm && c == m[2 * k]) {
            fputs(on, stdout);
            open = 1;
        }
        char buf[ZC_TERM_ESC_MAX];
        const char *out;
        size_t olen, n;
        if (s[b] == '\n') {
            fputs(open ? off : "", stdout);
            putchar('\n');
            fputs(open ? on : "", stdout);
            n = 1;
        } else {
            zc_term_char(s + b, esc, buf, &out, &olen, &n);
            fwrite(out, 1, olen, stdout);
        }
        b += n ? n : 1;
        c++;
    }
    if (open)
        fputs(off, stdout);
    if (len && s[len - 1] != '\n')
        putchar('\n');
}

static int show_main(int argc, char **argv, zc_cli_dbs *dbs)
{
    enum { O_MATCH = 256, O_NO_SYN };
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"query", required_argument, NULL, 'q'},
        {"match", required_argument, NULL, O_MATCH},
        {"no-synonyms", no_argument, NULL, O_NO_SYN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    zc_document_options o;
    zc_document_options_init(&o, ZC_DOCUMENT_OPTIONS_VERSION);
    const char *query = NULL;
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":hq:", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (zc_cli_dbs_add(dbs, optarg))
                return ZC_EXIT_ERROR;
            break;
        case 'j': json = 1; break;
        case 'q': query = optarg; break;
        case O_NO_SYN: o.synonyms = 0; break;
        case O_MATCH:
            if (strcmp(optarg, "exact") == 0)
                o.match = ZC_MATCH_EXACT;
            else if (strcmp(optarg, "words") == 0)
                o.match = ZC_MATCH_WORDS;
            else if (strcmp(optarg, "any") == 0)
                o.match = ZC_MATCH_ANY;
            else
                return zc_cli_usage_error("show", "--match is exact, words or any, not '%s'",
                                          optarg);
            break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        case ':': return zc_cli_usage_error("show", "option '%s' needs a value", argv[optind - 1]);
        default: return zc_cli_usage_error("show", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return zc_cli_usage_error("show", "no ID or PATH given");
    if (optind + 1 < argc)
        return zc_cli_usage_error("show", "one document at a time, not also '%s'",
                                  argv[optind + 1]);
    zc_error err;
    zc_error_clear(&err);
    zc_index *ix = NULL;
    zc_document *d = NULL;
    int rc = zc_cli_dbs_open(dbs, ZC_OPEN_READ, &ix, &err);
    if (rc == ZC_OK)
        rc = zc_document_get(ix, argv[optind], query, &o, &d, &err);
    if (rc) {
        if (rc == ZC_ERR_QUERY)
            zc_cli_say(stderr, "bad query '%s': %s", query, err.message);
        else
            zc_cli_fail(&err);
        zc_index_free(ix);
        return ZC_EXIT_ERROR;
    }
    size_t nm = 0, len = 0;
    const size_t *m = zc_document_matches(d, &nm);
    int status = query && nm == 0 ? ZC_EXIT_NONE : ZC_EXIT_OK;
    if (json) {
        char *s = NULL;
        if (zc_document_json(d, &s, &err) == ZC_OK) {
            puts(s);
            free(s);
        } else {
            status = zc_cli_fail(&err);
        }
    } else {
        int esc = zc_term_escapes(stdout), color = zc_cli_use_color(stdout);
        meta_line("title    ", zc_document_title(d), esc);
        meta_line("id       ", zc_document_id(d), esc);
        meta_line("path     ", zc_document_path(d), esc);
        meta_line("region   ", zc_document_region(d), esc);
        meta_line("date     ", zc_document_date(d), esc);
        if (!*zc_document_date(d) && zc_document_year(d))
            printf("year     %d\n", zc_document_year(d));
        meta_line("type     ", zc_document_type(d), esc);
        meta_line("issuer   ", zc_document_issuer(d), esc);
        meta_line("docno    ", zc_document_docno(d), esc);
        if (query)
            printf("matches  %zu\n", nm);
        putchar('\n');
        const char *text = zc_document_text(d, &len);
        put_text(text, len, m, nm, esc, color ? "\033[7m" : "[[", color ? "\033[0m" : "]]");
    }
    zc_document_free(d);
    zc_index_free(ix);
    return status;
}

int zc_cmd_show(int argc, char **argv)
{
    zc_cli_dbs dbs = {0};
    int status = show_main(argc, argv, &dbs);
    zc_cli_dbs_free(&dbs);
    return status;
}
