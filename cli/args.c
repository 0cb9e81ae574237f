#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *zc_cli_db_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("ZHENGCE_DB");
    return env && *env ? env : "./zhengce-index";
}

int zc_cli_fail(const zc_error *err)
{
    fprintf(stderr, "zhengce: %s\n", err->message[0] ? err->message : zc_code_name(err->code));
    return ZC_EXIT_ERROR;
}

int zc_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "zhengce %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'zhengce %s --help'.\n", cmd);
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
