/* The compiled dictionary: lookups, stop words, synonyms, the gazetteer,
 * damaged files, and the compiler's own checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "dict/dict.h"
#include "dict/dict_format.h"
#include "test_util.h"
#include "text/seg.h"

static zc_dict *open_default(void)
{
    zc_dict *d;
    zc_error err;
    if (zc_dict_open(NULL, &d, &err))
        fail_msg("%s", err.message);
    return d;
}

static int lookup(const zc_dict *d, const char *w, zc_dict_word *out)
{
    return zc_dict_lookup(d, w, strlen(w), out);
}

static void test_open_and_verify(void **state)
{
    (void)state;
    zc_dict *d = open_default();
    zc_error err;
    assert_int_equal(zc_dict_verify(d, &err), ZC_OK);
    zc_dict_info info;
    zc_dict_get_info(d, &info);
    assert_true(info.words > 300000);
    assert_true(info.entries >= info.words);
    assert_true(info.regions > 3000);
    assert_true(info.synonym_groups > 10);
    assert_true(info.idf_default > 5 && info.idf_default < 20);
    zc_dict_free(d);
    zc_dict_free(NULL);
}

static void test_lookup(void **state)
{
    (void)state;
    zc_dict *d = open_default();
    zc_dict_word w;
    assert_true(lookup(d, "中国", &w));
    assert_true(w.is_word);
    assert_string_equal(w.tag, "ns");
    assert_true(w.logp < 0 && w.freq > 1000);
    assert_true(w.idf > 0);
    assert_false(lookup(d, "不存在的词语甲乙", &w));
    assert_false(lookup(d, "", &w));
    assert_false(lookup(d, "\xFF", &w));
    /* Policy terms and region names are words. */
    assert_true(lookup(d, "新质生产力", &w) && w.is_word);
    assert_true(lookup(d, "新余市", &w) && w.is_word && w.is_region);
    assert_string_equal(w.tag, "ns");
    /* Case and width do not matter. */
    assert_true(lookup(d, "B超", &w) && w.is_word);
    assert_true(lookup(d, "b超", NULL));
    assert_true(lookup(d, "Ｂ超", NULL));
    /* A numeral with a measure word is no word, but still an entry. */
    assert_true(lookup(d, "一年", &w));
    assert_false(w.is_word);
    /* Stop words and idf. */
    assert_true(zc_dict_is_stop(d, "的", strlen("的")));
    assert_false(zc_dict_is_stop(d, "发展", strlen("发展")));
    assert_int_equal(zc_dict_word_flags(d, "的", strlen("的")), ZC_WORD_STOP);
    assert_int_equal(zc_dict_word_flags(d, "新余市", strlen("新余市")), ZC_WORD_REGION);
    assert_int_equal(zc_dict_word_flags(d, "发展", strlen("发展")), 0);
    assert_int_equal(zc_dict_word_flags(d, "锂电锂电锂电", strlen("锂电锂电锂电")), 0);
    assert_true(zc_dict_idf(d, "发展", strlen("发展")) > 0);
    zc_dict_info info;
    zc_dict_get_info(d, &info);
    assert_true(zc_dict_idf(d, "甲乙丙丁戊", strlen("甲乙丙丁戊")) == info.idf_default);
    zc_dict_free(d);
}

/* Whether group g holds word. */
static int group_has(const zc_dict *d, uint32_t g, const char *word)
{
    for (uint32_t i = 0; i < zc_dict_syn_group_size(d, g); i++)
        if (!strcmp(zc_dict_syn_group_word(d, g, i), word))
            return 1;
    return 0;
}

