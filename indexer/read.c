/* Reading a source file into clean UTF-8 text. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/utf8.h"
#include "index_internal.h"

void zc_source_free(zc_source *src)
{
    if (!src)
        return;
    free(src->display_path);
    free(src->real_path);
    free(src->text);
    memset(src, 0, sizeof *src);
}

/* Reads the whole of fd (size is a hint; the file may change under us). */
static int slurp(int fd, const char *path, size_t hint, char **out, size_t *len, zc_error *err)
{
    size_t cap = hint + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory (%zu bytes)", path, cap);
    for (;;) {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", path);
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            return zc_err_set(err, ZC_ERR_IO, "%s: cannot read: %s", path, strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return ZC_OK;
}

int zc_idx_read_file(const char *path, zc_source *out, zc_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return zc_err_set(err, errno == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO,
                          "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return zc_err_set(err, ZC_ERR_IO, "%s: not a regular file", path);
    }
    char *raw = NULL;
    size_t len = 0;
    int rc = slurp(fd, path, (size_t)st.st_size, &raw, &len, err);
    close(fd);
    if (rc)
        return rc;

    const char *nul = memchr(raw, '\0', len);
    size_t bad = 0;
    if (nul) {
        rc = zc_err_set(err, ZC_ERR_ENCODING, "%s: binary file (NUL byte at offset %zu)", path,
                        (size_t)(nul - raw));
    } else if (!zc_utf8_valid(raw, len, &bad)) {
        rc = zc_err_set(err, ZC_ERR_ENCODING, "%s: not valid UTF-8 (byte offset %zu)", path,
                        bad);
    }
    if (rc) {
        free(raw);
        return rc;
    }
    out->text_len = zc_clean_text(raw, len);
    out->text = raw;
    out->size = (uint64_t)st.st_size;
    out->mtime = (int64_t)st.st_mtime;
    out->display_path = strdup(path[0] == '.' && path[1] == '/' ? path + 2 : path);
    out->real_path = realpath(path, NULL);
    if (!out->display_path || !out->real_path) {
        zc_source_free(out);
        return zc_err_set(err, ZC_ERR_NOMEM, "%s: cannot resolve path", path);
    }
    return ZC_OK;
}
