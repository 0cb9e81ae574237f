/* Shared by the libFuzzer targets of tests/fuzz and their replay driver.
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang and
 * -fsanitize=fuzzer it is a fuzzer (scripts/fuzz.sh); linked with
 * replay.c by any compiler it replays the seeds and the regression inputs
 * (ctest fuzz_replay_*). State a target needs for every input (a
 * dictionary, a small index) is made on the first call and kept. */
#ifndef ZC_TESTS_FUZZ_H
#define ZC_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A documented property that does not hold is a crash, so libFuzzer keeps
 * the input: the message says which property. */
#define ZC_FUZZ_CHECK(cond, ...)                                                                   \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Setting up what every input needs failed: not a finding, stop. */
#define ZC_FUZZ_SETUP(cond, msg)                                                                   \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz set-up failed: %s\n", (msg));                                    \
            exit(2);                                                                               \
        }                                                                                          \
    } while (0)

/* Makes the temporary directory $TMPDIR/zc-fuzz-NAME-XXXXXX into dir and
 * removes it, with everything in it, at exit (after the exit handlers a
 * target registers later, such as one closing an index there). */
void zc_fs_rmtree(const char *path); /* indexer/run.h, which needs GLib */
static char zc_fuzz_dir_[4096];
static inline void zc_fuzz_rm_dir_(void)
{
    if (zc_fuzz_dir_[0])
        zc_fs_rmtree(zc_fuzz_dir_);
}
static inline void zc_fuzz_tmpdir(char *dir, size_t n, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, n, "%s/zc-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    ZC_FUZZ_SETUP(mkdtemp(dir) != NULL, "cannot make a temporary directory");
    snprintf(zc_fuzz_dir_, sizeof zc_fuzz_dir_, "%s", dir);
    atexit(zc_fuzz_rm_dir_);
}

#endif
