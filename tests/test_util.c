#include "test_util.h"
#include "common/clock.h"
#include "common/stored.h"
#include "index/docrec.h"
#include "index/schema.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *zc_test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/zc-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl))
        return NULL;
    return strdup(tmpl);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void zc_test_rmtree(const char *path)
{
    if (path)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *zc_test_write_file(const char *dir, const char *name, const void *data, size_t len)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(path);
        return NULL;
    }
    fwrite(data, 1, len, f);
    fclose(f);
    return path;
}

char *zc_test_deep_dir(const char *base)
{
    size_t cap = strlen(base) + 41 * 40;
    char *p = malloc(cap);
    if (!p)
        fail_msg("out of memory");
    int at = snprintf(p, cap, "%s/deep", base);
    for (int i = 0; i <= 40; i++) {
        if (i > 0)
            at += snprintf(p + at, cap - (size_t)at, "/政府工作报告目录第%d层", i);
        if (mkdir(p, 0755) != 0)
            fail_msg("mkdir %s: %s", p, strerror(errno));
    }
    return p;
}

char *zc_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *zc_test_source_path(const char *rel)
{
    const char *src = getenv("ZC_SOURCE_DIR");
    if (!src)
        src = ".";
    size_t n = strlen(src) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", src, rel);
    return p;
}

char *zc_test_data_path(const char *rel)
{
    const char *dir = getenv("ZC_DATA_DIR");
    char base[4096];
    if (dir && *dir)
        snprintf(base, sizeof base, "%s", dir);
    else
        snprintf(base, sizeof base, "%s/../shared/data",
                 getenv("ZC_SOURCE_DIR") ? getenv("ZC_SOURCE_DIR") : ".");
    size_t n = strlen(base) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", base, rel);
    return p;
}

long zc_test_each_file(const char *dir, const char *prefix, const char *suffix, zc_test_file_fn *fn,
                       void *ctx)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    size_t pl = prefix ? strlen(prefix) : 0, sl = suffix ? strlen(suffix) : 0;
    long files = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t nl = strlen(e->d_name);
        if (nl < pl + sl || strncmp(e->d_name, prefix ? prefix : "", pl) ||
            strcmp(e->d_name + nl - sl, suffix ? suffix : ""))
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = zc_test_read_file(path, &len);
        if (!data)
            fail_msg("cannot read %s", path);
        fn(ctx, e->d_name, path, data, len);
        free(data);
        files++;
    }
    closedir(dp);
    return files;
}

size_t zc_test_csv_record(const char *s, char **fields, size_t max)
{
    size_t n = 0;
    while (n < max) {
        char *f = malloc(strlen(s) + 1), *o = f;
        if (!f)
            fail_msg("out of memory");
        if (*s == '"') {
            for (s++; *s; s++) {
                if (*s == '"' && s[1] == '"')
                    *o++ = *s++;
                else if (*s == '"')
                    break;
                else
                    *o++ = *s;
            }
            if (*s == '"')
                s++;
        } else {
            while (*s && *s != ',' && *s != '\n' && *s != '\r')
                *o++ = *s++;
        }
        *o = '\0';
        fields[n++] = f;
        if (*s != ',')
            break;
        s++;
    }
    return n;
}

double zc_test_now(void)
{
    return zc_clock_s();
}

int zc_test_main(int argc, char **argv, const struct CMUnitTest *tests, size_t ntests,
                 const struct CMUnitTest *data, size_t ndata)
{
    if (argc > 1 && !strcmp(argv[1], "data")) {
        char *dir = zc_test_data_path("");
        DIR *dp = dir ? opendir(dir) : NULL;
        free(dir);
        if (!dp) {
            printf("# ../shared/data is absent: skipped\n");
            return 77;
        }
        closedir(dp);
        /* What cmocka_run_group_tests() expands to, for arrays passed in. */
        return _cmocka_run_group_tests("data", data, ndata, NULL, NULL);
    }
    return _cmocka_run_group_tests("tests", tests, ntests, NULL, NULL);
}

