/* The HTTP server's connections (http/server.c), on an index of corpus/:
 * a client that hangs up mid-answer, 16 clients at once, an HTTP/1.1
 * connection kept open for the next request, and past the limit of
 * answers at once, 429 until one is done. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "http_client.h"
#include "http_fixture.h"
#include "test_util.h"
#include "zhengce.h"

/* A client that sends a request and closes before reading the answer,
 * many times: the server goes on. */
static void test_hangup(void **state)
{
    zc_test_http_env *e = *state;
    for (int i = 0; i < 50; i++) {
        int fd = zc_test_http_connect(e->port, 0);
        const char *req = i % 2 ? "GET /search?q=%E6%96%B0%E4%BD%99&limit=1000 HTTP/1.1\r\nHost: "
                                  "x\r\n\r\n"
                                : "GET /search?q=%E6%96%B0";
        assert_true(send(fd, req, strlen(req), MSG_NOSIGNAL) > 0);
        close(fd);
    }
    zc_http_got h = zc_http_get(e->port, "GET", "/healthz", NULL);
    assert_int_equal(h.status, 200);
    zc_http_got_free(&h);
}

typedef struct loader {
    zc_test_http_env *e;
    int id, errors;
} loader;

static void *load(void *arg)
{
    loader *l = arg;
    static const char *const targets[] = {
        "/search?q=%E6%96%B0%E4%BD%99",
        "/search?q=%E5%B7%A5%E4%B8%9A&limit=3&sort=date",
        "/search?q=%E9%94%82%E7%94%B5&offset=1",
        "/info",
        "/healthz",
        "/search?q=(((",
    };
    for (int i = 0; i < 50; i++) {
        size_t k = (size_t)(l->id + i) % (sizeof targets / sizeof *targets);
        zc_http_got g = zc_http_get(l->e->port, "GET", targets[k], NULL);
        int want = k == 5 ? 400 : 200;
        if (g.status != want || !g.body || !g.body[0])
            l->errors++;
        zc_http_got_free(&g);
    }
    return NULL;
}

static void test_load(void **state)
{
    zc_test_http_env *e = *state;
    enum { CLIENTS = 16 };
    pthread_t t[CLIENTS];
    loader l[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        l[i] = (loader){e, i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, load, &l[i]), 0);
    }
    int errors = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(t[i], NULL);
        errors += l[i].errors;
    }
    assert_int_equal(errors, 0);
}

/* HTTP/1.1 keeps the connection: requests one after the other on one
 * socket are each answered, none with Connection: close. */
static void test_keep_alive(void **state)
{
    zc_test_http_env *e = *state;
    int fd = zc_test_http_connect(e->port, 0);
    const char *targets[] = {"/healthz", "/search?q=%E6%96%B0%E4%BD%99", "/info", "/search?q=(((",
                             "/healthz"};
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        char req[256], head[4096];
        int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", targets[i]);
        assert_int_equal(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
        assert_int_equal(zc_test_http_read_answer(fd, head, sizeof head), i == 3 ? 400 : 200);
        assert_null(strstr(head, "Connection: close"));
    }
    close(fd);
}

/* Past max_requests answers at once, a request gets 429 and a JSON message
 * saying to try again, and the server answers again once one is done. The
 * answer held open: a document of 8 MB to a client that reads none of it
 * (a receive buffer of a few KB, the server's send buffer at most 4 MB),
 * so that the server cannot finish sending it until the client goes. */
static void test_too_many(void **state)
{
    zc_test_http_env *e = *state;
    enum { BIG = 8 << 20 };
    const char *line = "alpha beta gamma delta 12345 epsilon\n";
    size_t ll = strlen(line);
    char *text = malloc(BIG + 64);
    assert_non_null(text);
    size_t len = 0;
    for (; len + ll <= BIG; len += ll)
        memcpy(text + len, line, ll);
    char dir[4200], db[4200];
    snprintf(dir, sizeof dir, "%s/big", e->tmp);
    snprintf(db, sizeof db, "%s/bigdb", e->tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    char *path = zc_test_write_file(dir, "big.txt", text, len);
    free(text);
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, path);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    zc_index *ix = NULL;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_READ, &ix, &err), ZC_OK);
    zc_document *d = NULL;
    assert_int_equal(zc_document_get(ix, path, NULL, NULL, &d, &err), ZC_OK);
    char target[128];
    snprintf(target, sizeof target, "/documents/%s", zc_document_id(d));
    zc_document_free(d);

    zc_http_options o = ZC_HTTP_OPTIONS_INIT;
    o.port = 0;
    o.threads = 2;
    o.max_requests = 1;
    zc_http_server *srv = NULL; /* its threads answer; nothing need wait on it */
    assert_int_equal(zc_http_server_new(ix, &o, &srv, &err), ZC_OK);
    unsigned port = zc_http_server_port(srv);

    int fd = zc_test_http_connect(port, 4096);
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", target);
    assert_int_equal(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
    /* Once the server is answering it (its status line is here: nothing
     * else was asked, so it is 200), the next request is one too many. */
    char status[13] = {0};
    assert_int_equal(recv(fd, status, 12, MSG_PEEK | MSG_WAITALL), 12);
    assert_string_equal(status, "HTTP/1.1 200");
    zc_http_got g = zc_http_get(port, "GET", "/healthz", NULL);
    assert_int_equal(g.status, 429);
    assert_non_null(strstr(g.head, "application/json"));
    assert_non_null(strstr(g.body, "too many requests at once (the limit is 1)"));
    assert_non_null(strstr(g.body, "try again"));
    zc_http_got_free(&g);
    /* Still refused while the first answer is held. */
    g = zc_http_get(port, "GET", "/search?q=alpha", NULL);
    assert_int_equal(g.status, 429);
    zc_http_got_free(&g);
    close(fd);
    int served = 0;
    for (int i = 0; i < 200 && !served; i++) {
        g = zc_http_get(port, "GET", "/search?q=alpha", NULL);
        served = g.status == 200 && strstr(g.body, "\"total\":1") != NULL;
        if (!served) {
            assert_int_equal(g.status, 429);
            usleep(50 * 1000);
        }
        zc_http_got_free(&g);
    }
    assert_true(served);
    zc_http_server_free(srv);
    zc_index_free(ix);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hangup),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_too_many),
    };
    return cmocka_run_group_tests(tests, zc_test_http_setup, zc_test_http_teardown);
}
