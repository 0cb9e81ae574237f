/* Growing a malloc'd array by doubling, for the append-only arrays of the
 * pipeline (tokens, lines, matches). */
#ifndef ZC_COMMON_GROW_H
#define ZC_COMMON_GROW_H

#include <stdlib.h>

#include "zhengce.h"

/* Makes room for one more element in *arr (n used of *cap, each elem bytes,
 * first allocation first_cap). ZC_OK, or ZC_ERR_NOMEM leaving *arr as it
 * was. */
static inline int zc_grow(void **arr, size_t n, size_t *cap, size_t elem, size_t first_cap)
{
    if (n < *cap)
        return ZC_OK;
    size_t ncap = *cap ? *cap * 2 : first_cap;
    if (ncap < *cap || ncap > ((size_t)-1) / elem)
        return ZC_ERR_NOMEM;
    void *v = realloc(*arr, ncap * elem);
    if (!v)
        return ZC_ERR_NOMEM;
    *arr = v;
    *cap = ncap;
    return ZC_OK;
}

#endif
