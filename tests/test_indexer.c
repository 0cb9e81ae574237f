/* The indexer end to end: encodings, file kinds, cleaning as seen by
 * search, metadata, incremental updates and removal. Killed runs are
 * test_crash.c's. */
#include <fcntl.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <iconv.h>

#include "common/utf8.h"
#include "test_util.h"
#include "xapian-c/xapian_c.h"
#include "zhengce.h"

typedef struct env {
    char *tmp;
} env;

static int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    e->tmp = zc_test_tmpdir();
    assert_non_null(e->tmp);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    env *e = *state;
    zc_test_rmtree(e->tmp);
    free(e->tmp);
    free(e);
    return 0;
}

static char *path_in(const env *e, const char *name)
{
    size_t n = strlen(e->tmp) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", e->tmp, name);
    return p;
}

static void mkdir_in(const env *e, const char *name)
{
    char *p = path_in(e, name);
    assert_int_equal(mkdir(p, 0755), 0);
    free(p);
}

/* Writes text converted to encoding (with an optional BOM) to dir/name. */
static void write_encoded(const char *dir, const char *name, const char *text, const char *enc,
                          const char *bom, size_t bom_len)
{
    iconv_t cd = iconv_open(enc, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in_left = strlen(text), out_cap = in_left * 4 + 16, out_left = out_cap;
    char *buf = malloc(out_cap + bom_len), *o = buf + bom_len;
    memcpy(buf, bom, bom_len);
    char *in = (char *)text;
    assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
    iconv_close(cd);
    free(zc_test_write_file(dir, name, buf, bom_len + (out_cap - out_left)));
    free(buf);
}

/* Searches db for query with --json; returns the parsed object. */
static json_t *search_json(const env *e, const char *db, const char *query, int *status)
{
    zc_test_run r = zc_test_cli(e->tmp, "search --db '%s' --json --limit 100 '%s'", db, query);
    *status = r.status;
    json_t *root = r.status == 2 ? NULL : json_loads(r.out, 0, NULL);
    if (r.status != 2 && !root)
        fail_msg("search [%s]: not JSON: %s / %s", query, r.out, r.err);
    zc_test_run_free(&r);
    return root;
}

static size_t hits_of(const env *e, const char *db, const char *query)
{
    int st;
    json_t *root = search_json(e, db, query, &st);
    size_t n = root ? (size_t)json_integer_value(json_object_get(root, "total")) : 0;
    json_decref(root);
    return n;
}

static void test_encodings(void **state)
{
    env *e = *state;
    mkdir_in(e, "enc");
    char *dir = path_in(e, "enc"), *db = path_in(e, "enc-db");
    const char *text = "江西省新余市政府工作报告\n锂电产业规模以上工业增加值增长9.5%。\n";
    write_encoded(dir, "gb.txt", "广东省 粤港澳大湾区 GB18030 编码\n", "GB18030", "", 0);
    write_encoded(dir, "big5.txt", "臺灣 經濟 發展 BIG5編碼測試文字，內容足夠長以便偵測。\n",
                  "BIG5", "", 0);
    write_encoded(dir, "u16le.txt", text, "UTF-16LE", "\xFF\xFE", 2);
    write_encoded(dir, "u16be.txt", "UTF16BE 无标记 测试文本 新余高新区\n", "UTF-16BE", "", 0);
    free(zc_test_write_file(dir, "bad.txt", "好\xFF\xFE\xFD\xFC坏", 9));
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 1); /* bad.txt failed, the rest indexed */
    assert_non_null(strstr(r.err, "bad.txt"));
    assert_non_null(strstr(r.err, "byte offset"));
    assert_non_null(strstr(r.err, "indexed 4,"));
    zc_test_run_free(&r);
    assert_int_equal(hits_of(e, db, "粤港澳大湾区"), 1);
    assert_int_equal(hits_of(e, db, "经济发展"), 1); /* Big5 traditional, folded */
    assert_int_equal(hits_of(e, db, "規模以上"), 1); /* the query is folded too */
    assert_int_equal(hits_of(e, db, "新余高新区"), 1);
    assert_int_equal(hits_of(e, db, "9.5%"), 1);
    free(dir);
    free(db);
}

