/*
 * Segmentation benchmark: dictionary load time and segmentation speed.
 *
 *   zc-bench-seg [--dict PATH] [--rounds N] [--list FILE] [FILE...]
 *
 * Reads the files into memory first; then times opening the dictionary
 * (mmap and header checks; the median of 50 opens), and cutting every
 * file's text in one call per file, for each mode, single thread. Speed is
 * input bytes / wall time of the cutting alone (best of N rounds).
 * --list names a file holding one path per line. Prints `key value` lines
 * for bench/seg.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/clock.h"
#include "dict/dict.h"
#include "text/seg.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    zc_buf b = ZC_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (zc_buf_append(&b, chunk, n)) {
            zc_buf_free(&b);
            fclose(f);
            return NULL;
        }
    fclose(f);
    *len = b.len;
    return zc_buf_detach(&b);
}

int main(int argc, char **argv)
{
    const char *dict_path = NULL, *list = NULL;
    int rounds = 3, first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "--dict") && first + 1 < argc)
            dict_path = argv[first + 1], first += 2;
        else if (!strcmp(argv[first], "--rounds") && first + 1 < argc)
            rounds = atoi(argv[first + 1]), first += 2;
        else if (!strcmp(argv[first], "--list") && first + 1 < argc)
            list = argv[first + 1], first += 2;
        else
            break;
    }
    /* The file names: from --list, then the arguments. */
    size_t nf = 0, cap = 64, total = 0, list_len = 0;
    char **names = malloc(cap * sizeof *names);
    char *list_text = list ? read_file(list, &list_len) : NULL;
    if (!names || (list && !list_text)) {
        fprintf(stderr, "zc-bench-seg: cannot read %s\n", list ? list : "arguments");
        return 2;
    }
    for (char *p = list_text, *nl; p && *p; p = nl ? nl + 1 : p + strlen(p)) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p && nf == cap && !(names = realloc(names, (cap *= 2) * sizeof *names)))
            return 2;
        if (*p)
            names[nf++] = p;
        if (!nl)
            break;
    }
    for (int i = first; i < argc; i++) {
        if (nf == cap && !(names = realloc(names, (cap *= 2) * sizeof *names)))
            return 2;
        names[nf++] = argv[i];
    }
    if (nf == 0 || rounds < 1) {
        fprintf(stderr, "usage: zc-bench-seg [--dict PATH] [--rounds N] [--list FILE] [FILE...]\n");
        return 2;
    }
    char **text = calloc(nf, sizeof *text);
    size_t *len = calloc(nf, sizeof *len);
    if (!text || !len)
        return 2;
    for (size_t i = 0; i < nf; i++) {
        if (!(text[i] = read_file(names[i], &len[i]))) {
            fprintf(stderr, "zc-bench-seg: cannot read %s\n", names[i]);
            return 2;
        }
        total += len[i];
    }

    zc_error err;
    zc_dict *d = NULL;
    double loads[50];
    for (int r = 0; r < 50; r++) {
        double t0 = zc_clock_s();
        if (zc_dict_open(dict_path, &d, &err)) {
            fprintf(stderr, "zc-bench-seg: %s\n", err.message);
            return 2;
        }
        loads[r] = zc_clock_s() - t0;
        if (r < 49)
            zc_dict_free(d);
    }
    qsort(loads, 50, sizeof *loads, cmp_double);
    double t0 = zc_clock_s();
    if (zc_dict_verify(d, &err)) {
        fprintf(stderr, "zc-bench-seg: %s\n", err.message);
        return 2;
    }
    double verify = zc_clock_s() - t0;
    zc_dict_info info;
    zc_dict_get_info(d, &info);

    zc_seg *seg;
    if (zc_seg_new(d, &seg, &err)) {
        fprintf(stderr, "zc-bench-seg: %s\n", err.message);
        return 2;
    }
    printf("files %zu\nbytes %zu\n", nf, total);
    printf("dict_bytes %llu\n", (unsigned long long)info.file_size);
    printf("dict_load_ms %.3f\n", loads[25] * 1e3);
    printf("dict_load_min_ms %.3f\n", loads[0] * 1e3);
    printf("dict_verify_ms %.3f\n", verify * 1e3);
    static const struct {
        const char *name;
        zc_seg_mode mode;
        int flags;
    } modes[] = {
        {"accurate_hmm", ZC_SEG_ACCURATE, 0},
        {"accurate_nohmm", ZC_SEG_ACCURATE, ZC_SEG_NO_HMM},
        {"search_hmm", ZC_SEG_SEARCH, 0},
    };
    for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
        double best = 1e30;
        size_t tokens = 0;
        for (int r = 0; r < rounds; r++) {
            tokens = 0;
            double start = zc_clock_s();
            for (size_t i = 0; i < nf; i++) {
                const zc_token *t;
                size_t n;
                if (zc_seg_cut(seg, text[i], len[i], modes[m].mode, modes[m].flags, &t, &n, &err)) {
                    fprintf(stderr, "zc-bench-seg: %s: %s\n", names[i], err.message);
                    return 2;
                }
                tokens += n;
            }
            double el = zc_clock_s() - start;
            if (el < best)
                best = el;
        }
        printf("%s_seconds %.4f\n%s_mbps %.2f\n%s_tokens %zu\n", modes[m].name, best, modes[m].name,
               total / 1e6 / best, modes[m].name, tokens);
    }
    zc_seg_free(seg);
    zc_dict_free(d);
    for (size_t i = 0; i < nf; i++)
        free(text[i]);
    free(text);
    free(len);
    free(names);
    free(list_text);
    return 0;
}
