/* Incremental equals full (incremental_fixture.h): after each kind of
 * change to the files — one changed, removed, added, renamed, a row of a
 * collection changed — an index brought up to date by an incremental run,
 * in direct mode and in shard mode, answers a broad list of queries
 * (words in every document, single characters, words, phrases, OR,
 * exclusions, filters, both sorts) as a full rebuild of the same files
 * does, counting in one thread and in several.
 *
 * The default test runs on a generated collection of 1,200 short reports
 * (enough for Xapian's list of all documents to span several chunks: that
 * is where libxapian 1.4 failed after a removal, docs/xapian.md); the data
 * test on the news transcripts and the provincial reports of
 * ../shared/data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incremental_fixture.h"
#include "index/index.h"
#include "test_util.h"
#include "zhengce.h"

/* ------------------------------------------------------------ indexing */

static void index_into(const char *db, const char *tree, zc_index_mode mode, int full)
{
    zc_index *ix = NULL;
    zc_error err;
    int flags = ZC_OPEN_WRITE | ZC_OPEN_CREATE | (full ? ZC_OPEN_REBUILD : 0);
    if (zc_index_open(db, flags, &ix, &err) != ZC_OK)
        fail_msg("%s: %s", db, err.message);
    zc_index_options o;
    zc_index_options_init(&o, ZC_INDEX_OPTIONS_VERSION);
    o.full = full;
    o.jobs = 2;
    o.mode = mode;
    zc_index_stats st;
    if (zc_index_update(ix, &tree, 1, &o, &st, &err) != ZC_OK)
        fail_msg("indexing %s into %s: %s", tree, db, err.message);
    if (st.failed)
        fail_msg("indexing %s into %s: %llu files failed", tree, db, (unsigned long long)st.failed);
    zc_index_free(ix);
}

typedef struct world {
    char *tmp, *tree;
    char *inc[2]; /* brought up to date in direct and in shard mode */
    char *ref;    /* rebuilt from scratch after each change */
    zc_inc_query *qs;
    int nq;
    unsigned limit; /* hits compared per query */
    unsigned parts; /* documents per part of a split count */
} world;

static const zc_index_mode mode_of[2] = {ZC_MODE_DIRECT, ZC_MODE_SHARDS};
static const char *const mode_name[2] = {"direct", "shards"};

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static void world_init(world *w, const char *tmp)
{
    memset(w, 0, sizeof *w);
    w->tmp = strdup(tmp);
    w->tree = join(tmp, "tree");
    w->inc[0] = join(tmp, "direct");
    w->inc[1] = join(tmp, "shards");
    w->ref = join(tmp, "rebuilt");
    w->qs = calloc(ZC_INC_MAX_QUERIES, sizeof *w->qs);
    mkdir(w->tree, 0755);
}

static void world_free(world *w)
{
    free(w->tmp);
    free(w->tree);
    free(w->inc[0]);
    free(w->inc[1]);
    free(w->ref);
    free(w->qs);
}

/* The first indexing of both incremental indexes. */
static void world_index(world *w)
{
    for (int k = 0; k < 2; k++)
        index_into(w->inc[k], w->tree, mode_of[k], 0);
}

/* After a change: both incremental indexes brought up to date, a full
 * rebuild made, and every query compared, counted in one thread and in
 * parts of w->parts documents. */
