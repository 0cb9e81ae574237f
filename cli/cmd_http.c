/* zhengce serve --http: the JSON API and the search page over HTTP
 * (docs/http.md), on the library's server (zc_http_server_*). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: zhengce serve --http [--listen ADDR] [--port P] [--db DB]... [--cors ORIGIN]\n"
    "                     [--threads N] [--max-requests N] [--timeout S] [--allow-partial]\n"
    "\n"
    "Serves the index read-only over HTTP: GET /search?q=QUERY (every option of\n"
    "zhengce search as a parameter), /documents/ID (?q=QUERY marks the matches),\n"
    "/info, /healthz, each answering with the JSON of the command line, and\n"
    "the search page at /. Stop it with Ctrl-C or SIGTERM. See docs/http.md.\n"
    "\n"
    "  --listen ADDR     the address to listen on (default 127.0.0.1: this machine\n"
    "                    only; 0.0.0.0 or :: for every interface)\n"
    "  --port P          the TCP port (default 8080; 0: any free one, printed)\n"
    "  --db DB           an index directory, tcp://host:port or a cluster file;\n"
    "                    given several times, the shards are served as one index\n"
    "  --cors ORIGIN     send Access-Control-Allow-Origin: ORIGIN (default: none)\n"
    "  --threads N       threads answering requests (default 4)\n"
    "  --max-requests N  requests answered at once; more get 429 (default 64)\n"
    "  --timeout S       close connections idle or stalled S seconds (default 30)\n"
    "  --allow-partial   leave out shards that cannot be reached\n"
    "\n"
    "exit status: 0 after a signal stopped it, 2 on error (no index, port taken)\n";

/* The server the signal handlers stop. */
static zc_http_server *running;

static void on_signal(int sig)
{
    (void)sig;
    zc_http_server_stop(running);
}

static int http_main(int argc, char **argv, zc_cli_dbs *dbs)
{
    enum { O_CORS = 256, O_THREADS, O_MAX, O_PARTIAL, O_HTTP };
    static const struct option opts[] = {
        {"http", no_argument, NULL, O_HTTP},
        {"db", required_argument, NULL, 'd'},
        {"port", required_argument, NULL, 'p'},
        {"listen", required_argument, NULL, 'l'},
        {"cors", required_argument, NULL, O_CORS},
        {"threads", required_argument, NULL, O_THREADS},
        {"max-requests", required_argument, NULL, O_MAX},
        {"timeout", required_argument, NULL, 't'},
        {"allow-partial", no_argument, NULL, O_PARTIAL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    zc_http_options o;
    zc_http_options_init(&o, ZC_HTTP_OPTIONS_VERSION);
    o.port = 8080;
    int c, flags = ZC_OPEN_READ;
    unsigned v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case O_HTTP: break;
        case 'd':
            if (zc_cli_dbs_add(dbs, optarg))
                return ZC_EXIT_ERROR;
            break;
        case 'p':
            if (zc_cli_parse_uint(optarg, &v) || v > 65535)
                return zc_cli_usage_error("serve", "--port needs a port 0-65535, not '%s'", optarg);
            o.port = v;
            break;
        case 'l': o.listen = optarg; break;
        case O_CORS: o.cors_origin = optarg; break;
        case O_THREADS:
            if (zc_cli_parse_uint(optarg, &o.threads) || o.threads == 0 || o.threads > 256)
                return zc_cli_usage_error("serve", "--threads needs a number 1-256, not '%s'",
                                          optarg);
            break;
        case O_MAX:
            if (zc_cli_parse_uint(optarg, &o.max_requests) || o.max_requests == 0)
                return zc_cli_usage_error("serve", "--max-requests needs a number, not '%s'",
                                          optarg);
            break;
        case 't':
            if (zc_cli_parse_uint(optarg, &o.timeout_seconds) || o.timeout_seconds == 0)
                return zc_cli_usage_error("serve", "--timeout needs seconds, not '%s'", optarg);
            break;
        case O_PARTIAL: flags |= ZC_OPEN_ALLOW_PARTIAL; break;
        case 'h': fputs(help, stdout); return ZC_EXIT_OK;
        case ':': return zc_cli_usage_error("serve", "option '%s' needs a value", argv[optind - 1]);
        default: return zc_cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return zc_cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    zc_error err;
    zc_error_clear(&err);
    zc_index *ix = NULL;
    if (zc_cli_dbs_open(dbs, flags, &ix, &err))
        return zc_cli_fail(&err);
    char name[64];
    o.name = zc_cli_dbs_name(dbs, name, sizeof name);
    zc_http_server *s = NULL;
    if (zc_http_server_new(ix, &o, &s, &err)) {
        zc_index_free(ix);
        return zc_cli_fail(&err);
    }
    /* A client that hangs up mid-answer is no reason to stop. */
    signal(SIGPIPE, SIG_IGN);
    running = s;
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    const char *host = o.listen ? o.listen : "127.0.0.1";
    printf("zhengce: serving %s on http://%s%s%s:%u/\n", o.name, strchr(host, ':') ? "[" : "", host,
           strchr(host, ':') ? "]" : "", zc_http_server_port(s));
    fflush(stdout);
    int rc = zc_http_server_run(s, &err);
    zc_http_server_free(s);
    running = NULL;
    zc_index_free(ix);
    return rc ? zc_cli_fail(&err) : ZC_EXIT_OK;
}

int zc_cmd_serve_http(int argc, char **argv)
{
    zc_cli_dbs dbs = {0};
    int status = http_main(argc, argv, &dbs);
    zc_cli_dbs_free(&dbs);
    return status;
}