zc_test_run zc_test_collect(int wait_status, const char *outp, const char *errp)
{
    zc_test_run r = {WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1,
                     zc_test_read_file(outp, NULL), zc_test_read_file(errp, NULL)};
    if (!r.out)
        r.out = calloc(1, 1);
    if (!r.err)
        r.err = calloc(1, 1);
    return r;
}

zc_test_run zc_test_cli(const char *tmpdir, const char *fmt, ...)
{
    char args[8192], cmd[20000], outp[4200], errp[4200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    const char *cli = getenv("ZC_CLI");
    snprintf(outp, sizeof outp, "%s/.out", tmpdir);
    snprintf(errp, sizeof errp, "%s/.err", tmpdir);
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s' 2>'%s' </dev/null", cli ? cli : "zhengce", args, outp,
             errp);
    int st = system(cmd);
    return zc_test_collect(st, outp, errp);
}

void zc_test_run_free(zc_test_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* libxapian 1.4.22's Database::check() frees one of its own objects through
 * a base-class pointer of a different size; AddressSanitizer builds would
 * abort there on a fault that is not ours. Read only by ASan builds. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "new_delete_type_mismatch=0";
}

char *zc_test_scan_view(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    size_t o = 0;
    int blank = 0;
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t len = 1;
        int is_blank = 0;
        if (*u == ' ' || *u == '\t')
            is_blank = 1;
        else if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
            is_blank = 1, len = 3;
        else if (u[0] == 0xC2 && u[1] == 0xA0)
            is_blank = 1, len = 2;
        else if ((u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x8B) ||
                 (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)) {
            i += 3;
            continue;
        }
        if (is_blank) {
            if (!blank)
                out[o++] = ' ';
            blank = 1;
            i += len;
            continue;
        }
        blank = 0;
        char c = s[i++];
        out[o++] = (c >= 'A' && c <= 'Z') ? c + 32 : (c == '\r' ? '\n' : c);
    }
    out[o] = '\0';
    return out;
}

/* 1 an ASCII letter, 2 a digit, 0 anything else. */
static int run_class(char ch)
{
    return ((ch | 32) >= 'a' && (ch | 32) <= 'z') ? 1 : (ch >= '0' && ch <= '9') ? 2 : 0;
}

int zc_test_contains_whole(const char *text, const char *w)
{
    size_t n = strlen(w);
    if (n == 0)
        return 0;
    int first = run_class(w[0]), last = run_class(w[n - 1]);
    for (const char *p = text; (p = strstr(p, w)); p++) {
        if (first && p > text && run_class(p[-1]) == first)
            continue;
        if (last && run_class(p[n]) == last)
            continue;
        return 1;
    }
    return 0;
}

void zc_test_each_doc(const char *path, void (*fn)(void *ctx, zc_xdoc *doc), void *ctx)
{
    zc_xdb *db;
    zc_error err;
    zc_xdb_stats st;
    assert_int_equal(zc_xdb_open(path, &db, &err), ZC_OK);
    assert_int_equal(zc_xdb_stats_get(db, &st, &err), ZC_OK);
    uint64_t fillers = 0;
    assert_int_equal(zc_xdb_term_freq(db, ZC_TERM_FILLER, &fillers, &err), ZC_OK);
    for (zc_xdocid id = 1; id <= st.last_docid; id++) {
        zc_xdoc *doc;
        if (zc_xdb_get_document(db, id, &doc, &err) != ZC_OK)
            continue;
        char *key = NULL;
        size_t klen = 0;
        /* The filler (index/schema.h) is no document: it has no id. */
        if (fillers && zc_xdoc_get_value(doc, ZC_SLOT_ID, &key, &klen, &err) == ZC_OK && !klen) {
            free(key);
            zc_xdoc_free(doc);
            continue;
        }
        free(key);
        fn(ctx, doc);
        zc_xdoc_free(doc);
    }
    zc_xdb_free(db);
}

