/* The HTTP server on libmicrohttpd: its thread pool answers GET requests
 * through the route table (routes.c) on a read-only index the threads
 * share (each search takes a view of its own: index/view.c). Limits: the
 * URL's size (413), the requests answered at once (429), idle and stalled
 * connections (a timeout); only GET and HEAD (405). An indexer's commits
 * are picked up: every reopen_seconds the idle views are brought to the
 * latest revision. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "http.h"
#include "index/index.h"

struct zc_http_server {
    zc_http_options o;
    char *listen, *cors, *name;
    zc_http_ctx ctx;
    struct MHD_Daemon *d;
    int fd;      /* the listening socket */
    int stop[2]; /* zc_http_server_stop writes to stop[1] */
    unsigned port;
    atomic_uint busy;          /* requests being answered */
    atomic_llong next_refresh; /* monotonic seconds of the next reopen */
    pthread_mutex_t refresh;
};

/* One request: its target as sent, and the bytes of body it came with. */
typedef struct request {
    char *target;
    size_t body;
    int started; /* the headers were seen: the next calls bring the body, then the end */
    int counted; /* counted in busy */
} request;

int zc_http_options_init(zc_http_options *o, unsigned version)
{
    static const zc_http_options defaults = ZC_HTTP_OPTIONS_INIT;
    if (!o || version != ZC_HTTP_OPTIONS_VERSION)
        return ZC_ERR_INVALID;
    *o = defaults;
    return ZC_OK;
}

static long long now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec;
}

/* Libmicrohttpd gives the target as sent, before it takes it apart: kept
 * as the request's own, so that params.c decodes it. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    (void)cls;
    (void)con;
    request *r = calloc(1, sizeof *r);
    if (r && !(r->target = strdup(uri ? uri : ""))) {
        free(r);
        r = NULL;
    }
    return r;
}

static void on_done(void *cls, struct MHD_Connection *con, void **req_cls,
                    enum MHD_RequestTerminationCode why)
{
    (void)con;
    (void)why;
    zc_http_server *s = cls;
    request *r = *req_cls;
    if (r && r->counted)
        atomic_fetch_sub(&s->busy, 1);
    if (r)
        free(r->target);
    free(r);
    *req_cls = NULL;
}

static enum MHD_Result send_reply(zc_http_server *s, struct MHD_Connection *con, zc_http_reply *rp)
{
    struct MHD_Response *res =
        MHD_create_response_from_buffer(rp->len, rp->body ? rp->body : (void *)"",
                                        rp->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!res) {
        free(rp->body);
        return MHD_NO;
    }
    rp->body = NULL;
    MHD_add_response_header(res, "Content-Type", rp->type);
    MHD_add_response_header(res, "Cache-Control", "no-store");
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    if (rp->status == 405)
        MHD_add_response_header(res, "Allow", "GET, HEAD");
    if (s->cors) {
        MHD_add_response_header(res, "Access-Control-Allow-Origin", s->cors);
        MHD_add_response_header(res, "Vary", "Origin");
    }
    enum MHD_Result ok = MHD_queue_response(con, (unsigned)rp->status, res);
    MHD_destroy_response(res);
    return ok;
}

/* Brings the idle views to the latest commit, at most every
 * reopen_seconds, by whichever request comes first. */
