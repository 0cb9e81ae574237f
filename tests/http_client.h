/* A minimal HTTP/1.1 client for the server's tests: one GET (or any
 * method) per connection on loopback. */
#ifndef ZC_TESTS_HTTP_CLIENT_H
#define ZC_TESTS_HTTP_CLIENT_H

#include <stddef.h>

typedef struct zc_http_got {
    int status; /* 0: no answer (connection refused or cut) */
    char *head; /* the status line and headers */
    char *body;
    size_t len;
} zc_http_got;

/* Sends "METHOD target HTTP/1.1" (with extra header lines, may be NULL)
 * to 127.0.0.1:port and reads the whole answer. */
zc_http_got zc_http_get(unsigned port, const char *method, const char *target, const char *extra);
void zc_http_got_free(zc_http_got *g);

/* target with every byte outside [A-Za-z0-9-._~] of s percent-encoded,
 * appended to buf (malloc'd, grown). */
char *zc_http_escape(const char *s);

#endif
