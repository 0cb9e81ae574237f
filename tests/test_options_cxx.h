/* test_options.c's C++ half (test_options_cxx.cc). */
#ifndef ZC_TESTS_OPTIONS_CXX_H
#define ZC_TESTS_OPTIONS_CXX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether the header's initializers, compiled as C++, equal what the _init
 * functions give; if not, why says which. */
int zc_test_cxx_initializers_match(char *why, size_t size);

#ifdef __cplusplus
}
#endif
#endif