static void maybe_refresh(zc_http_server *s)
{
    long long t = now_s(), due = atomic_load(&s->next_refresh);
    if (t < due || pthread_mutex_trylock(&s->refresh) != 0)
        return;
    if (t >= atomic_load(&s->next_refresh)) {
        zc_error e;
        zc_index_refresh(s->ctx.ix, &e); /* a view that fails is reopened by its next search */
        atomic_store(&s->next_refresh, t + (long long)s->o.reopen_seconds);
    }
    pthread_mutex_unlock(&s->refresh);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    (void)url;
    (void)version;
    (void)upload_data;
    zc_http_server *s = cls;
    request *r = *req_cls;
    if (!r)
        return MHD_NO; /* no memory to hold it: the connection is closed */
    zc_http_reply rp = {0};
    if (*upload_data_size) { /* a body, which no route reads: counted, dropped */
        r->body += *upload_data_size;
        *upload_data_size = 0;
        if (r->body <= s->o.max_url_bytes)
            return MHD_YES;
        /* too much to wait for the end of: answered now, the rest dropped */
        zc_http_reply_error(&rp, 413, "a request takes no body");
        return send_reply(s, con, &rp);
    }
    /* The first call comes with the headers. An answer queued then, before
     * the request is read whole, makes libmicrohttpd close the connection
     * after it (it cannot know what of a body is still to come): answered
     * at the last call instead, the connection stays open for the next
     * request. */
    if (!r->started) {
        r->started = 1;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "method %.40s not allowed: the server only reads (GET, HEAD)",
                 method);
        zc_http_reply_error(&rp, 405, msg);
        return send_reply(s, con, &rp);
    }
    size_t tlen = strlen(r->target);
    if (tlen > s->o.max_url_bytes || r->body > 0) {
        char msg[200];
        if (r->body)
            snprintf(msg, sizeof msg, "a GET request takes no body (%zu bytes sent)", r->body);
        else
            snprintf(msg, sizeof msg, "URL of %zu bytes: the limit is %zu", tlen,
                     s->o.max_url_bytes);
        zc_http_reply_error(&rp, 413, msg);
        return send_reply(s, con, &rp);
    }
    r->counted = 1;
    if (atomic_fetch_add(&s->busy, 1) >= s->o.max_requests) {
        char msg[200];
        snprintf(msg, sizeof msg, "too many requests at once (the limit is %u): try again",
                 s->o.max_requests);
        zc_http_reply_error(&rp, 429, msg);
        return send_reply(s, con, &rp);
    }
    maybe_refresh(s);
    zc_http_url u;
    zc_error err;
    zc_error_clear(&err);
    if (zc_http_url_parse(r->target, &u, &err))
        zc_http_reply_error(&rp, err.code == ZC_ERR_NOMEM ? 500 : 400, err.message);
    else
        zc_http_route(&s->ctx, &u, &rp);
    zc_http_url_free(&u);
    return send_reply(s, con, &rp);
}

/* The listening socket, bound here so that a failure says why. */
static int listen_on(zc_http_server *s, zc_error *err)
{
    struct sockaddr_storage ss = {0};
    socklen_t sl;
    struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, s->listen, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)s->o.port);
        sl = sizeof *a4;
    } else if (inet_pton(AF_INET6, s->listen, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)s->o.port);
        sl = sizeof *a6;
    } else {
        return zc_err_set(err, ZC_ERR_INVALID,
                          "cannot listen on '%s': not an IPv4 or IPv6 address (127.0.0.1, ::1, "
                          "0.0.0.0)",
                          s->listen);
    }
    if (s->o.port > 65535)
        return zc_err_set(err, ZC_ERR_INVALID, "port %u is not a TCP port (1-65535)", s->o.port);
    int one = 1;
    s->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->fd < 0 || setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(s->fd, (struct sockaddr *)&ss, sl) || listen(s->fd, 128))
        return zc_err_set(err, ZC_ERR_NETWORK, "cannot listen on %s port %u: %s", s->listen,
                          s->o.port, strerror(errno));
    sl = sizeof ss;
    if (getsockname(s->fd, (struct sockaddr *)&ss, &sl) == 0)
        s->port = ntohs(ss.ss_family == AF_INET ? a4->sin_port : a6->sin6_port);
    return ZC_OK;
}