static void test_kinds(void **state)
{
    env *e = *state;
    mkdir_in(e, "kinds");
    char *dir = path_in(e, "kinds"), *db = path_in(e, "kinds-db");
    const char *html = "<html><head><title>省长报告</title><style>.x{color:red}</style>"
                       "<script>var 脚本内容 = 1;</script></head><body><h1>标题</h1>"
                       "<p>低空经济&amp;新质生产力</p><p>第二段</p></body></html>";
    free(zc_test_write_file(dir, "a.html", html, strlen(html)));
    const char *csv = "\xEF\xBB\xBFprovince,year,title,full_text\n"
                      "江西省,2026,江西报告,\"江西 全文 一\n第二行\"\n"
                      "浙江省,2025,浙江报告,\"浙江全文二\"\n"
                      "湖南省,2024,空行,\n";
    free(zc_test_write_file(dir, "c.csv", csv, strlen(csv)));
    const char *jsonl = "{\"title\":\"甲\",\"content\":\"数字经济甲文\",\"year\":2023}\n"
                        "not json\n"
                        "{\"title\":\"乙\",\"content\":\"数字经济乙文\"}\n";
    free(zc_test_write_file(dir, "d.jsonl", jsonl, strlen(jsonl)));
    free(zc_test_write_file(dir, "e.pdf", "%PDF-1.4", 8));
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, dir);
    assert_int_equal(r.status, 1); /* d.jsonl line 2 */
    assert_non_null(strstr(r.err, "d.jsonl: line 2"));
    assert_non_null(strstr(r.err, "e.pdf"));
    assert_non_null(strstr(r.err, "5 documents"));
    zc_test_run_free(&r);
    assert_int_equal(hits_of(e, db, "新质生产力"), 1);
    assert_int_equal(hits_of(e, db, "脚本内容"), 0);
    assert_int_equal(hits_of(e, db, "数字经济"), 2);
    int st;
    json_t *root = search_json(e, db, "浙江全文二", &st);
    json_t *h = json_array_get(json_object_get(root, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(h, "title")), "浙江报告");
    assert_string_equal(json_string_value(json_object_get(h, "region")), "浙江省");
    assert_int_equal(json_integer_value(json_object_get(h, "year")), 2025);
    assert_non_null(strstr(json_string_value(json_object_get(h, "path")), "c.csv#2"));
    json_decref(root);
    root = search_json(e, db, "低空经济", &st);
    h = json_array_get(json_object_get(root, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(h, "title")), "省长报告");
    json_decref(root);
    free(dir);
    free(db);
}

/* A Markdown file as the news transcripts are written: the reader's words
 * are found, the markup is not, the first heading is the title, and no
 * phrase joins two list items. */
static void test_markdown_file(void **state)
{
    env *e = *state;
    mkdir_in(e, "md");
    char *dir = path_in(e, "md"), *db = path_in(e, "md-db");
    const char *md =
        "# 《新闻联播》 (20220924)\n\n"
        "## 新闻摘要\n\n"
        "1.【领航中国】共护一江水；\n"
        "- 第一项\n"
        "- 第二项\n\n"
        "[原文链接文字](https://tv.cctv.com/2022/09/25/VIDE.shtml)\n\n"
        "<p><strong>央视网消息</strong>（新闻联播）：长江经济带&nbsp;生态&amp;发展。</p>"
        "<p>第二段落。</p>\n"
        "**加粗的话**与![示意图说明](map.png)\n";
    free(zc_test_write_file(dir, "20220924.md", md, strlen(md)));
    zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' '%s'", db, dir);
    if (r.status != 0)
        fail_msg("index: status %d: %s", r.status, r.err);
    zc_test_run_free(&r);
    static const char *const found[] = {"新闻摘要",     "领航中国",   "第一项",
                                        "原文链接文字", "央视网消息", "生态&发展",
                                        "第二段落",     "加粗的话",   "示意图说明"};
    for (size_t i = 0; i < sizeof found / sizeof *found; i++)
        if (hits_of(e, db, found[i]) != 1)
            fail_msg("[%s] not found in the Markdown file", found[i]);
    static const char *const markup[] = {"cctv", "shtml", "strong",          "nbsp",
                                         "amp",  "png",   "\"第一项第二项\""};
    for (size_t i = 0; i < sizeof markup / sizeof *markup; i++)
        if (hits_of(e, db, markup[i]) != 0)
            fail_msg("the markup [%s] is searchable", markup[i]);
    int st;
    json_t *root = search_json(e, db, "新闻摘要", &st);
    json_t *h = json_array_get(json_object_get(root, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(h, "title")), "《新闻联播》(20220924)");
    assert_int_equal(json_integer_value(json_object_get(h, "year")), 2022);
    json_decref(root);
    free(dir);
    free(db);
}

