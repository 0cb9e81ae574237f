/* The `zhengce serve` command end to end: an index served over TCP is
 * searched with `zhengce search --db tcp://HOST:PORT` and gives what the
 * index gives; bad options and what is not an index get exit status 2 and
 * a message naming them. Serving is skipped when xapian-tcpsrv
 * (xapian-tools) is missing. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "test_util.h"

typedef struct env {
    char *tmp;
    char db[4200];
} env;

static int setup(void **state)
{
    env *e = calloc(1, sizeof *e);
    if (!e || !(e->tmp = zc_test_tmpdir()))
        return -1;
    snprintf(e->db, sizeof e->db, "%s/db", e->tmp);
    const char *a = "江西新余高新区锂电产业\n新余市推进新型工业化，锂电产业营收增长。\n";
    const char *b = "浙江数字经济\n杭州市数字经济核心产业增加值增长。\n";
    free(zc_test_write_file(e->tmp, "a.txt", a, strlen(a)));
    free(zc_test_write_file(e->tmp, "b.txt", b, strlen(b)));
    zc_test_run r =
        zc_test_cli(e->tmp, "index --db '%s' '%s/a.txt' '%s/b.txt'", e->db, e->tmp, e->tmp);
    int status = r.status;
    zc_test_run_free(&r);
    *state = e;
    return status == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    env *e = *state;
    zc_test_rmtree(e->tmp);
    free(e->tmp);
    free(e);
    return 0;
}

/* `zhengce serve ARGS` that must exit 2 with frag in its message. */
static void refused(env *e, const char *args, const char *frag)
{
    zc_test_run r = zc_test_cli(e->tmp, "serve %s", args);
    if (r.status != 2 || !strstr(r.err, frag))
        fail_msg("serve %s: status %d, expected 2 and '%s' in: %s", args, r.status, frag, r.err);
    zc_test_run_free(&r);
}

static void test_refused(void **state)
{
    env *e = *state;
    char args[4400];
    snprintf(args, sizeof args, "--db '%s'", e->db);
    refused(e, args, "no --port");
    snprintf(args, sizeof args, "--db '%s' --port 0", e->db);
    refused(e, args, "--port needs a port 1-65535, not '0'");
    snprintf(args, sizeof args, "--db '%s' --port 65536", e->db);
    refused(e, args, "not '65536'");
    snprintf(args, sizeof args, "--db '%s' --port abc", e->db);
    refused(e, args, "not 'abc'");
    snprintf(args, sizeof args, "--db '%s' --port 7000 --timeout soon", e->db);
    refused(e, args, "--timeout needs milliseconds, not 'soon'");
    snprintf(args, sizeof args, "--db '%s' --port 7000 extra", e->db);
    refused(e, args, "unexpected argument 'extra'");
    /* Not an index: refused before anything is served, naming it. */
    snprintf(args, sizeof args, "--db '%s/missing' --port 7000", e->tmp);
    refused(e, args, "/missing");
    snprintf(args, sizeof args, "--db '%s' --port 7000", e->tmp);
    refused(e, args, e->tmp);

    zc_test_run r = zc_test_cli(e->tmp, "serve --help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: zhengce serve"));
    zc_test_run_free(&r);
}

/* The total of a JSON search of db for query. */
static long long total_of(env *e, const char *db, const char *query)
{
    zc_test_run r = zc_test_cli(e->tmp, "search --db '%s' --json '%s'", db, query);
    json_t *root = json_loads(r.out, 0, NULL);
    if (!root)
        fail_msg("search --db %s %s: status %d, not JSON: %s", db, query, r.status, r.err);
    long long n = json_integer_value(json_object_get(root, "total"));
    json_decref(root);
    zc_test_run_free(&r);
    return n;
}

static void test_served(void **state)
{
    env *e = *state;
    if (system("command -v xapian-tcpsrv >/dev/null 2>&1") != 0) {
        print_message("# xapian-tcpsrv (xapian-tools) is missing: skipped\n");
        skip();
        return;
    }
    unsigned port = zc_test_free_port();
    char p[16];
    snprintf(p, sizeof p, "%u", port);
    const char *cli = getenv("ZC_CLI");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A process group of its own: xapian-tcpsrv forks a child per
         * connection, and killing the group takes those down too. */
        setpgid(0, 0);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(cli, cli, "serve", "--db", e->db, "--port", p, "--quiet", (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    /* Up to 30 s for the server to listen: a bound on a busy machine, not
     * a measure. */
    for (int i = 0; i < 600 && !zc_test_accepts(port); i++) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid)
            fail_msg("zhengce serve on port %u exited (status %d)", port, st);
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    int up = zc_test_accepts(port);
    char remote[64];
    snprintf(remote, sizeof remote, "tcp://127.0.0.1:%u", port);
    long long local_xy = total_of(e, e->db, "锂电"),
              remote_xy = up ? total_of(e, remote, "锂电") : -1,
              local_all = total_of(e, e->db, "增长"),
              remote_all = up ? total_of(e, remote, "增长") : -1,
              remote_none = up ? total_of(e, remote, "不存在的词") : -1;
    kill(-pid, SIGKILL);
    waitpid(pid, NULL, 0);
    if (!up)
        fail_msg("zhengce serve on port %u did not listen", port);
    assert_int_equal(local_xy, 1);
    assert_int_equal(remote_xy, local_xy);
    assert_int_equal(local_all, 2);
    assert_int_equal(remote_all, local_all);
    assert_int_equal(remote_none, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_served),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
