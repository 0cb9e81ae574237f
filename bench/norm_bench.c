/*
 * zc-bench-norm: throughput of the input normalization (text/normalize.h).
 *
 * Built as build/bench/zc-bench-norm (bench/CMakeLists.txt).
 *
 * Usage: zc-bench-norm [options] FILE|DIR...   (directories: their .txt/.md files)
 *   --s2t        first convert each file to traditional with OpenCC s2t.json
 *                (not timed), to measure traditional input
 *   --casefold   add ZC_NORM_CASEFOLD to the default flags
 *   --reference  time the reference computation (no fast paths) instead
 *   --check      also compare every result with the reference computation
 *   --repeat N   normalize everything N times (default 1)
 *
 * Each file is one call, as when indexing. Prints MB/s over the input bytes
 * and what the fast paths did.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "common/clock.h"
#include "text/normalize.h"

typedef struct doc {
    char *data;
    size_t len;
} doc;

static doc *docs;
static size_t ndocs, capdocs;

static void add_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(2);
    }
    fclose(f);
    data[size] = '\0';
    if (ndocs == capdocs) {
        capdocs = capdocs ? capdocs * 2 : 256;
        docs = realloc(docs, capdocs * sizeof *docs);
        if (!docs)
            exit(2);
    }
    docs[ndocs].data = data;
    docs[ndocs].len = (size_t)size;
    ndocs++;
}

static int wanted(const char *name)
{
    size_t l = strlen(name);
    return (l > 4 && strcmp(name + l - 4, ".txt") == 0) ||
           (l > 3 && strcmp(name + l - 3, ".md") == 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_path(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        add_file(path);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!wanted(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = realloc(names, cap * sizeof *names);
            if (!names)
                exit(2);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        add_file(full);
        free(names[i]);
    }
    free(names);
}

static void to_traditional(void)
{
    opencc_t oc = opencc_open("s2t.json");
    if (oc == (opencc_t)-1) {
        fprintf(stderr, "OpenCC s2t.json: %s\n", opencc_error());
        exit(2);
    }
    for (size_t i = 0; i < ndocs; i++) {
        char *t = opencc_convert_utf8(oc, docs[i].data, docs[i].len);
        if (!t) {
            fprintf(stderr, "OpenCC: %s\n", opencc_error());
            exit(2);
        }
        free(docs[i].data);
        docs[i].len = strlen(t);
        docs[i].data = malloc(docs[i].len + 1);
        memcpy(docs[i].data, t, docs[i].len + 1);
        opencc_convert_utf8_free(t);
    }
    opencc_close(oc);
}

int main(int argc, char **argv)
{
    int s2t = 0, check = 0, repeat = 1;
    int flags = ZC_NORM_DEFAULT;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--s2t") == 0)
            s2t = 1;
        else if (strcmp(argv[i], "--casefold") == 0)
            flags |= ZC_NORM_CASEFOLD;
        else if (strcmp(argv[i], "--reference") == 0)
            flags |= ZC_NORM_REFERENCE;
        else if (strcmp(argv[i], "--check") == 0)
            check = 1;
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else
            add_path(argv[i]);
    }
    if (ndocs == 0) {
        fprintf(stderr, "usage: zc-bench-norm [--s2t] [--casefold] [--reference] [--check] "
                        "[--repeat N] FILE|DIR...\n");
        return 2;
    }
    if (s2t)
        to_traditional();
    size_t total = 0;
    for (size_t i = 0; i < ndocs; i++)
        total += docs[i].len;

    zc_error err;
    zc_norm *n;
    double t0 = zc_clock_s();
    if (zc_norm_new(flags, &n, &err)) {
        fprintf(stderr, "zc_norm_new: %s\n", err.message);
        return 2;
    }
    double t_new = zc_clock_s() - t0;
    zc_buf out = ZC_BUF_INIT;
    size_t out_bytes = 0;
    double t_first = 0, c_first = 0;
    t0 = zc_clock_s();
    double c0 = zc_clock_cpu_s();
    for (int r = 0; r < repeat; r++) {
        for (size_t i = 0; i < ndocs; i++) {
            zc_buf_clear(&out);
            if (zc_norm_append(n, docs[i].data, docs[i].len, &out, &err)) {
                fprintf(stderr, "document %zu: %s\n", i, err.message);
                return 2;
            }
            out_bytes += out.len;
        }
        if (r == 0) {
            t_first = zc_clock_s() - t0;
            c_first = zc_clock_cpu_s() - c0;
        }
    }
    double t_all = zc_clock_s() - t0, c_all = zc_clock_cpu_s() - c0;
    zc_norm_stats st;
    zc_norm_get_stats(n, &st);
    printf("%zu documents, %.1f MB%s, flags 0x%x\n", ndocs, (double)total / 1e6,
           s2t ? " (converted to traditional)" : "", (unsigned)flags);
    printf("zc_norm_new: %.2f ms (OpenCC open %.2f ms)\n", t_new * 1e3, st.t2s_open_ms);
    printf("first pass: %.3f s, %.1f MB/s; CPU %.3f s, %.1f MB/s (includes probing %zu blocks: "
           "%.1f ms)\n",
           t_first, (double)total / 1e6 / t_first, c_first, (double)total / 1e6 / c_first,
           st.t2s_chunks, st.t2s_probe_ms);
    if (repeat > 1)
        printf("all %d passes: %.3f s, %.1f MB/s; CPU %.3f s, %.1f MB/s\n", repeat, t_all,
               (double)total * repeat / 1e6 / t_all, c_all, (double)total * repeat / 1e6 / c_all);
    printf("output %.1f MB; utf8proc segments %zu; OpenCC calls %zu over %.2f MB (%.1f%%)\n",
           (double)out_bytes / 1e6 / repeat, st.nfkc_segments / (size_t)repeat,
           st.t2s_calls / (size_t)repeat, (double)st.t2s_bytes / 1e6 / repeat,
           100.0 * (double)st.t2s_bytes / ((double)total * repeat));

    if (check) {
        zc_norm *ref;
        if (zc_norm_new(flags | ZC_NORM_REFERENCE, &ref, &err)) {
            fprintf(stderr, "zc_norm_new: %s\n", err.message);
            return 2;
        }
        zc_buf want = ZC_BUF_INIT;
        size_t bad = 0;
        for (size_t i = 0; i < ndocs; i++) {
            zc_buf_clear(&out);
            zc_buf_clear(&want);
            if (zc_norm_append(n, docs[i].data, docs[i].len, &out, &err) ||
                zc_norm_append(ref, docs[i].data, docs[i].len, &want, &err)) {
                fprintf(stderr, "document %zu: %s\n", i, err.message);
                return 2;
            }
            if (out.len != want.len || memcmp(out.data, want.data, out.len) != 0) {
                size_t k = 0;
                while (k < out.len && k < want.len && out.data[k] == want.data[k])
                    k++;
                fprintf(stderr, "document %zu differs from the reference at byte %zu\n", i, k);
                bad++;
            }
        }
        printf("check: %zu of %zu documents differ from the reference\n", bad, ndocs);
        zc_buf_free(&want);
        zc_norm_free(ref);
        if (bad)
            return 1;
    }
    zc_buf_free(&out);
    zc_norm_free(n);
    for (size_t i = 0; i < ndocs; i++)
        free(docs[i].data);
    free(docs);
    return 0;
}