static int copy_options(zc_http_server *s, const zc_http_options *o, zc_error *err)
{
    if (!o) {
        zc_http_options_init(&s->o, ZC_HTTP_OPTIONS_VERSION);
        o = &s->o;
    } else if (o->version != ZC_HTTP_OPTIONS_VERSION) {
        return zc_err_set(err, ZC_ERR_INVALID,
                          "zc_http_server_new: options version %u is not supported (this library "
                          "knows %d)",
                          o->version, ZC_HTTP_OPTIONS_VERSION);
    }
    s->o = *o;
    s->listen = strdup(o->listen ? o->listen : "127.0.0.1");
    s->cors = o->cors_origin ? strdup(o->cors_origin) : NULL;
    s->name = o->name ? strdup(o->name) : NULL;
    if (!s->listen || (o->cors_origin && !s->cors) || (o->name && !s->name))
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory starting the HTTP server");
    if (s->cors && strpbrk(s->cors, "\r\n"))
        return zc_err_set(err, ZC_ERR_INVALID, "a CORS origin may not contain a line break");
    s->o.threads = o->threads ? o->threads : 4;
    s->o.max_requests = o->max_requests ? o->max_requests : 64;
    s->o.max_url_bytes = o->max_url_bytes ? o->max_url_bytes : 65536;
    s->o.timeout_seconds = o->timeout_seconds ? o->timeout_seconds : 30;
    s->o.reopen_seconds = o->reopen_seconds ? o->reopen_seconds : 1;
    return ZC_OK;
}

int zc_http_server_new(zc_index *ix, const zc_http_options *o, zc_http_server **out, zc_error *err)
{
    *out = NULL;
    zc_http_server *s = calloc(1, sizeof *s);
    if (!s)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory starting the HTTP server");
    s->fd = s->stop[0] = s->stop[1] = -1;
    pthread_mutex_init(&s->refresh, NULL);
    atomic_init(&s->busy, 0);
    atomic_init(&s->next_refresh, 0);
    int rc = copy_options(s, o, err);
    if (rc == ZC_OK && !ix)
        rc = zc_err_set(err, ZC_ERR_INVALID, "no index to serve");
    if (rc == ZC_OK && pipe2(s->stop, O_CLOEXEC))
        rc = zc_err_set(err, ZC_ERR_IO, "cannot start the HTTP server: %s", strerror(errno));
    if (rc == ZC_OK)
        rc = listen_on(s, err);
    s->ctx.ix = ix;
    s->ctx.name = s->name;
    if (rc == ZC_OK) {
        /* The URL's own limit is ours (413 with a JSON message); the
         * connection's memory must hold a URL that long and its headers. */
        size_t mem = s->o.max_url_bytes * 2 + 65536;
        s->d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, on_request, s,
            MHD_OPTION_LISTEN_SOCKET, s->fd, MHD_OPTION_THREAD_POOL_SIZE, s->o.threads,
            MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_seconds, MHD_OPTION_CONNECTION_LIMIT,
            s->o.max_requests * 4 + 16, MHD_OPTION_CONNECTION_MEMORY_LIMIT, mem,
            MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
            MHD_OPTION_END);
        if (!s->d)
            rc = zc_err_set(err, ZC_ERR_NETWORK, "cannot start the HTTP server on %s port %u",
                            s->listen, s->port);
        else
            s->fd = -1; /* the daemon's now: closed when it stops */
    }
    if (rc) {
        zc_http_server_free(s);
        return rc;
    }
    *out = s;
    return ZC_OK;
}

unsigned zc_http_server_port(const zc_http_server *s)
{
    return s->port;
}

int zc_http_server_run(zc_http_server *s, zc_error *err)
{
    char b;
    for (;;) {
        ssize_t n = read(s->stop[0], &b, 1);
        if (n == 1 || n == 0)
            return ZC_OK;
        if (errno != EINTR)
            return zc_err_set(err, ZC_ERR_IO, "HTTP server: %s", strerror(errno));
    }
}

void zc_http_server_stop(zc_http_server *s)
{
    int saved = errno;
    char b = 1;
    if (s && s->stop[1] >= 0 && write(s->stop[1], &b, 1) < 0) {
        /* the pipe is full: a stop is already pending */
    }
    errno = saved;
}

void zc_http_server_free(zc_http_server *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    if (s->fd >= 0)
        close(s->fd);
    for (int i = 0; i < 2; i++)
        if (s->stop[i] >= 0)
            close(s->stop[i]);
    pthread_mutex_destroy(&s->refresh);
    free(s->listen);
    free(s->cors);
    free(s->name);
    free(s);
}