static int doc_count(const char *db)
{
    zc_index *ix;
    zc_error err;
    zc_index_info info;
    if (zc_index_open(db, ZC_OPEN_READ, &ix, &err))
        fail_msg("open %s: %s", db, err.message);
    assert_int_equal(zc_index_get_info(ix, &info, &err), ZC_OK);
    zc_index_free(ix);
    return (int)info.documents;
}

static void write_numbered(const char *dir, int i, const char *word)
{
    char name[64], text[256];
    snprintf(name, sizeof name, "f%03d.txt", i);
    snprintf(text, sizeof text, "第%d号文件\n内容%s编号%d号，江西省新余市。\n", i, word, i);
    free(zc_test_write_file(dir, name, text, strlen(text)));
}

/* How a test indexes: through the command with --mode, or, for what the
 * command has no option for (a shard size), through the library. */
typedef struct how {
    const char *mode;     /* "direct" or "shards" */
    uint64_t shard_bytes; /* 0: through the command */
} how;

/* The trace lines of a run, one per line. */
typedef struct trace_buf {
    char text[4096];
    size_t n;
} trace_buf;

static void keep_trace(void *ctx, const char *line)
{
    trace_buf *t = ctx;
    int k = snprintf(t->text + t->n, sizeof t->text - t->n, "%s\n", line);
    if (k > 0 && t->n + (size_t)k < sizeof t->text)
        t->n += (size_t)k;
}

/* Indexes path into db as h says (full: a rebuild); fails the test on an
 * error, else returns what the run did. trace, if given, gets the run's
 * trace lines (library runs only). */
static zc_index_stats index_as(env *e, const how *h, const char *db, const char *path, int full,
                               trace_buf *trace)
{
    zc_index_stats st;
    memset(&st, 0, sizeof st);
    if (!h->shard_bytes) {
        assert_null(trace);
        zc_test_run r = zc_test_cli(e->tmp, "index --db '%s' --mode %s %s '%s'", db, h->mode,
                                    full ? "--full" : "", path);
        if (r.status != 0)
            fail_msg("index --mode %s: status %d: %s", h->mode, r.status, r.err);
        const char *sum = strstr(r.err, "indexed ");
        unsigned long long n[4];
        if (!sum || sscanf(sum, "indexed %llu, updated %llu, removed %llu, unchanged %llu", &n[0],
                           &n[1], &n[2], &n[3]) != 4)
            fail_msg("index --mode %s: no summary line: %s", h->mode, r.err);
        zc_test_run_free(&r);
        st.indexed = n[0];
        st.updated = n[1];
        st.removed = n[2];
        st.unchanged = n[3];
        return st;
    }
    zc_index *ix;
    zc_error err;
    int flags = ZC_OPEN_WRITE | ZC_OPEN_CREATE | (full ? ZC_OPEN_REBUILD : 0);
    if (zc_index_open(db, flags, &ix, &err))
        fail_msg("open %s: %s", db, err.message);
    zc_index_options o = ZC_INDEX_OPTIONS_INIT;
    o.mode = strcmp(h->mode, "direct") == 0 ? ZC_MODE_DIRECT : ZC_MODE_SHARDS;
    o.shard_bytes = h->shard_bytes;
    o.full = full;
    if (trace) {
        o.trace = keep_trace;
        o.trace_ctx = trace;
    }
    if (zc_index_update(ix, &path, 1, &o, &st, &err))
        fail_msg("index %s into %s (%s mode): %s", path, db, h->mode, err.message);
    zc_index_free(ix);
    return st;
}

