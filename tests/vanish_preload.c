/* Preloaded into zhengce by test_bigfile: a file whose name ends in
 * "vanish-at-walk.txt" is removed the moment the walk resolves its path,
 * after stat() found it there: the race that a file deleted while a large
 * tree is walked runs into, made certain. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Exported whatever the project's default visibility (hidden). */
__attribute__((visibility("default"))) char *realpath(const char *path, char *resolved);

char *realpath(const char *path, char *resolved)
{
    static const char mark[] = "vanish-at-walk.txt";
    char *(*next)(const char *, char *) =
        (char *(*)(const char *, char *))dlsym(RTLD_NEXT, "realpath");
    size_t n = strlen(path), m = sizeof mark - 1;
    if (n >= m && strcmp(path + n - m, mark) == 0)
        unlink(path);
    return next(path, resolved);
}