static void test_synonyms(void **state)
{
    (void)state;
    zc_dict *d = open_default();
    uint32_t g[8];
    size_t n = zc_dict_synonyms(d, "十四五", strlen("十四五"), g, 8);
    assert_true(n >= 1);
    assert_true(group_has(d, g[0], "第十四个五年规划"));
    assert_string_equal(zc_dict_syn_group_word(d, g[0], 0), "第十四个五年规划");
    assert_int_equal(zc_dict_synonyms(d, "规模以上", strlen("规模以上"), g, 8), 1);
    assert_true(group_has(d, g[0], "规上"));
    assert_int_equal(zc_dict_synonyms(d, "发展", strlen("发展"), g, 8), 0);
    assert_null(zc_dict_syn_group_word(d, 0xFFFFFF, 0));
    zc_dict_free(d);
}

static void test_regions(void **state)
{
    (void)state;
    zc_dict *d = open_default();
    uint32_t r[16];
    size_t n = zc_dict_region_find(d, "新余", strlen("新余"), r, 16);
    assert_int_equal(n, 1);
    zc_region reg, parent;
    assert_true(zc_dict_region_get(d, r[0], &reg));
    assert_string_equal(reg.name, "新余市");
    assert_string_equal(reg.code, "360500");
    assert_int_equal(reg.level, ZC_REGION_CITY);
    assert_true(zc_dict_region_get(d, (size_t)reg.parent, &parent));
    assert_string_equal(parent.name, "江西省");
    assert_int_equal(parent.level, ZC_REGION_PROVINCE);
    assert_int_equal(parent.parent, -1);
    int found_short = 0;
    for (uint32_t k = 0; k < reg.n_short; k++)
        found_short |= !strcmp(zc_dict_region_short(d, r[0], k), "新余");
    assert_true(found_short);
    assert_int_equal(zc_dict_region_find(d, "渝水区", strlen("渝水区"), r, 16), 1);
    assert_true(zc_dict_region_get(d, r[0], &reg));
    assert_int_equal(reg.level, ZC_REGION_COUNTY);
    assert_string_equal(zc_region_level_name(reg.level), "county");
    /* Every region's parent comes before it and is one level up or more. */
    for (size_t i = 0; i < zc_dict_region_count(d); i++) {
        assert_true(zc_dict_region_get(d, i, &reg));
        if (reg.level == ZC_REGION_PROVINCE) {
            assert_int_equal(reg.parent, -1);
        } else {
            assert_true(reg.parent >= 0 && (size_t)reg.parent < i);
            assert_true(zc_dict_region_get(d, (size_t)reg.parent, &parent));
            assert_true(parent.level < reg.level);
        }
        /* Sorted by level, then code (zc_dict_region_by_code searches
         * them). */
        if (i > 0) {
            zc_region prev;
            assert_true(zc_dict_region_get(d, i - 1, &prev));
            assert_true(prev.level < reg.level ||
                        (prev.level == reg.level && strcmp(prev.code, reg.code) < 0));
        }
        assert_int_equal(zc_dict_region_by_code(d, reg.code), (long)i);
    }
    assert_int_equal(zc_dict_region_by_code(d, "999999"), -1);
    assert_false(zc_dict_region_get(d, zc_dict_region_count(d), &reg));
    assert_int_equal(zc_dict_region_find(d, "不是地名", strlen("不是地名"), r, 16), 0);
    zc_dict_free(d);
}

/* Writes a copy of the default dictionary, changed by fn, and opens it. */
static int open_changed(const char *dir, const char *name, void (*fn)(char *, size_t *),
                        zc_error *err, char **path_out)
{
    zc_dict *d = open_default();
    size_t len;
    char *data = zc_test_read_file(zc_dict_path(d), &len);
    zc_dict_free(d);
    assert_non_null(data);
    fn(data, &len);
    char *path = zc_test_write_file(dir, name, data, len);
    free(data);
    zc_dict *x = NULL;
    int rc = zc_dict_open(path, &x, err);
    if (rc == ZC_OK) {
        rc = zc_dict_verify(x, err);
        zc_dict_free(x);
    } else {
        assert_null(x);
    }
    *path_out = path;
    return rc;
}

