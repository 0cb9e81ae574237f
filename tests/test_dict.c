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
#include <unistd.h>

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
    const char *jieba = getenv("ZC_JIEBA_DIR"), *hmm = getenv("ZC_HMM");
    if (!jieba || !hmm || !getenv("ZC_DICTC"))
        skip();
    char *dir = zc_test_tmpdir(), *errs;
    char lex[4200], args[40000], out[4200];
    snprintf(lex, sizeof lex, "%s/lexicon", dir);
    snprintf(out, sizeof out, "%s/test.dict", dir);
    assert_int_equal(mkdir(lex, 0755), 0);

    /* A missing lexicon is named. */
    snprintf(args, sizeof args, "--jieba '%s' --hmm '%s' --lexicon '%s' -o '%s'", jieba, hmm, lex,
             out);
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
    char bad_hmm[4300];
    snprintf(bad_hmm, sizeof bad_hmm, "%s/hmm.tsv", dir);
    static const char *const bad[] = {
        "start\tB\t-0.26\nstart\tQ\t-1\n",      "start\tB\t-0.26\ntrans\tB\tE\n",
        "start\tB\t-0.26\nemit\tB\t中国\t-1\n", "start\tB\t-0.26\nstart\tB\toops\n",
        "start\tB\t-0.26\nstart B -0.5\n",      "start\tB\t-0.26\nhold\tB\tE\t-1\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        free(zc_test_write_file(dir, "hmm.tsv", bad[i], strlen(bad[i])));
        snprintf(args, sizeof args, "--jieba '%s' --hmm '%s' --lexicon '%s' -o '%s'", jieba,
                 bad_hmm, lex, out);
        assert_int_not_equal(run_dictc(dir, args, &errs), 0);
        if (!strstr(errs, "hmm.tsv:2:"))
            fail_msg("[%s]: %s", bad[i], errs);
        free(errs);
    }
    /* One without emissions, or without the start, is no HMM. */
    const char *no_emit = "start\tB\t-0.26\ntrans\tB\tE\t-0.5\n";
    free(zc_test_write_file(dir, "hmm.tsv", no_emit, strlen(no_emit)));
    assert_int_not_equal(run_dictc(dir, args, &errs), 0);
    assert_non_null(strstr(errs, "no emission probabilities"));
    free(errs);
    const char *no_start = "# comment\n\nemit\tB\t中\t-1\n";
    free(zc_test_write_file(dir, "hmm.tsv", no_start, strlen(no_start)));
    assert_int_not_equal(run_dictc(dir, args, &errs), 0);
    assert_non_null(strstr(errs, "no start probabilities"));
    free(errs);
    /* A failed build leaves no dictionary behind. */
    FILE *f = fopen(out, "rb");
    assert_null(f);
    zc_test_rmtree(dir);
    free(dir);
}

/* Runs jieba_hmm.py on dir/finalseg, writing dir/hmm.tsv; its exit
 * status, stderr in *errs. */
static int run_script(const char *dir, char **errs)
{
    char cmd[20000], errp[4200];
    snprintf(errp, sizeof errp, "%s/script.err", dir);
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/finalseg' '%s/hmm.tsv' 2>'%s'", getenv("ZC_PYTHON3"),
             getenv("ZC_HMM_SCRIPT"), dir, dir, errp);
    int st = system(cmd);
    *errs = zc_test_read_file(errp, NULL);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* jieba's HMM tables are Python literals (finalseg/prob_*.py): the build
 * reads them with Python's parser into the table the compiler reads. */
