/* A reader for the Python literals jieba ships its HMM parameters in
 * (finalseg/prob_*.py): `P = {...}` with nested dicts, string keys and
 * float values. Only that subset is accepted: dicts, strings (with the
 * escapes Python allows), numbers, comments and `from`/`import` lines. */
#ifndef ZC_DICTC_PYLITERAL_H
#define ZC_DICTC_PYLITERAL_H

#include <stddef.h>

#include "zhengce.h"

typedef enum zc_py_type { ZC_PY_NUM, ZC_PY_STR, ZC_PY_DICT } zc_py_type;

typedef struct zc_py zc_py;
typedef struct zc_py_item zc_py_item;

struct zc_py {
    zc_py_type type;
    double num; /* ZC_PY_NUM */
    char *str;  /* ZC_PY_STR: UTF-8, NUL-terminated */
    size_t len;
    zc_py_item *items; /* ZC_PY_DICT, in file order */
    size_t n;
};

struct zc_py_item {
    zc_py key;
    zc_py value;
};

/* Parses the file at path and returns the value assigned to variable var
 * (e.g. "P"). Errors name the file, line and column. */
int zc_py_parse_file(const char *path, const char *var, zc_py **out, zc_error *err);
/* The value of key (a string) in a dict, or NULL. */
const zc_py *zc_py_get(const zc_py *dict, const char *key);
void zc_py_free(zc_py *v);

#endif