static void truncate_half(char *data, size_t *len)
{
    (void)data;
    *len /= 2;
}
static void truncate_header(char *data, size_t *len)
{
    (void)data;
    *len = 100;
}
static void garbage(char *data, size_t *len)
{
    for (size_t i = 0; i < *len && i < 4096; i++)
        data[i] = (char)(i * 37 + 11);
    *len = 4096;
}
static void other_version(char *data, size_t *len)
{
    (void)len;
    data[8] = 99;
}
static void flip_header(char *data, size_t *len)
{
    (void)len;
    data[ZC_DICT_HEADER_SIZE - 20] ^= 1;
}
static void flip_payload(char *data, size_t *len)
{
    data[*len - 1] ^= 0x40;
}

static void test_damaged_files(void **state)
{
    (void)state;
    char *dir = zc_test_tmpdir(), *path;
    zc_error err;
    static const struct {
        const char *name;
        void (*fn)(char *, size_t *);
        int code;
    } cases[] = {
        {"half.dict", truncate_half, ZC_ERR_CORRUPT},
        {"short.dict", truncate_header, ZC_ERR_CORRUPT},
        {"garbage.dict", garbage, ZC_ERR_CORRUPT},
        {"version.dict", other_version, ZC_ERR_VERSION},
        {"header.dict", flip_header, ZC_ERR_CORRUPT},
        {"payload.dict", flip_payload, ZC_ERR_CORRUPT}, /* found by verify */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(open_changed(dir, cases[i].name, cases[i].fn, &err, &path), cases[i].code);
        assert_non_null(strstr(err.message, path));
        free(path);
    }
    char *empty = zc_test_write_file(dir, "empty.dict", "", 0);
    zc_dict *d = NULL;
    assert_int_equal(zc_dict_open(empty, &d, &err), ZC_ERR_CORRUPT);
    free(empty);
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/missing.dict", dir);
    assert_int_equal(zc_dict_open(missing, &d, &err), ZC_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, missing));
    /* $ZHENGCE_DICT is used when no path is given. */
    setenv("ZHENGCE_DICT", missing, 1);
    assert_int_equal(zc_dict_open(NULL, &d, &err), ZC_ERR_NOT_FOUND);
    unsetenv("ZHENGCE_DICT");
    zc_test_rmtree(dir);
    free(dir);
}