static void check_change(world *w, const char *change)
{
    for (int k = 0; k < 2; k++)
        index_into(w->inc[k], w->tree, mode_of[k], 0);
    zc_test_rmtree(w->ref);
    index_into(w->ref, w->tree, ZC_MODE_AUTO, 1);

    zc_index *ref = NULL, *inc[2] = {NULL, NULL};
    zc_error err;
    if (zc_index_open(w->ref, ZC_OPEN_READ, &ref, &err) != ZC_OK)
        fail_msg("%s: %s", w->ref, err.message);
    zc_index_test_set(ref, ZC_TEST_COUNT_PART_DOCS, w->parts);
    for (int k = 0; k < 2; k++) {
        if (zc_index_open(w->inc[k], ZC_OPEN_READ, &inc[k], &err) != ZC_OK)
            fail_msg("%s: %s", w->inc[k], err.message);
        zc_index_test_set(inc[k], ZC_TEST_COUNT_PART_DOCS, w->parts);
    }
    /* The same documents and the same vocabulary: a difference here would
     * shift every score (the statistics BM25 reads) before any query. */
    zc_index_info want_info, got_info;
    if (zc_index_get_info(ref, &want_info, &err) != ZC_OK)
        fail_msg("%s: %s", w->ref, err.message);
    for (int k = 0; k < 2; k++) {
        if (zc_index_get_info(inc[k], &got_info, &err) != ZC_OK)
            fail_msg("%s: %s", w->inc[k], err.message);
        if (got_info.documents != want_info.documents || got_info.terms != want_info.terms)
            fail_msg(
                "after %s, %s mode: %llu documents and %llu terms, a full rebuild %llu and %llu",
                change, mode_name[k], (unsigned long long)got_info.documents,
                (unsigned long long)got_info.terms, (unsigned long long)want_info.documents,
                (unsigned long long)want_info.terms);
    }
    int swapped = 0, compared = 0;
    for (int i = 0; i < w->nq; i++) {
        zc_inc_query *q = &w->qs[i];
        q->limit = w->limit;
        for (unsigned threads = 1; threads <= 4; threads += 3) {
            zc_results *want = zc_inc_search(ref, q, 0, w->limit + 30, threads);
            for (int k = 0; k < 2; k++) {
                char what[128];
                snprintf(what, sizeof what, "after %s, %s mode, %u thread%s", change, mode_name[k],
                         threads, threads == 1 ? "" : "s");
                zc_results *got = zc_inc_search(inc[k], q, 0, w->limit, threads);
                swapped += zc_inc_compare(q, got, want, what, "a full rebuild");
                compared++;
                zc_results_free(got);
            }
            zc_results_free(want);
        }
    }
    printf("# after %s: %d queries, %d comparisons, %d hits in another order within a tie\n",
           change, w->nq, compared, swapped);
    zc_index_free(ref);
    zc_index_free(inc[0]);
    zc_index_free(inc[1]);
}

/* ------------------------------------------------------------ changes */

static void append_line(const char *path, const char *line)
{
    FILE *f = fopen(path, "ab");
    if (!f)
        fail_msg("%s: cannot append", path);
    fprintf(f, "\n%s\n", line);
    fclose(f);
}

/* Rewrites path with the first occurrence of from replaced by to. */
static void replace_in(const char *path, const char *from, const char *to)
{
    size_t len;
    char *s = zc_test_read_file(path, &len);
    char *at = s ? strstr(s, from) : NULL;
    if (!at)
        fail_msg("%s: no '%s' to replace", path, from);
    FILE *f = fopen(path, "wb");
    fwrite(s, 1, (size_t)(at - s), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
    free(s);
}

static void must(int ok, const char *what, const char *path)
{
    if (!ok)
        fail_msg("%s %s failed", what, path);
}

/* ------------------------------------------------ a generated collection */

static void test_generated(void **state)
{
    (void)state;
    char *tmp = zc_test_tmpdir();
    world w;
    world_init(&w, tmp);
    w.limit = 40;
    w.parts = 150;
    w.nq = zc_inc_generated_queries(w.qs);
    for (int i = 0; i < ZC_INC_FILES; i++)
        zc_inc_write_report(w.tree, i, NULL);
    zc_inc_write_rows(w.tree, NULL);
    world_index(&w);

    char *p = join(w.tree, "d07/r0007.txt");
    append_line(p, "改动：政府新增一段关于锂电产业发展的文字。");
    check_change(&w, "a file changed");
    must(unlink(p) == 0, "unlink", p);
    check_change(&w, "a file removed");
    zc_inc_write_report(w.tree, ZC_INC_FILES, "新增的报告：改动");
    check_change(&w, "a file added");
    char *from = join(w.tree, "d03/r0003.txt"), *to = join(w.tree, "d03/renamed.txt");
    must(rename(from, to) == 0, "rename", from);
    check_change(&w, "a file renamed");
    zc_inc_write_rows(w.tree, "，改动后的一行");
    check_change(&w, "a row of a collection changed");

    free(p);
    free(from);
    free(to);
    zc_test_rmtree(tmp);
    free(tmp);
    world_free(&w);
}

/* ------------------------------------------------------------ real data */

/* Words from the collection's own texts: 2 to 5 characters at places
 * spread over the files (a seeded walk), as phrases and as keywords. */
typedef struct sampler {
    zc_inc_query *qs;
    int n, want, sort, per_file;
    uint64_t seed;
} sampler;

static void sample_file(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)name, (void)path;
    sampler *s = ctx;
    if (len < 64)
        return;
    for (int tries = 0, got = 0; s->n < s->want && got < s->per_file && tries < 400; tries++) {
        size_t at = (size_t)(zc_inc_rnd(&s->seed) % (len - 32));
        while (at < len && ((unsigned char)data[at] & 0xC0) == 0x80)
            at++;
        /* Han characters only (3-byte UTF-8 in U+4E00..U+9FFF). */
        size_t chars = 2 + (size_t)(zc_inc_rnd(&s->seed) % 4), end = at, k = 0;
        for (; k < chars && end + 3 <= len; k++, end += 3) {
            unsigned char c = (unsigned char)data[end];
            if (c < 0xE4 || c > 0xE9)
                break;
        }
        if (k < chars)
            continue;
        s->n = zc_inc_add(s->qs, s->n, s->sort, zc_inc_rnd(&s->seed) % 3 ? "%.*s" : "\"%.*s\"",
                          (int)(end - at), data + at);
        got++;
    }
}

