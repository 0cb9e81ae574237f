/* The indexing anchor: Xapian's own TermGenerator with FLAG_CJK_NGRAM over
 * the same files, one document per file, the text stored as document data
 * (as zhengce stores it for snippets), one thread.
 *
 * usage: zc-bench-ngram-index DBDIR FILE...
 * prints: files=N bytes=B seconds=S mb_per_s=R index_bytes=I ratio=X */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "xapian-c/xapian_c.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static unsigned long long dir_bytes(const char *dir)
{
    DIR *d = opendir(dir);
    unsigned long long total = 0;
    struct dirent *e;
    char p[4096];
    while (d && (e = readdir(d))) {
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            total += (unsigned long long)st.st_size;
    }
    if (d)
        closedir(d);
    return total;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DBDIR FILE...\n", argv[0]);
        return 2;
    }
    zc_error err;
    zc_xdb *db;
    double t0 = now();
    if (zc_xdb_open_writable(argv[1], ZC_XDB_OVERWRITE, &db, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    unsigned long long bytes = 0;
    int files = 0;
    for (int i = 2; i < argc; i++) {
        size_t len;
        char *text = slurp(argv[i], &len);
        if (!text)
            continue;
        zc_xdoc *doc;
        if (zc_xdoc_new(&doc, &err) || zc_xdoc_index_text_ngram(doc, text, len, &err) ||
            zc_xdoc_set_data(doc, text, len, &err) ||
            zc_xdb_add_document(db, doc, NULL, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            return 2;
        }
        zc_xdoc_free(doc);
        free(text);
        bytes += len;
        files++;
    }
    if (zc_xdb_commit(db, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    zc_xdb_free(db);
    double s = now() - t0;
    unsigned long long ib = dir_bytes(argv[1]);
    printf("files=%d bytes=%llu seconds=%.2f mb_per_s=%.2f index_bytes=%llu ratio=%.2f\n", files,
           bytes, s, bytes / 1e6 / s, ib, (double)ib / (double)bytes);
    return 0;
}
