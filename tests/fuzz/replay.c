/* Runs a fuzz target's LLVMFuzzerTestOneInput on every file of the
 * directories (or the files) given, so the seeds and the inputs that once
 * crashed are checked by the ordinary test suite, with any compiler and
 * under ASan/UBSan. A directory that does not exist counts as empty (a
 * target may have no regressions yet); no input at all is a failure.
 * Each input is copied into a buffer of exactly its size, so reading past
 * its end is caught by ASan as in the fuzzer. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *more = realloc(buf, cap * 2);
        if (!more) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = more;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return -1;
    }
    /* Exactly n bytes (malloc(0) may return NULL: keep one byte then). */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    *out = exact;
    *len = n;
    return 0;
}

static int run_file(const char *path)
{
    uint8_t *data;
    size_t len;
    if (read_file(path, &data, &len)) {
        fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

static int not_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
    size_t done = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            if (errno == ENOENT)
                continue;
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (run_file(argv[i]))
                return 1;
            done++;
            continue;
        }
        struct dirent **names;
        int n = scandir(argv[i], &names, not_hidden, alphasort);
        if (n < 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        int rc = 0;
        for (int k = 0; k < n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
            if (!rc && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (run_file(path))
                    rc = 1;
                else
                    done++;
            }
            free(names[k]);
        }
        free(names);
        if (rc)
            return 1;
    }
    if (done == 0) {
        fprintf(stderr, "replay: no input found\n");
        return 1;
    }
    printf("replay: %zu inputs, no failure\n", done);
    return 0;
}
