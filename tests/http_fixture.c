#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http_fixture.h"
#include "test_util.h"

static void *run_server(void *arg)
{
    zc_test_http_env *e = arg;
    zc_error err;
    zc_http_server_run(e->srv, &err);
    return NULL;
}

int zc_test_http_setup(void **state)
{
    zc_test_http_env *e = calloc(1, sizeof *e);
    if (!e || !(e->tmp = zc_test_tmpdir()))
        return -1;
    snprintf(e->db, sizeof e->db, "%s/db", e->tmp);
    if (zc_test_open_corpus(e->tmp, e->db, &e->ix))
        return -1;
    zc_error err;
    zc_http_options o = ZC_HTTP_OPTIONS_INIT;
    o.port = 0;
    o.name = e->db;
    if (zc_http_server_new(e->ix, &o, &e->srv, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    e->port = zc_http_server_port(e->srv);
    if (pthread_create(&e->runner, NULL, run_server, e))
        return -1;
    *state = e;
    return 0;
}

int zc_test_http_teardown(void **state)
{
    zc_test_http_env *e = *state;
    zc_http_server_stop(e->srv);
    pthread_join(e->runner, NULL);
    zc_http_server_free(e->srv);
    zc_index_free(e->ix);
    zc_test_rmtree(e->tmp);
    free(e->tmp);
    free(e);
    return 0;
}

int zc_test_http_connect(unsigned port, int rcvbuf)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    if (rcvbuf)
        assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf), 0);
    struct timeval tv = {.tv_sec = 30};
    assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

int zc_test_http_read_answer(int fd, char *head, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap && !(n >= 4 && !memcmp(head + n - 4, "\r\n\r\n", 4))) {
        if (recv(fd, head + n, 1, 0) != 1)
            return 0;
        n++;
    }
    head[n] = '\0';
    const char *cl = strstr(head, "Content-Length: ");
    if (!cl)
        return 0;
    for (long left = atol(cl + 16); left > 0;) {
        char b[4096];
        ssize_t k = recv(fd, b, left < (long)sizeof b ? (size_t)left : sizeof b, 0);
        if (k <= 0)
            return 0;
        left -= k;
    }
    return atoi(head + 9);
}