static int data_queries(zc_inc_query *qs, const char *dir, int sample, int per_file)
{
    int n = 0;
    static const char *const common[] = {
        "新闻", "的",   "新",   "中国", "发展",   "习近平",     "会议", "建设",   "经济", "工作",
        "国家", "人民", "推进", "坚持", "全面",   "高质量发展", "联播", "国务院", "主席", "国际",
        "合作", "创新", "改革", "政府", "2024年", "5G",         "GDP",  "AI"};
    for (size_t i = 0; i < sizeof common / sizeof *common; i++)
        n = zc_inc_add(qs, n, ZC_SORT_DATE_ASC, "%s", common[i]);
    for (int sort = ZC_SORT_RELEVANCE; sort <= ZC_SORT_DATE; sort++) {
        for (size_t i = 0; i < sizeof common / sizeof *common; i++)
            n = zc_inc_add(qs, n, sort, "%s", common[i]);
        n = zc_inc_add(qs, n, sort, "新能源 汽车");
        n = zc_inc_add(qs, n, sort, "乡村振兴 OR 共同富裕");
        n = zc_inc_add(qs, n, sort, "经济 -疫情");
        n = zc_inc_add(qs, n, sort, "region:北京 发展");
        n = zc_inc_add(qs, n, sort, "region:广东 创新");
        n = zc_inc_add(qs, n, sort, "year:2024 新闻");
        n = zc_inc_add(qs, n, sort, "year:2022..2023 会议");
        n = zc_inc_add(qs, n, sort, "\"高质量发展\"");
        n = zc_inc_add(qs, n, sort, "改动 OR 新增");
        sampler s = {qs, n, n + sample, sort, per_file, 0x5eed0000ull + (uint64_t)sort};
        zc_test_each_file(dir, NULL, NULL, sample_file, &s);
        n = s.n;
    }
    return n;
}

/* Copies the files of src named *suffix into dst. */
typedef struct copier {
    const char *dst;
    int n;
} copier;

static void copy_one(void *ctx, const char *name, const char *path, char *data, size_t len)
{
    (void)path;
    copier *c = ctx;
    /* Only the reports: the directory's lists of sources are no collection. */
    const char *eol = memchr(data, '\n', len);
    if (strstr(name, ".csv") && !(eol && memmem(data, (size_t)(eol - data), "full_text", 9)))
        return;
    free(zc_test_write_file(c->dst, name, data, len));
    c->n++;
}

static int copy_files(const char *src, const char *suffix, const char *dst)
{
    copier c = {dst, 0};
    zc_test_each_file(src, NULL, suffix, copy_one, &c);
    return c.n;
}

