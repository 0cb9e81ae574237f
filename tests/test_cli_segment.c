/* The `zhengce segment` command end to end: words on stdout line by line,
 * the modes and options, and the exit status and message for bad input, a
 * bad option and a missing dictionary. The segmenter itself: test_seg.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "test_util.h"

/* Runs `zhengce segment ARGS` with input on stdin. */
static int run_segment(const char *dir, const char *input, size_t len, const char *args, char **out,
                       char **errs)
{
    char *in = zc_test_write_file(dir, "in.txt", input, len);
    char cmd[16384];
    const char *cli = getenv("ZC_CLI");
    snprintf(cmd, sizeof cmd, "'%s' segment %s <'%s' >'%s/out.txt' 2>'%s/err.txt'",
             cli ? cli : "zhengce", args, in, dir, dir);
    int st = system(cmd);
    char path[4200];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    *out = zc_test_read_file(path, NULL);
    snprintf(path, sizeof path, "%s/err.txt", dir);
    *errs = zc_test_read_file(path, NULL);
    free(in);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_segment(void **state)
{
    (void)state;
    char *dir = zc_test_tmpdir(), *out, *err;
    const char *in = "新质生产力和5G\n\n   \n新余高新区\r\n最后一行";
    assert_int_equal(run_segment(dir, in, strlen(in), "", &out, &err), 0);
    assert_string_equal(out, "新质生产力 和 5G\n\n\n新余 高新区\n最后 一行\n");
    free(out);
    free(err);
    assert_int_equal(run_segment(dir, "新余高新区\n", 16, "--mode search --no-hmm", &out, &err), 0);
    assert_string_equal(out, "新余 高新 新区 高新区\n");
    free(out);
    free(err);
    const char bad[] = "新余高新区\n第二\xFF行\n第三行\n";
    assert_int_equal(run_segment(dir, bad, sizeof bad - 1, "", &out, &err), 2);
    assert_string_equal(out, "新余 高新区\n");
    assert_non_null(strstr(err, "line 2"));
    assert_non_null(strstr(err, "byte 6"));
    free(out);
    free(err);
    assert_int_equal(run_segment(dir, "", 0, "--mode fast", &out, &err), 2);
    free(out);
    free(err);
    assert_int_equal(run_segment(dir, "", 0, "--dict /nonexistent/zhengce.dict", &out, &err), 2);
    assert_non_null(strstr(err, "/nonexistent/zhengce.dict"));
    free(out);
    free(err);
    zc_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
