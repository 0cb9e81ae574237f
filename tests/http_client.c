/* A minimal HTTP/1.1 client for the server's tests (http_client.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http_client.h"

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

zc_http_got zc_http_get(unsigned port, const char *method, const char *target, const char *extra)
{
    zc_http_got g = {0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
        if (fd >= 0)
            close(fd);
        return g;
    }
    size_t n = strlen(method) + strlen(target) + (extra ? strlen(extra) : 0) + 128;
    char *req = malloc(n);
    if (!req) {
        close(fd);
        return g;
    }
    int rl = snprintf(req, n, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
                      method, target, extra ? extra : "");
    int sent = send_all(fd, req, (size_t)rl);
    free(req);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    for (ssize_t k = 1; buf && k > 0;) {
        if (len == cap) {
            char *p = realloc(buf, 2 * cap + 1);
            if (!p)
                break;
            buf = p;
            cap *= 2;
        }
        k = recv(fd, buf + len, cap - len, 0);
        if (k > 0)
            len += (size_t)k;
    }
    close(fd);
    (void)sent; /* a server may answer (413) before reading all */
    if (!buf)
        return g;
    buf[len] = '\0';
    char *end = strstr(buf, "\r\n\r\n");
    if (!end || sscanf(buf, "HTTP/1.%*d %d", &g.status) != 1) {
        free(buf);
        g.status = 0;
        return g;
    }
    *end = '\0';
    g.head = buf;
    g.len = len - (size_t)(end + 4 - buf);
    g.body = malloc(g.len + 1);
    if (g.body) {
        memcpy(g.body, end + 4, g.len);
        g.body[g.len] = '\0';
    }
    return g;
}

void zc_http_got_free(zc_http_got *g)
{
    free(g->head);
    free(g->body);
    *g = (zc_http_got){0};
}

char *zc_http_escape(const char *s)
{
    size_t n = strlen(s);
    char *o = malloc(3 * n + 1), *p = o;
    if (!o)
        return NULL;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~", *c))
            *p++ = (char)*c;
        else
            p += sprintf(p, "%%%02X", *c);
    }
    *p = '\0';
    return o;
}
