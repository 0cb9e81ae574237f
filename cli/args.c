#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "term.h"

const char *zc_cli_db_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("ZHENGCE_DB");
    return env && *env ? env : "./zhengce-index";
}

int zc_cli_fail(const zc_error *err)
{
    zc_cli_say(stderr, "%s", err->message[0] ? err->message : zc_code_name(err->code));
    return ZC_EXIT_ERROR;
}

void zc_cli_say(FILE *f, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    fputs("zhengce: ", f);
    if (n >= 0)
        zc_term_puts(f, s, zc_term_escapes(f));
    fputc('\n', f);
    free(s);
}

int zc_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    fprintf(stderr, "zhengce %s: ", cmd);
    if (n >= 0) /* it quotes what was typed */
        zc_term_puts(stderr, s, zc_term_escapes(stderr));
    fprintf(stderr, "\nTry 'zhengce %s --help'.\n", cmd);
    free(s);
    return ZC_EXIT_ERROR;
}

int zc_cli_parse_uint(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || errno || v > 100000000UL || s[0] == '-')
        return -1;
    *out = (unsigned)v;
    return 0;
}

int zc_cli_use_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return 0;
    return isatty(fileno(f));
}

/* The long option arg names ("--name" or "--name=value"), or NULL. */
static const struct option *long_option(const struct option *opts, const char *arg)
{
    if (strncmp(arg, "--", 2) != 0 || !arg[2])
        return NULL;
    const char *name = arg + 2;
    size_t n = strcspn(name, "=");
    for (const struct option *o = opts; o->name; o++)
        if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
            return o;
    return NULL;
}

const char *zc_cli_hoist_options(int argc, char **argv, const struct option *opts)
{
    char **front = calloc((size_t)argc + 1, sizeof *front);
    char **back = calloc((size_t)argc + 1, sizeof *back);
    if (!front || !back) {
        free(front);
        free(back);
        return NULL;
    }
    int nf = 0, nb = 0, i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        const struct option *o = long_option(opts, argv[i]);
        if (!o) {
            back[nb++] = argv[i];
            continue;
        }
        front[nf++] = argv[i];
        if (o->has_arg == required_argument && !strchr(argv[i], '=')) {
            if (i + 1 == argc) { /* hoisted, it would take a query word */
                free(front);
                free(back);
                return argv[i];
            }
            front[nf++] = argv[++i];
        }
    }
    /* "--" and what follows stay last, in order. */
    int k = 1;
    for (int j = 0; j < nf; j++)
        argv[k++] = front[j];
    if (nb && i < argc) /* keep "--" before the query words */
        argv[k++] = argv[i++];
    for (int j = 0; j < nb; j++)
        argv[k++] = back[j];
    for (; i < argc; i++)
        argv[k++] = argv[i];
    free(front);
    free(back);
    return NULL;
}
