/* The indexing anchor: Xapian's own TermGenerator with FLAG_CJK_NGRAM over
 * the same files, one document per file, the text stored as document data
 * (as zhengce stores it for snippets), one thread.
 *
 * usage: zc-bench-ngram-index [--jsonl] [--unigram] DBDIR FILE...
 * With --jsonl each row of a JSONL collection is one document: its title
 * and its text (content, else full_text or text), joined by a line break.
 * With --unigram the terms are instead one positional term per Han
 * character (position = unit index), with no word terms: the brief's
 * reference measurement of plain Xapian, which puts a machine's speed
 * beside the figures the brief gives.
 * prints: files=N docs=D bytes=B seconds=S mb_per_s=R index_bytes=I ratio=X
 * (bytes: the text indexed) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <jansson.h>

#include "bench/anchor.h"
#include "common/buf.h"
#include "common/clock.h"
#include "text/unit.h"
#include "xapian-c/xapian_c.h"

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

/* Positional unigrams: one term per Han character, at its unit's position. */
static int index_unigrams(zc_xdoc *doc, const char *text, size_t len, zc_error *err)
{
    zc_unit_iter it;
    zc_unit u;
    zc_unit_iter_init(&it, text, len);
    while (zc_unit_next(&it, &u))
        if (g_unichar_get_script(u.cp) == G_UNICODE_SCRIPT_HAN &&
            zc_xdoc_add_posting_n(doc, u.term, u.term_len, u.pos, 1, err))
            return 1;
    return 0;
}

/* One document: the text indexed with n-grams (or unigrams) and kept as
 * its data. */
static int add_doc(zc_xdb *db, const char *text, size_t len, int unigram, zc_error *err)
{
    zc_xdoc *doc;
    if (zc_xdoc_new(&doc, err))
        return 1;
    int rc = (unigram ? index_unigrams(doc, text, len, err)
                      : zc_bench_ngram_index(doc, text, len, err)) ||
             zc_xdoc_set_data(doc, text, len, err) || zc_xdb_add_document(db, doc, NULL, err);
    zc_xdoc_free(doc);
    return rc;
}

static const char *str_field(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

/* Adds each row of a JSONL collection; counts documents and text bytes.
 * Rows that are not JSON objects or have no text are skipped (as the
 * indexer skips them). */
static int add_jsonl(zc_xdb *db, const char *path, int unigram, int *docs,
                     unsigned long long *bytes, zc_error *err)
{
    size_t len;
    char *all = slurp(path, &len);
    if (!all) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    zc_buf text = ZC_BUF_INIT;
    int rc = 0;
    for (char *p = all, *nl; !rc && p < all + len; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(all + len - p));
        if (!nl)
            nl = all + len;
        json_t *row = json_loadb(p, (size_t)(nl - p), 0, NULL);
        const char *body = row ? str_field(row, "content") : "";
        if (!*body)
            body = str_field(row, "full_text");
        if (!*body)
            body = str_field(row, "text");
        if (*body) {
            zc_buf_clear(&text);
            const char *title = str_field(row, "title");
            if ((*title && (zc_buf_puts(&text, title) || zc_buf_putc(&text, '\n'))) ||
                zc_buf_puts(&text, body)) {
                fprintf(stderr, "%s: out of memory\n", path);
                rc = 1;
            } else if ((rc = add_doc(db, text.data, text.len, unigram, err))) {
                fprintf(stderr, "%s: %s\n", path, err->message);
            }
            *bytes += text.len;
            ++*docs;
        }
        json_decref(row);
    }
    zc_buf_free(&text);
    free(all);
    return rc;
}

int main(int argc, char **argv)
{
    int jsonl = 0, unigram = 0, a = 1;
    for (; a < argc && !strncmp(argv[a], "--", 2); a++) {
        if (!strcmp(argv[a], "--jsonl"))
            jsonl = 1;
        else if (!strcmp(argv[a], "--unigram"))
            unigram = 1;
        else
            break;
    }
    if (argc < a + 2) {
        fprintf(stderr, "usage: %s [--jsonl] [--unigram] DBDIR FILE...\n", argv[0]);
        return 2;
    }
    const char *dbdir = argv[a];
    zc_error err;
    zc_xdb *db;
    double t0 = zc_clock_s();
    if (zc_xdb_open_writable(dbdir, ZC_XDB_OVERWRITE, &db, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    unsigned long long bytes = 0;
    int files = 0, docs = 0;
    for (int i = a + 1; i < argc; i++) {
        if (jsonl) {
            if (add_jsonl(db, argv[i], unigram, &docs, &bytes, &err))
                return 2;
            files++;
            continue;
        }
        size_t len;
        char *text = slurp(argv[i], &len);
        if (!text)
            continue;
        if (add_doc(db, text, len, unigram, &err)) {
            fprintf(stderr, "%s: %s\n", argv[i], err.message);
            return 2;
        }
        free(text);
        bytes += len;
        files++;
        docs++;
    }
    if (zc_xdb_commit(db, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    zc_xdb_free(db);
    double s = zc_clock_s() - t0;
    unsigned long long ib = dir_bytes(dbdir);
    printf("files=%d docs=%d bytes=%llu seconds=%.2f mb_per_s=%.2f index_bytes=%llu ratio=%.2f\n",
           files, docs, bytes, s, bytes / 1e6 / s, ib, (double)ib / (double)bytes);
    return 0;
}