/* Runs the compiler with args; returns its exit status, stderr in *errs. */
static int run_dictc(const char *dir, const char *args, char **errs)
{
    const char *dictc = getenv("ZC_DICTC");
    char cmd[40000], errp[4200];
    snprintf(errp, sizeof errp, "%s/dictc.err", dir);
    int n = snprintf(cmd, sizeof cmd, "'%s' %s 2>'%s' >/dev/null", dictc ? dictc : "zhengce-dictc",
                     args, errp);
    assert_true(n > 0 && (size_t)n < sizeof cmd);
    int st = system(cmd);
    *errs = zc_test_read_file(errp, NULL);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_lexicon(const char *dir, const char *policy)
{
    free(zc_test_write_file(dir, "policy.txt", policy, strlen(policy)));
    const char *regions = "# test\n360000\tprovince\t江西省\t\t江西\n"
                          "360500\tcity\t新余市\t360000\t新余\n"
                          "360502\tcounty\t渝水区\t360500\t\n";
    free(zc_test_write_file(dir, "regions.tsv", regions, strlen(regions)));
    free(zc_test_write_file(dir, "stopwords.txt", "的\n了\n", 8));
    const char *syn = "规模以上 规上\n";
    free(zc_test_write_file(dir, "synonyms.txt", syn, strlen(syn)));
}

static void test_compiler(void **state)
{
    (void)state;
    const char *jieba = getenv("ZC_JIEBA_DIR");
    if (!jieba || !getenv("ZC_DICTC"))
        skip();
    char *dir = zc_test_tmpdir(), *errs;
    char lex[4200], args[40000], out[4200];
    snprintf(lex, sizeof lex, "%s/lexicon", dir);
    snprintf(out, sizeof out, "%s/test.dict", dir);
    assert_int_equal(mkdir(lex, 0755), 0);

    /* A missing lexicon is named. */
    snprintf(args, sizeof args, "--jieba '%s' --lexicon '%s' -o '%s'", jieba, lex, out);
    assert_int_not_equal(run_dictc(dir, args, &errs), 0);
    assert_non_null(strstr(errs, "policy.txt"));
    free(errs);

    /* A bad line is named with its file and line. */
    write_lexicon(lex, "赣新词甲\n坏行 1 ns extra\n");
    assert_int_not_equal(run_dictc(dir, args, &errs), 0);
    assert_non_null(strstr(errs, "policy.txt:2"));
    free(errs);

    /* A small lexicon compiles; its words win whole. */
    write_lexicon(lex, "# terms\n赣新词甲\n赣新词乙 50000 nz\n");
    assert_int_equal(run_dictc(dir, args, &errs), 0);
    free(errs);
    snprintf(args, sizeof args, "--verify '%s'", out);
    assert_int_equal(run_dictc(dir, args, &errs), 0);
    free(errs);
    zc_dict *d;
    zc_seg *seg;
    zc_error err;
    zc_dict_word w;
    assert_int_equal(zc_dict_open(out, &d, &err), ZC_OK);
    assert_true(lookup(d, "赣新词乙", &w) && w.is_word);
    assert_string_equal(w.tag, "nz");
    assert_true(w.freq > 49999 && w.freq < 50001);
    assert_true(lookup(d, "赣新词甲", &w) && w.is_word && w.freq > 999);
    assert_true(zc_dict_is_stop(d, "了", strlen("了")));
    assert_int_equal(zc_dict_region_count(d), 3);
    assert_int_equal(zc_seg_new(d, &seg, &err), ZC_OK);
    const zc_token *t;
    size_t n;
    const char *text = "赣新词甲在渝水区";
    assert_int_equal(zc_seg_cut(seg, text, strlen(text), 0, 0, &t, &n, &err), ZC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(t[0].unit_len, 4);
    zc_seg_free(seg);
    zc_dict_free(d);

    /* A damaged HMM table is reported with its place. */
    char jdir[4200], fdir[4300];
    snprintf(jdir, sizeof jdir, "%s/jieba", dir);
    snprintf(fdir, sizeof fdir, "%s/finalseg", jdir);
    assert_int_equal(mkdir(jdir, 0755), 0);
    assert_int_equal(mkdir(fdir, 0755), 0);
    const char *bad = "P={'B': -0.26, 'E': -3.14e+100,\n 'M': oops}\n";
    free(zc_test_write_file(jdir, "finalseg/prob_start.py", bad, strlen(bad)));
    snprintf(args, sizeof args,
             "ln -s '%s/dict.txt' '%s/dict.txt' && ln -s '%s/analyse' '%s/analyse' && "
             "ln -s '%s/finalseg/prob_trans.py' '%s/finalseg/' && "
             "ln -s '%s/finalseg/prob_emit.py' '%s/finalseg/'",
             jieba, jdir, jieba, jdir, jieba, jdir, jieba, jdir);
    assert_int_equal(system(args), 0);
    snprintf(args, sizeof args, "--jieba '%s' --lexicon '%s' -o '%s'", jdir, lex, out);
    assert_int_not_equal(run_dictc(dir, args, &errs), 0);
    assert_non_null(strstr(errs, "prob_start.py:2:"));
    free(errs);
    /* A failed build leaves no dictionary behind. */
    FILE *f = fopen(out, "rb");
    assert_null(f);
    zc_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_and_verify), cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_synonyms),        cmocka_unit_test(test_regions),
        cmocka_unit_test(test_damaged_files),   cmocka_unit_test(test_compiler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