static void expect_run(zc_index_stats st, unsigned long long indexed, unsigned long long updated,
                       unsigned long long removed, unsigned long long unchanged)
{
    if (st.indexed != indexed || st.updated != updated || st.removed != removed ||
        st.unchanged != unchanged)
        fail_msg("indexed %llu, updated %llu, removed %llu, unchanged %llu; expected %llu, %llu, "
                 "%llu, %llu",
                 (unsigned long long)st.indexed, (unsigned long long)st.updated,
                 (unsigned long long)st.removed, (unsigned long long)st.unchanged, indexed, updated,
                 removed, unchanged);
}

/* tag names the test's directories. */
static void incremental(env *e, const how *h, const char *tag)
{
    char sub[64], dbname[64];
    snprintf(sub, sizeof sub, "inc-%s", tag);
    snprintf(dbname, sizeof dbname, "inc-%s-db", tag);
    mkdir_in(e, sub);
    char *dir = path_in(e, sub), *db = path_in(e, dbname);
    for (int i = 0; i < 20; i++)
        write_numbered(dir, i, "甲");
    expect_run(index_as(e, h, db, dir, 0, NULL), 20, 0, 0, 0);
    assert_int_equal(doc_count(db), 20);

    /* Nothing changed: nothing done. */
    expect_run(index_as(e, h, db, dir, 0, NULL), 0, 0, 0, 20);

    /* A touched file with the same bytes is unchanged; an edited one is
     * updated; a deleted one removed; a new one indexed. */
    char path[4200];
    snprintf(path, sizeof path, "%s/f003.txt", dir);
    struct timespec ts[2] = {{1000000, 0}, {1000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    write_numbered(dir, 5, "乙");
    snprintf(path, sizeof path, "%s/f007.txt", dir);
    assert_int_equal(unlink(path), 0);
    write_numbered(dir, 30, "丙");
    expect_run(index_as(e, h, db, dir, 0, NULL), 1, 1, 1, 18);
    assert_int_equal(doc_count(db), 20);
    assert_int_equal(hits_of(e, db, "\"内容甲编号5号\""), 0);
    assert_int_equal(hits_of(e, db, "\"内容乙编号5号\""), 1);
    assert_int_equal(hits_of(e, db, "\"编号7号\""), 0);
    assert_int_equal(hits_of(e, db, "\"内容丙\""), 1);

    /* zhengce remove drops files, even gone ones; unknown paths are errors. */
    zc_test_run r =
        zc_test_cli(e->tmp, "remove --db '%s' '%s/f001.txt' '%s/f007.txt'", db, dir, dir);
    assert_int_equal(r.status, 2); /* f007 is no longer indexed */
    assert_non_null(strstr(r.err, "f007.txt"));
    zc_test_run_free(&r);
    r = zc_test_cli(e->tmp, "remove --db '%s' '%s/f001.txt'", db, dir);
    assert_int_equal(r.status, 0);
    zc_test_run_free(&r);
    assert_int_equal(doc_count(db), 19);

    /* A full rebuild keeps the given paths alone. */
    snprintf(path, sizeof path, "%s/f002.txt", dir);
    expect_run(index_as(e, h, db, path, 1, NULL), 1, 0, 0, 0);
    assert_int_equal(doc_count(db), 1);
    assert_int_equal(zc_test_xapian_check(db), 0);
    free(dir);
    free(db);
}

static void test_incremental_direct(void **state)
{
    incremental(*state, &(how){"direct", 0}, "direct");
}
static void test_incremental_shards(void **state)
{
    incremental(*state, &(how){"shards", 0}, "shards");
}
/* Every document in a shard of its own: each worker starts a new shard
 * after each one, and the merge takes them all (with the old index). */
static void test_incremental_many_shards(void **state)
{
    env *e = *state;
    const how h = {"shards", 1};
    incremental(e, &h, "many-shards");
    /* The rebuild of 20 files merged 20 shards. */
    mkdir_in(e, "many-shards-count");
    char *dir = path_in(e, "many-shards-count"), *db = path_in(e, "many-shards-count-db");
    for (int i = 0; i < 20; i++)
        write_numbered(dir, i, "丁");
    trace_buf t = {.n = 0};
    expect_run(index_as(e, &h, db, dir, 1, &t), 20, 0, 0, 0);
    if (!strstr(t.text, "shard mode, ") || !strstr(t.text, "\n20 shards merged\n"))
        fail_msg("expected shard mode and 20 shards merged: %s", t.text);
    assert_int_equal(doc_count(db), 20);
    assert_int_equal(hits_of(e, db, "\"内容丁编号13号\""), 1);
    free(dir);
    free(db);
}

static void keep_failure(void *ctx, zc_event ev, const char *path, const zc_error *why)
{
    (void)path;
    if (ev == ZC_EVENT_FAILED && why)
        *(zc_error *)ctx = *why;
}

/* A file 40 directories deep (a path of over 1,200 bytes, more than a
 * zc_error holds) that cannot be decoded: the message loses the middle of
 * the path, never its head, the file's own name or the cause, and stays
 * valid UTF-8. The stats are set whatever the caller left in them. */
static void test_deep_path_message(void **state)
{
    env *e = *state;
    char *dir = zc_test_deep_dir(e->tmp);
    assert_true(strlen(dir) > sizeof((zc_error *)0)->message);
    free(zc_test_write_file(dir, "好.txt", "正常的文本。\n", strlen("正常的文本。\n")));
    /* A UTF-16 byte-order mark, then a lone surrogate. */
    free(zc_test_write_file(dir, "坏文件.txt",
                            "\xff\xfe\x00\xd8\x00\x00"
                            "abc",
                            9));

    char *db = path_in(e, "db");
    zc_index *ix = NULL;
    zc_error failed = {0}, err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    zc_index_options o;
    zc_index_options_init(&o, ZC_INDEX_OPTIONS_VERSION);
    o.report = keep_failure;
    o.ctx = &failed;
    char *top = path_in(e, "deep");
    const char *paths[1] = {top};
    zc_index_stats st;
    memset(&st, 0x5a, sizeof st);
    assert_int_equal(zc_index_update(ix, paths, 1, &o, &st, &err), ZC_OK);
    zc_index_free(ix);
    assert_int_equal(st.indexed, 1);
    assert_int_equal(st.failed, 1);
    assert_int_equal(failed.code, ZC_ERR_ENCODING);
    const char *m = failed.message;
    size_t n = strlen(m);
    const char *tail = "/坏文件.txt: not valid UTF-16LE at byte offset 2";
    assert_true(zc_utf8_valid(m, n, NULL));
    assert_non_null(strstr(m, "…"));
    assert_int_equal(strncmp(m, e->tmp, strlen(e->tmp)), 0);
    assert_true(n >= strlen(tail));
    assert_string_equal(m + n - strlen(tail), tail);
    free(top);
    free(dir);
    free(db);
}

typedef struct progress_log {
    unsigned calls, finishing;
    zc_progress last;
    int bad; /* a report out of order */
} progress_log;

static void log_progress(void *ctx, const zc_progress *p)
{
    progress_log *l = ctx;
    if (l->calls && (p->files_done < l->last.files_done || p->bytes_done < l->last.bytes_done ||
                     l->last.finishing))
        l->bad = 1;
    if (p->finishing && (p->files_done != p->files_total || p->bytes_done != p->bytes_total))
        l->bad = 1;
    l->calls++;
    l->finishing += p->finishing != 0;
    l->last = *p;
}

/* Progress reports count up to the totals, and the last one, alone, says
 * the index is being written out (direct mode, then a rebuild in shard
 * mode). */
static void test_progress(void **state)
{
    env *e = *state;
    mkdir_in(e, "docs");
    char *dir = path_in(e, "docs"), *db = path_in(e, "db");
    for (int i = 0; i < 12; i++) {
        char name[32], text[128];
        snprintf(name, sizeof name, "%02d.txt", i);
        int n = snprintf(text, sizeof text, "第%d号报告\n新余市锂电产业发展。\n", i);
        free(zc_test_write_file(dir, name, text, (size_t)n));
    }
    zc_index *ix = NULL;
    zc_error err;
    assert_int_equal(zc_index_open(db, ZC_OPEN_WRITE | ZC_OPEN_CREATE, &ix, &err), ZC_OK);
    const char *paths[1] = {dir};
    for (int full = 0; full <= 1; full++) {
        progress_log log = {0};
        zc_index_options o;
        zc_index_options_init(&o, ZC_INDEX_OPTIONS_VERSION);
        o.jobs = 2;
        o.full = full;
        o.progress = log_progress;
        o.ctx = &log;
        zc_index_stats st;
        assert_int_equal(zc_index_update(ix, paths, 1, &o, &st, &err), ZC_OK);
        assert_int_equal(st.documents, 12);
        assert_int_equal(log.bad, 0);
        assert_int_equal(log.finishing, 1);
        assert_true(log.last.finishing);
        assert_int_equal(log.last.files_total, 12);
        assert_int_equal(log.last.bytes_total, st.bytes);
    }
    zc_index_free(ix);
    free(dir);
    free(db);
}

/* An index of an older layout: refused, except by a full update, which
 * rebuilds it (what `zhengce index --full` does); nothing else writes it.
 * (Here, not in test_api: the indexer's threads meet in GLib queues that
 * ThreadSanitizer, which runs test_api, cannot see into.) */
static void test_rebuild_old_layout(void **state)
{
    env *e = *state;
    zc_error err;
    char *old = path_in(e, "old");
    zc_test_make_old_index(old);

    zc_index *ix = NULL;
    assert_int_equal(zc_index_open(old, ZC_OPEN_WRITE, &ix, &err), ZC_ERR_VERSION);
    assert_int_equal(zc_index_open(old, ZC_OPEN_WRITE | ZC_OPEN_REBUILD, &ix, &err), ZC_OK);
    zc_doc d = {.key = "k", .text = "锂电产业"};
    assert_int_equal(zc_index_add_doc(ix, &d, &err), ZC_ERR_VERSION);
    mkdir_in(e, "src");
    char *dir = path_in(e, "src");
    free(zc_test_write_file(dir, "a.txt", "新余锂电产业\n", strlen("新余锂电产业\n")));
    const char *paths[1] = {dir};
    zc_index_options o;
    zc_index_options_init(&o, ZC_INDEX_OPTIONS_VERSION);
    assert_int_equal(zc_index_update(ix, paths, 1, &o, NULL, &err), ZC_ERR_VERSION);
    assert_int_equal(zc_index_remove(ix, paths, 1, NULL, &err), ZC_ERR_VERSION);
    o.full = 1;
    assert_int_equal(zc_index_update(ix, paths, 1, &o, NULL, &err), ZC_OK);
    assert_int_equal(zc_index_add_doc(ix, &d, &err), ZC_OK);
    assert_int_equal(zc_index_commit(ix, &err), ZC_OK);
    zc_index_free(ix);

    assert_int_equal(zc_index_open(old, ZC_OPEN_READ, &ix, &err), ZC_OK);
    zc_results *r = NULL;
    assert_int_equal(zc_search(ix, "锂电", NULL, &r, &err), ZC_OK);
    assert_int_equal(zc_results_total(r), 2);
    zc_results_free(r);
    zc_index_free(ix);
    free(dir);
    free(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_direct, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_many_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rebuild_old_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_path_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
