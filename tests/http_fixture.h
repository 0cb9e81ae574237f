/* The HTTP tests' server: an index of corpus/ served on a loopback port
 * the system picks, for a cmocka group; and raw sockets to it. */
#ifndef ZC_TESTS_HTTP_FIXTURE_H
#define ZC_TESTS_HTTP_FIXTURE_H

#include <pthread.h>
#include <stddef.h>

#include "zhengce.h"

typedef struct zc_test_http_env {
    char *tmp;
    char db[4200];
    zc_index *ix;
    zc_http_server *srv;
    pthread_t runner;
    unsigned port;
} zc_test_http_env;

/* cmocka group setup and teardown: *state is the zc_test_http_env. */
int zc_test_http_setup(void **state);
int zc_test_http_teardown(void **state);

/* A socket connected to port on loopback, with a receive buffer of
 * rcvbuf bytes (0: the system's) and a 30 s limit on each read; fails the
 * test when it cannot connect. */
int zc_test_http_connect(unsigned port, int rcvbuf);

/* Reads one answer from fd: its head (to the blank line, into head) and a
 * body of its Content-Length. Returns the status, 0 when the connection
 * ends first. */
int zc_test_http_read_answer(int fd, char *head, size_t cap);

#endif
