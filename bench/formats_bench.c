/* Extraction speed per document format: each file given is read once,
 * then detected and extracted (OCR off) ROUNDS times; prints, per format,
 * the files, the text extracted, the best round's time and MB of text per
 * second (bench/formats.sh).
 *
 *   usage: zc-bench-formats [--rounds N] FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "extract/extract.h"

typedef struct per_fmt {
    unsigned files, failed;
    double text_mb, in_mb, best_s;
} per_fmt;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    fclose(f);
    *len = d ? (size_t)n : 0;
    return d;
}

int main(int argc, char **argv)
{
    int rounds = 3, first = 1;
    if (argc > 2 && strcmp(argv[1], "--rounds") == 0) {
        rounds = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || rounds < 1) {
        fprintf(stderr, "usage: zc-bench-formats [--rounds N] FILE...\n");
        return 2;
    }
    per_fmt t[ZC_FMT_BINARY + 1] = {0};
    for (int i = first; i < argc; i++) {
        size_t len;
        char *data = slurp(argv[i], &len);
        if (!data) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            continue;
        }
        zc_format fmt = zc_detect(data, len);
        per_fmt *p = &t[fmt];
        double best = -1;
        size_t text = 0;
        int ok = 1;
        for (int r = 0; r < rounds && ok; r++) {
            zc_extract_opts o = {argv[i], 0, NULL};
            zc_extracted x;
            zc_error err;
            double t0 = zc_clock_s();
            if (zc_extract(fmt, data, len, &o, &x, &err) != ZC_OK) {
                fprintf(stderr, "%s: %s\n", argv[i], err.message);
                ok = 0;
                break;
            }
            double s = zc_clock_s() - t0;
            text = x.len;
            for (size_t k = 0; k < x.nsheets; k++)
                for (size_t row = 0; row < x.sheets[k].nrows; row++)
                    for (size_t c = 0; c < x.sheets[k].ncells[row]; c++)
                        text += x.sheets[k].rows[row][c] ? strlen(x.sheets[k].rows[row][c]) : 0;
            zc_extracted_free(&x);
            if (best < 0 || s < best)
                best = s;
        }
        free(data);
        if (!ok) {
            p->failed++;
            continue;
        }
        p->files++;
        p->text_mb += (double)text / 1e6;
        p->in_mb += (double)len / 1e6;
        p->best_s += best;
    }
    printf("| format | files | file MB | text MB | seconds | text MB/s |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
    for (int f = 0; f <= ZC_FMT_BINARY; f++) {
        if (!t[f].files && !t[f].failed)
            continue;
        printf("| %s | %u%s | %.2f | %.2f | %.3f | %.2f |\n", zc_format_name((zc_format)f),
               t[f].files, t[f].failed ? " (+ failed)" : "", t[f].in_mb, t[f].text_mb, t[f].best_s,
               t[f].best_s > 0 ? t[f].text_mb / t[f].best_s : 0);
    }
    return 0;
}
