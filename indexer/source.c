/* Reading source files into records. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "common/err.h"
#include "extract/decode.h"
#include "extract/extract.h"
#include "index/schema.h"
#include "record.h"

zc_kind zc_kind_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || strchr(dot, '/'))
        return ZC_KIND_NONE;
    static const struct {
        const char *ext;
        zc_kind kind;
    } kinds[] = {
        {".txt", ZC_KIND_TEXT},          {".text", ZC_KIND_TEXT},     {".md", ZC_KIND_MARKDOWN},
        {".markdown", ZC_KIND_MARKDOWN}, {".html", ZC_KIND_HTML},     {".htm", ZC_KIND_HTML},
        {".csv", ZC_KIND_CSV},           {".jsonl", ZC_KIND_JSONL},   {".ndjson", ZC_KIND_JSONL},
        {".pdf", ZC_KIND_DOCUMENT},      {".docx", ZC_KIND_DOCUMENT}, {".doc", ZC_KIND_DOCUMENT},
        {".wps", ZC_KIND_DOCUMENT},      {".xlsx", ZC_KIND_DOCUMENT}, {".xls", ZC_KIND_DOCUMENT},
        {".et", ZC_KIND_DOCUMENT},       {".ofd", ZC_KIND_DOCUMENT},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcasecmp(dot, kinds[i].ext) == 0)
            return kinds[i].kind;
    return ZC_KIND_NONE;
}

void zc_file_clear(zc_file *f)
{
    if (!f)
        return;
    free(f->path);
    free(f->real_path);
    memset(f, 0, sizeof *f);
}

uint64_t zc_src_max_bytes(const zc_index_options *o)
{
    return o && o->max_file_bytes ? o->max_file_bytes : ZC_MAX_FILE_BYTES_DEFAULT;
}

int zc_src_too_large(const char *path, uint64_t size, uint64_t limit, zc_error *err)
{
    double mb = 1024.0 * 1024.0, lim = (double)limit / mb;
    return zc_err_set(err, ZC_ERR_INVALID,
                      "%s: file too large (%.1f MB > limit %.*f MB; --max-file-mb raises it)", path,
                      (double)size / mb, limit % (1u << 20) ? 1 : 0, lim);
}

/* read(2), again when interrupted. */
static ssize_t read_some(int fd, char *buf, size_t n)
{
    ssize_t got;
    do
        got = read(fd, buf, n);
    while (got < 0 && errno == EINTR);
    return got;
}

/* Reads the whole file, at most max_bytes of it. The size the file has
 * when opened is allocated once (plus the terminator); a file that grows
 * meanwhile is followed up to the limit. */
static int slurp(const char *path, uint64_t max_bytes, char **out, size_t *len, zc_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) /* gone since the walk (ENOENT), or unreadable */
        return zc_err_set(err, errno == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO, "%s: %s", path,
                          strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return zc_err_set(err, ZC_ERR_IO, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > max_bytes) {
        close(fd);
        return zc_src_too_large(path, (uint64_t)st.st_size, max_bytes, err);
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    int rc = buf ? ZC_OK
                 : zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory reading %.1f MB", path,
                              (double)st.st_size / (1024.0 * 1024.0));
    while (rc == ZC_OK) {
        if (n + 1 == cap) {
            /* Full: the end of the file, or more of it than at the start. */
            char more;
            ssize_t got = read_some(fd, &more, 1);
            if (got == 0)
                break;
            if (got < 0) {
                rc = zc_err_set(err, ZC_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
                break;
            }
            if ((uint64_t)n + 1 > max_bytes) {
                rc = zc_src_too_large(path, (uint64_t)n + 1, max_bytes, err);
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory reading %.1f MB", path,
                                (double)cap * 2 / (1024.0 * 1024.0));
                break;
            }
            buf = nb;
            cap *= 2;
            buf[n++] = more;
        }
        ssize_t got = read_some(fd, buf + n, cap - n - 1);
        if (got < 0)
            rc = zc_err_set(err, ZC_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        else if (got == 0)
            break;
        else if ((uint64_t)(n += (size_t)got) > max_bytes)
            rc = zc_src_too_large(path, (uint64_t)n, max_bytes, err);
    }
    close(fd);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return ZC_OK;
}

void zc_src_hash(const char *data, size_t len, char out[ZC_SRC_HASH_LEN + 1])
{
    snprintf(out, ZC_SRC_HASH_LEN + 1, "%016llx", (unsigned long long)XXH3_64bits(data, len));
}

static char *make_stamp(const zc_file *f, const char *data, size_t len)
{
    char sum[ZC_SRC_HASH_LEN + 1];
    zc_src_hash(data, len, sum);
    return zc_schema_stamp(len, f->mtime_ns, sum);
}

int zc_src_read(const zc_file *f, const zc_index_options *o, zc_record_fn fn, void *ctx,
                char **stamp, zc_error *err)
{
    *stamp = NULL;
    char *raw = NULL;
    size_t len = 0;
    int rc = slurp(f->path, zc_src_max_bytes(o), &raw, &len, err);
    if (rc)
        return rc;
    *stamp = make_stamp(f, raw, len);
    if (!*stamp) {
        free(raw);
        return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
    }
    /* The content decides; the name only says how to read text. */
    zc_format fmt = zc_detect(raw, len);
    if (fmt == ZC_FMT_TEXT && f->kind == ZC_KIND_DOCUMENT) {
        free(raw);
        return zc_err_set(err, ZC_ERR_INVALID,
                          "%s: named as a document, but its content is none of PDF, DOCX, DOC, "
                          "XLSX, XLS, OFD (damaged, or cut short?)",
                          f->path);
    }
    /* Another kind of binary named as text is the decoder's to report. */
    int container = fmt == ZC_FMT_ZIP || fmt == ZC_FMT_OLE || fmt == ZC_FMT_BINARY;
    if (fmt != ZC_FMT_TEXT && (!container || f->kind == ZC_KIND_DOCUMENT)) {
        rc = zc_src_document(f, fmt, raw, len, o, fn, ctx, err);
        free(raw);
        return rc;
    }
    zc_decoded dec = {0};
    rc = zc_decode(raw, len, o ? o->encoding : NULL, &dec, err);
    if (rc)
        zc_err_prefix(err, "%s: ", f->path);
    free(raw);
    if (rc)
        return rc;
    const char *text_column = o ? o->text_column : NULL;
    if (f->kind == ZC_KIND_CSV) {
        rc = zc_src_csv(f, dec.text, dec.len, text_column, fn, ctx, err);
    } else if (f->kind == ZC_KIND_JSONL) {
        rc = zc_src_jsonl(f, dec.text, dec.len, text_column, fn, ctx, err);
    } else {
        zc_record *r = calloc(1, sizeof *r);
        if (!r || !(r->key = strdup(f->real_path)) || !(r->display = strdup(f->path))) {
            zc_record_free(r);
            rc = zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", f->path);
        } else {
            r->text = dec.text;
            r->text_len = dec.len;
            dec.text = NULL;
            r->markup = f->kind == ZC_KIND_HTML ? 1 : f->kind == ZC_KIND_MARKDOWN ? 2 : 0;
            zc_src_name_meta(f->path, r);
            rc = fn(ctx, r);
        }
    }
    zc_decoded_free(&dec);
    return rc;
}