static void test_hmm_script(void **state)
{
    (void)state;
    if (!getenv("ZC_PYTHON3") || !getenv("ZC_HMM_SCRIPT"))
        skip();
    char *dir = zc_test_tmpdir(), *errs, fdir[4200];
    snprintf(fdir, sizeof fdir, "%s/finalseg", dir);
    assert_int_equal(mkdir(fdir, 0755), 0);
    const char *start = "P={'B': -0.26268660809250016,\n 'E': -3.14e+100, 'S': -1}\n";
    const char *trans = "P={'B': {'E': -0.510825623765990, 'M': -0.916290731874155},\n"
                        " 'S': {'S': -0.5}}\n";
    const char *emit = "from __future__ import unicode_literals\n"
                       "# a comment\n"
                       "P={'B': {'\\u4e2d': -3.5, '国': -7.25},\n 'S': {'\\u4e2d': -1e-05}}\n";
    free(zc_test_write_file(dir, "finalseg/prob_start.py", start, strlen(start)));
    free(zc_test_write_file(dir, "finalseg/prob_trans.py", trans, strlen(trans)));
    free(zc_test_write_file(dir, "finalseg/prob_emit.py", emit, strlen(emit)));
    assert_int_equal(run_script(dir, &errs), 0);
    free(errs);
    /* One line per number, in the files' order, each number as Python
     * writes it (reading back as the same double). */
    char path[4300];
    snprintf(path, sizeof path, "%s/hmm.tsv", dir);
    char *tsv = zc_test_read_file(path, NULL);
    const char *body = tsv;
    while (*body == '#')
        body = strchr(body, '\n') + 1;
    assert_string_equal(body, "start\tB\t-0.26268660809250016\n"
                              "start\tE\t-3.14e+100\n"
                              "start\tS\t-1.0\n"
                              "trans\tB\tE\t-0.51082562376599\n"
                              "trans\tB\tM\t-0.916290731874155\n"
                              "trans\tS\tS\t-0.5\n"
                              "emit\tB\t中\t-3.5\n"
                              "emit\tB\t国\t-7.25\n"
                              "emit\tS\t中\t-1e-05\n");
    free(tsv);
    /* What is not a table of literals is named with its file and line,
     * and no table is written. */
    static const struct {
        const char *file, *text, *message;
    } bad[] = {
        {"prob_start.py", "P={'B': -0.26, 'E': -3.14e+100,\n 'M': oops}\n", "prob_start.py:2:"},
        {"prob_start.py", "P={'B': -0.26,\n\n 'E': }\n", "prob_start.py:3:"},
        {"prob_start.py", "Q={'B': -0.26}\n", "no assignment to P"},
        {"prob_start.py", "P={'X': -0.26}\n", "'X' is not B, M, E or S"},
        {"prob_start.py", "P={'B': '-0.26'}\n", "is not a number"},
        {"prob_trans.py", "P={'B': -0.5}\n", "expected a dict of states"},
        {"prob_emit.py", "P={'B': {'中国': -1.0}}\n", "is not one character"},
        {"prob_emit.py", "P={'B': {'\\t': -1.0}}\n", "is not one character"},
        {"prob_emit.py", "P={'B': {}}\n", "no emission probabilities"},
        {"prob_emit.py", "import os\nP={'B': {'中': os.system('true')}}\n", "prob_emit.py:2:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char name[64];
        snprintf(name, sizeof name, "finalseg/%s", bad[i].file);
        free(zc_test_write_file(dir, name, bad[i].text, strlen(bad[i].text)));
        remove(path);
        assert_int_equal(run_script(dir, &errs), 1);
        if (!strstr(errs, bad[i].message))
            fail_msg("%s [%s]: %s", bad[i].file, bad[i].text, errs);
        free(errs);
        assert_int_equal(access(path, F_OK), -1);
        /* Back to the good file for the next case. */
        const char *good = !strcmp(bad[i].file, "prob_start.py")   ? start
                           : !strcmp(bad[i].file, "prob_trans.py") ? trans
                                                                   : emit;
        free(zc_test_write_file(dir, name, good, strlen(good)));
    }
    zc_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_and_verify), cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_synonyms),        cmocka_unit_test(test_regions),
        cmocka_unit_test(test_damaged_files),   cmocka_unit_test(test_compiler),
        cmocka_unit_test(test_hmm_script),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
