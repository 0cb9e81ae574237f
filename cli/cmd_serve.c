/* zhengce serve: one shard on the network, served by Xapian's own
 * xapian-tcpsrv (read-only), for `zhengce search --db tcp://host:port`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: zhengce serve [--db DIR] --port P [--listen ADDR] [--timeout MS] [--quiet]\n"
    "       zhengce serve --http ...   (HTTP API and search page: serve --http --help)\n"
    "\n"
    "Serves the index DIR read-only to `zhengce search --db tcp://HOST:P` by\n"
    "running Xapian's xapian-tcpsrv (Debian package xapian-tools) in place of\n"
    "this process: stop it with Ctrl-C or a signal. See docs/scale-out.md.\n"
    "\n"
    "  --port P        the TCP port to listen on\n"
    "  --listen ADDR   the address to listen on (default 127.0.0.1: this machine\n"
    "                  only; 0.0.0.0 for every interface). The protocol has no\n"
    "                  authentication: open it to trusted networks only\n"
    "  --timeout MS    close connections idle or stalled this long\n"
    "  --quiet         no message per connection\n"
    "\n"
    "exit status: 2 when DIR is not a zhengce index or xapian-tcpsrv cannot run\n";

int zc_cmd_serve(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--http") == 0)
            return zc_cmd_serve_http(argc, argv);
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"port", required_argument, NULL, 'p'},
        {"listen", required_argument, NULL, 'l'},
        {"timeout", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *listen = "127.0.0.1", *port = NULL, *timeout = NULL;
    int quiet = 0, c;
    unsigned v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'p':
            if (zc_cli_parse_uint(optarg, &v) || v == 0 || v > 65535)
                return zc_cli_usage_error("serve", "--port needs a port 1-65535, not '%s'", optarg);
            port = optarg;
            break;
        case 'l': listen = optarg; break;
        case 't':
            if (zc_cli_parse_uint(optarg, &v))
                return zc_cli_usage_error("serve", "--timeout needs milliseconds, not '%s'",
                                          optarg);
            timeout = optarg;
            break;
        case 'q': quiet = 1; break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        default: return zc_cli_usage_error("serve", "bad option");
        }
    }
    if (optind < argc)
        return zc_cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    if (!port)
        return zc_cli_usage_error("serve", "no --port given");
    const char *path = zc_cli_db_path(db);

    /* Refuse what is not a zhengce index of this layout before serving it:
     * clients would only fail later, one search at a time. */
    zc_error err;
    zc_index *ix = NULL;
    if (zc_index_open(path, ZC_OPEN_READ, &ix, &err))
        return zc_cli_fail(&err);
    zc_index_free(ix);

    const char *args[16];
    int n = 0;
    args[n++] = "xapian-tcpsrv";
    args[n++] = "--port";
    args[n++] = port;
    args[n++] = "--interface";
    args[n++] = listen;
    if (timeout) {
        args[n++] = "--timeout";
        args[n++] = timeout;
    }
    if (quiet)
        args[n++] = "--quiet";
    args[n++] = path;
    args[n] = NULL;
    fflush(stdout);
    execvp(args[0], (char *const *)args);
    fprintf(stderr, "zhengce serve: cannot run xapian-tcpsrv (install xapian-tools): %s\n",
            strerror(errno));
    return ZC_EXIT_ERROR;
}