char *zc_test_doc_text(const zc_xdoc *doc, size_t *len)
{
    zc_error err;
    char *value = NULL, *text = NULL;
    size_t vlen = 0;
    zc_docrec rec;
    if (zc_xdoc_get_value(doc, ZC_SLOT_RECORD, &value, &vlen, &err) != ZC_OK ||
        zc_docrec_parse(value, vlen, &rec, &err) != ZC_OK ||
        zc_stored_unpack(NULL, rec.stored, rec.stored_len, &text, len, &err) != ZC_OK)
        fail_msg("stored text: %s", err.message);
    free(value);
    return text;
}

char *zc_test_doc_field(const zc_xdoc *doc, const char *name)
{
    zc_error err;
    char *value = NULL;
    size_t vlen = 0;
    zc_docrec rec;
    if (zc_xdoc_get_value(doc, ZC_SLOT_RECORD, &value, &vlen, &err) != ZC_OK ||
        zc_docrec_parse(value, vlen, &rec, &err) != ZC_OK)
        fail_msg("record: %s", err.message);
    char *out = NULL, year[16];
    for (size_t k = 0; k < ZC_DOCREC_FIELDS; k++)
        if (!strcmp(name, zc_docrec_names[k]))
            out = strdup(rec.field[k]);
    if (!strcmp(name, "year")) {
        snprintf(year, sizeof year, "%d", rec.year);
        out = strdup(year);
    }
    if (!out)
        fail_msg("record: no field '%s'", name);
    free(value);
    return out;
}

int zc_test_xapian_check(const char *path)
{
    if (system("command -v xapian-check >/dev/null 2>&1") != 0)
        fail_msg("xapian-check not found (xapian-tools: bash scripts/deps.sh)");
    char cmd[8400];
    int n = snprintf(cmd, sizeof cmd, "xapian-check '%s' >/dev/null 2>&1", path);
    assert_true(n > 0 && (size_t)n < sizeof cmd);
    int st = system(cmd);
    if (!WIFEXITED(st))
        fail_msg("xapian-check '%s' did not finish", path);
    return WEXITSTATUS(st);
}

void zc_test_make_old_index(const char *path)
{
    zc_error err;
    zc_xdb *db = NULL;
    zc_xdoc *doc = NULL;
    if (zc_xdb_open_writable(path, ZC_XDB_CREATE, &db, &err) ||
        zc_xdb_set_metadata(db, "zhengce.schema", "1", 1, &err) || zc_xdoc_new(&doc, &err) ||
        zc_xdb_add_document(db, doc, NULL, &err) || zc_xdb_commit(db, &err))
        fail_msg("%s: %s", path, err.message);
    zc_xdoc_free(doc);
    zc_xdb_free(db);
}

char *zc_test_concat(const char *a, size_t alen, const char *b, size_t blen)
{
    char *r = malloc(alen + blen + 1);
    assert_non_null(r);
    memcpy(r, a, alen);
    memcpy(r + alen, b, blen);
    r[alen + blen] = '\0';
    return r;
}

unsigned zc_test_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) ||
        getsockname(fd, (struct sockaddr *)&a, &len))
        fail_msg("cannot find a free port: %s", strerror(errno));
    close(fd);
    return ntohs(a.sin_port);
}

int zc_test_accepts(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

uint64_t zc_test_total(zc_index *ix, const char *query)
{
    zc_results *r = NULL;
    zc_error err;
    if (zc_search(ix, query, NULL, &r, &err))
        fail_msg("search %s: %s", query, err.message);
    uint64_t n = zc_results_total(r);
    zc_results_free(r);
    return n;
}

int zc_test_open_corpus(const char *tmp, const char *db, zc_index **ix)
{
    *ix = NULL;
    char *corpus = zc_test_source_path("corpus");
    zc_test_run r = zc_test_cli(tmp, "index --db '%s' '%s'", db, corpus);
    free(corpus);
    int status = r.status;
    zc_test_run_free(&r);
    zc_error err;
    return status == 0 && zc_index_open(db, ZC_OPEN_READ, ix, &err) == ZC_OK ? 0 : -1;
}
