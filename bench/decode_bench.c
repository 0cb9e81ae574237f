/*
 * zc-bench-decode: throughput of decoding raw bytes to UTF-8
 * (extract/decode.h), per source encoding.
 *
 * Usage: zc-bench-decode [--repeat N] FILE|DIR...
 *   (directories: their regular files, not recursing; default N 5)
 *
 * Each file is one call, as when indexing. Prints, for each encoding
 * found, the files, their megabytes and MB/s of input over the best of the
 * N rounds in CPU time (steadier than wall time on a busy machine), e.g.
 *
 *   bench/zc-bench-decode ../shared/data/news-xwlb                  (UTF-8)
 *   bench/zc-bench-decode ../shared/data/icwb2-pku/pku_test.txt     (GB18030)
 *
 * Exits 2 on a file that cannot be read or decoded.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/clock.h"
#include "extract/decode.h"

typedef struct file {
    char *path;
    char *data;
    size_t len;
} file;

typedef struct files {
    file *f;
    size_t n, cap;
} files;

static void add_file(files *fs, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        exit(2);
    }
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    if (size < 0 || !data || fread(data, 1, (size_t)size, fp) != (size_t)size) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(2);
    }
    fclose(fp);
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 256;
        fs->f = realloc(fs->f, fs->cap * sizeof *fs->f);
        if (!fs->f)
            exit(2);
    }
    fs->f[fs->n++] = (file){strdup(path), data, (size_t)size};
}

static void add_path(files *fs, const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        add_file(fs, path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        char full[4096];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (e->d_name[0] != '.' && stat(full, &st) == 0 && S_ISREG(st.st_mode))
            add_file(fs, full);
    }
    closedir(d);
}

typedef struct per_encoding {
    char name[32];
    size_t files, bytes;
    double best;
} per_encoding;

int main(int argc, char **argv)
{
    int repeat = 5, i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--repeat") == 0) {
        repeat = atoi(argv[i + 1]);
        i += 2;
    }
    if (i >= argc || repeat < 1) {
        fprintf(stderr, "usage: zc-bench-decode [--repeat N] FILE|DIR...\n");
        return 2;
    }
    files fs = {0};
    for (; i < argc; i++)
        add_path(&fs, argv[i]);

    /* The encoding of each file, then each encoding's files timed on
     * their own. */
    char(*enc)[32] = calloc(fs.n ? fs.n : 1, sizeof *enc);
    per_encoding pe[8];
    size_t npe = 0;
    for (size_t k = 0; k < fs.n; k++) {
        zc_decoded d;
        zc_error err;
        if (zc_decode(fs.f[k].data, fs.f[k].len, NULL, &d, &err) != ZC_OK) {
            fprintf(stderr, "%s: %s\n", fs.f[k].path, err.message);
            return 2;
        }
        snprintf(enc[k], sizeof enc[k], "%s", d.encoding);
        zc_decoded_free(&d);
        size_t j = 0;
        while (j < npe && strcmp(pe[j].name, enc[k]) != 0)
            j++;
        if (j == npe) {
            if (npe == sizeof pe / sizeof *pe)
                continue;
            pe[npe++] = (per_encoding){.best = 1e30};
            snprintf(pe[j].name, sizeof pe[j].name, "%s", enc[k]);
        }
        pe[j].files++;
        pe[j].bytes += fs.f[k].len;
    }
    for (size_t j = 0; j < npe; j++) {
        for (int r = 0; r < repeat; r++) {
            double t0 = zc_clock_cpu_s();
            for (size_t k = 0; k < fs.n; k++) {
                if (strcmp(enc[k], pe[j].name) != 0)
                    continue;
                zc_decoded d;
                zc_error err;
                if (zc_decode(fs.f[k].data, fs.f[k].len, NULL, &d, &err) != ZC_OK)
                    return 2;
                zc_decoded_free(&d);
            }
            double t = zc_clock_cpu_s() - t0;
            if (t < pe[j].best)
                pe[j].best = t;
        }
        printf("%-10s %6zu files %8.1f MB  %8.0f MB/s (best of %d)\n", pe[j].name, pe[j].files,
               (double)pe[j].bytes / 1e6, (double)pe[j].bytes / 1e6 / pe[j].best, repeat);
    }
    for (size_t k = 0; k < fs.n; k++) {
        free(fs.f[k].path);
        free(fs.f[k].data);
    }
    free(fs.f);
    free(enc);
    return 0;
}
