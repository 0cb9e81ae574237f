/* Preloaded into zhengce by test_bigfile: a file whose name ends in
 * "vanish-at-walk.txt" is removed the moment the walk looks at it, after
 * the directory listing named it: the race that a file deleted while a
 * large tree is walked runs into, made certain. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exported whatever the project's default visibility (hidden). */
__attribute__((visibility("default"))) int lstat(const char *path, struct stat *st);

int lstat(const char *path, struct stat *st)
{
    static const char mark[] = "vanish-at-walk.txt";
    int (*next)(const char *, struct stat *) =
        (int (*)(const char *, struct stat *))dlsym(RTLD_NEXT, "lstat");
    size_t n = strlen(path), m = sizeof mark - 1;
    if (n >= m && strcmp(path + n - m, mark) == 0)
        unlink(path);
    return next(path, st);
}
