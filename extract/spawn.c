/* External filters without a shell (spawn.h). */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/clock.h"
#include "common/err.h"

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

int zc_spawn(const char *const *argv, const char *input, size_t input_len, int timeout_s,
             size_t max_out, char **out, size_t *out_len, zc_error *err)
{
    *out = NULL;
    *out_len = 0;
    const char *prog = argv[0];
    if (access(prog, X_OK) != 0)
        return zc_err_set(err, ZC_ERR_NOT_FOUND, "%s: not installed", prog);
    int in[2] = {-1, -1}, op[2] = {-1, -1}, ep[2] = {-1, -1};
    if (pipe2(in, O_CLOEXEC) || pipe2(op, O_CLOEXEC) || pipe2(ep, O_CLOEXEC)) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            close_fd(&in[i]);
            close_fd(&op[i]);
            close_fd(&ep[i]);
        }
        return zc_err_set(err, ZC_ERR_IO, "%s: cannot make pipes: %s", prog, strerror(e));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, op[1], 1);
    posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
    char *const envp[] = {"LANG=C.UTF-8", "OMP_THREAD_LIMIT=1", NULL};
    pid_t pid;
    int se = posix_spawn(&pid, prog, &fa, NULL, (char *const *)argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close_fd(&in[0]);
    close_fd(&op[1]);
    close_fd(&ep[1]);
    if (se) {
        close_fd(&in[1]);
        close_fd(&op[0]);
        close_fd(&ep[0]);
        return zc_err_set(err, ZC_ERR_IO, "%s: cannot run: %s", prog, strerror(se));
    }
    if (!input)
        close_fd(&in[1]);
    else
        fcntl(in[1], F_SETFL, O_NONBLOCK);
    zc_buf o = ZC_BUF_INIT, e = ZC_BUF_INIT;
    size_t fed = 0;
    int rc = ZC_OK;
    double deadline = zc_clock_s() + timeout_s;
    char chunk[65536];
    while (rc == ZC_OK && (op[0] >= 0 || ep[0] >= 0)) {
        struct pollfd p[3];
        int np = 0, io = -1, ie = -1, ii = -1;
        if (op[0] >= 0)
            p[io = np++] = (struct pollfd){op[0], POLLIN, 0};
        if (ep[0] >= 0)
            p[ie = np++] = (struct pollfd){ep[0], POLLIN, 0};
        if (in[1] >= 0)
            p[ii = np++] = (struct pollfd){in[1], POLLOUT, 0};
        double left = deadline - zc_clock_s();
        if (left <= 0) {
            rc = zc_err_set(err, ZC_ERR_INVALID, "%s: no answer within %d s (killed)", prog,
                            timeout_s);
            break;
        }
        int n = poll(p, (nfds_t)np, (int)(left * 1000) + 1);
        if (n < 0 && errno != EINTR) {
            rc = zc_err_set(err, ZC_ERR_IO, "%s: poll: %s", prog, strerror(errno));
            break;
        }
        if (n <= 0)
            continue;
        if (ii >= 0 && p[ii].revents) {
            /* A child that exits before reading all would raise SIGPIPE:
             * blocked in this thread, and taken back if it came. */
            sigset_t pipe_set, old;
            sigemptyset(&pipe_set);
            sigaddset(&pipe_set, SIGPIPE);
            pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
            ssize_t w = write(in[1], input + fed, input_len - fed);
            int we = errno;
            if (w < 0 && we == EPIPE) {
                struct timespec zero = {0, 0};
                sigtimedwait(&pipe_set, NULL, &zero);
            }
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            errno = we;
            if (w > 0)
                fed += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || fed == input_len)
                close_fd(&in[1]); /* done, or the child stopped reading */
        }
        int fds[2] = {io, ie};
        for (int k = 0; k < 2; k++) {
            if (fds[k] < 0 || !p[fds[k]].revents)
                continue;
            int *fd = k == 0 ? &op[0] : &ep[0];
            ssize_t got = read(*fd, chunk, sizeof chunk);
            if (got > 0) {
                zc_buf *b = k == 0 ? &o : &e;
                if (b == &e && e.len > 4096)
                    continue;
                if (zc_buf_append(b, chunk, (size_t)got))
                    rc = zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", prog);
                else if (o.len > max_out)
                    rc =
                        zc_err_set(err, ZC_ERR_INVALID, "%s: output past %zu bytes", prog, max_out);
            } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                close_fd(fd);
            }
        }
    }
    close_fd(&in[1]);
    close_fd(&op[0]);
    close_fd(&ep[0]);
    if (rc)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (rc == ZC_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        const char *msg = e.data ? e.data : "";
        size_t ml = strcspn(msg, "\n");
        if (WIFEXITED(status))
            rc = zc_err_set(err, ZC_ERR_INVALID, "%s failed (exit status %d)%s%.*s", prog,
                            WEXITSTATUS(status), ml ? ": " : "", (int)(ml > 200 ? 200 : ml), msg);
        else
            rc = zc_err_set(err, ZC_ERR_INVALID, "%s killed by signal %d", prog, WTERMSIG(status));
    }
    zc_buf_free(&e);
    if (rc) {
        zc_buf_free(&o);
        return rc;
    }
    *out_len = o.len;
    *out = zc_buf_detach(&o);
    if (!*out)
        return zc_err_set(err, ZC_ERR_NOMEM, "%s: out of memory", prog);
    return ZC_OK;
}