/* The nth file of dir named *suffix, in ls order (malloc'd path). */
static char *nth_file(const char *dir, const char *suffix, int nth)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep '%s$' | sed -n %dp", dir, suffix, nth);
    FILE *f = popen(cmd, "r");
    char name[512] = "";
    if (!f || !fgets(name, sizeof name, f))
        fail_msg("no file %d named *%s in %s", nth, suffix, dir);
    pclose(f);
    name[strcspn(name, "\n")] = '\0';
    return join(dir, name);
}

/* A collection of real files (the files of dir named *suffix, at least
 * d->least of them) through the four kinds of change, each followed by the
 * comparison: the nth[0]-th file edited (a line appended, or a word
 * rewritten in a collection), the nth[1]-th removed, a copy of the
 * nth[2]-th added (the original edited, so that the two differ), the
 * nth[3]-th renamed. */
typedef struct real_data {
    const char *dir, *suffix, *kind;
    int least;
    unsigned limit, parts;
    int sample, per_file;
    int nth[4];
} real_data;

static void edit(const real_data *d, const char *path, const char *mark)
{
    if (strcmp(d->suffix, ".csv") == 0) {
        char to[64];
        snprintf(to, sizeof to, "%s发展", mark);
        replace_in(path, "发展", to); /* inside a quoted field */
    } else {
        append_line(path, mark);
    }
}

static void real_changes(const real_data *d)
{
    char *src = zc_test_data_path(d->dir), *tmp = zc_test_tmpdir(), what[128], name[64];
    world w;
    world_init(&w, tmp);
    if (copy_files(src, d->suffix, w.tree) < d->least)
        fail_msg("%s: fewer than %d files named *%s", src, d->least, d->suffix);
    w.limit = d->limit;
    w.parts = d->parts;
    w.nq = data_queries(w.qs, w.tree, d->sample, d->per_file);
    assert_true(w.nq >= 200);
    world_index(&w);

    char *p = nth_file(w.tree, d->suffix, d->nth[0]);
    edit(d, p, "改动：新增一段关于新能源汽车和乡村振兴的文字。");
    snprintf(what, sizeof what, "a %s changed", d->kind);
    check_change(&w, what);
    free(p);
    p = nth_file(w.tree, d->suffix, d->nth[1]);
    must(unlink(p) == 0, "unlink", p);
    snprintf(what, sizeof what, "a %s removed", d->kind);
    check_change(&w, what);
    free(p);
    p = nth_file(w.tree, d->suffix, d->nth[2]);
    size_t len;
    char *text = zc_test_read_file(p, &len);
    snprintf(name, sizeof name, "新增%s", d->suffix);
    free(zc_test_write_file(w.tree, name, text, len));
    free(text);
    edit(d, p, "新增");
    snprintf(what, sizeof what, "a %s added", d->kind);
    check_change(&w, what);
    free(p);
    snprintf(name, sizeof name, "renamed%s", d->suffix);
    char *from = nth_file(w.tree, d->suffix, d->nth[3]), *to = join(w.tree, name);
    must(rename(from, to) == 0, "rename", from);
    snprintf(what, sizeof what, "a %s renamed", d->kind);
    check_change(&w, what);
    free(from);
    free(to);
    zc_test_rmtree(tmp);
    free(tmp);
    free(src);
    world_free(&w);
}

static void test_news(void **state)
{
    (void)state;
    real_data d = {"news-xwlb", ".md", "transcript", 1000, 20, 400, 80, 1, {100, 200, 300, 400}};
    real_changes(&d);
}

static void test_provinces(void **state)
{
    (void)state;
    real_data d = {"reports-provincial-2026", ".csv", "report", 31, 31, 8, 90, 3, {5, 9, 12, 20}};
    real_changes(&d);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_generated)};
    const struct CMUnitTest data[] = {cmocka_unit_test(test_provinces),
                                      cmocka_unit_test(test_news)};
    return zc_test_main(argc, argv, tests, sizeof tests / sizeof *tests, data,
                        sizeof data / sizeof *data);
}
