/* The search drivers' shared loop (peer_driver.h). */

#include "peer_driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static peer_query *load(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 64;
    peer_query *v = calloc(cap, sizeof *v);
    char *line = NULL;
    size_t lcap = 0;
    *n = 0;
    while (v && getline(&line, &lcap, f) > 0) {
        char *cls = strtok(line, "\t"), *text = strtok(NULL, "\t"), *scan = strtok(NULL, "\t\n");
        if (!cls || !text || !scan)
            continue;
        if (*n == cap) {
            peer_query *g = realloc(v, (cap *= 2) * sizeof *v);
            if (!g)
                break;
            v = g;
        }
        peer_query *q = &v[(*n)++];
        memset(q, 0, sizeof *q);
        snprintf(q->cls, sizeof q->cls, "%s", cls);
        q->text = strdup(text);
        q->scan = strtoull(scan, NULL, 10);
        char *copy = strdup(text), *save = NULL;
        for (char *p = strtok_r(copy, " ", &save); p && q->nparts < 2;
             p = strtok_r(NULL, " ", &save))
            q->parts[q->nparts++] = strdup(p);
        free(copy);
    }
    free(line);
    fclose(f);
    return v;
}

int peer_drive(const char *path, unsigned passes, peer_run_fn run, void *ctx)
{
    size_t n = 0, sink = 0;
    peer_query *qs = load(path, &n);
    if (!qs || !n) {
        fprintf(stderr, "%s: no queries\n", path);
        return 2;
    }
    int status = 0;
    for (size_t i = 0; i < n && !status; i++) {
        uint64_t total;
        status = run(ctx, &qs[i], &total, &sink);
    }
    for (unsigned p = 0; p < passes && !status; p++)
        for (size_t i = 0; i < n && !status; i++) {
            uint64_t total = 0;
            double t0 = now_ms();
            status = run(ctx, &qs[i], &total, &sink);
            double ms = now_ms() - t0;
            printf("%s\t%.3f\t%llu\t%llu\n", qs[i].cls, ms, (unsigned long long)total,
                   (unsigned long long)qs[i].scan);
        }
    fprintf(stderr, "read %zu bytes of hits\n", sink);
    for (size_t i = 0; i < n; i++) {
        free(qs[i].text);
        for (size_t k = 0; k < qs[i].nparts; k++)
            free(qs[i].parts[k]);
    }
    free(qs);
    return status;
}
