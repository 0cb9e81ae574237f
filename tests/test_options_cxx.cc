// The options initializers as a C++ program sees them (include/zhengce.h
// gives them there field by field, in order).
#include "test_options_cxx.h"

#include <cstdio>
#include <cstring>

#include "zhengce.h"

// Static: padding zero, as _init leaves it.
static const zc_index_options index_init = ZC_INDEX_OPTIONS_INIT;
static const zc_search_options search_init = ZC_SEARCH_OPTIONS_INIT;

int zc_test_cxx_initializers_match(char *why, size_t size)
{
    zc_index_options io;
    zc_search_options so;
    std::memset(&io, 0xa5, sizeof io);
    std::memset(&so, 0xa5, sizeof so);
    if (zc_index_options_init(&io, ZC_INDEX_OPTIONS_VERSION) != ZC_OK ||
        zc_search_options_init(&so, ZC_SEARCH_OPTIONS_VERSION) != ZC_OK) {
        std::snprintf(why, size, "_init failed");
        return 0;
    }
    if (std::memcmp(&io, &index_init, sizeof io) != 0) {
        std::snprintf(why, size, "ZC_INDEX_OPTIONS_INIT in C++ differs from zc_index_options_init");
        return 0;
    }
    if (std::memcmp(&so, &search_init, sizeof so) != 0) {
        std::snprintf(why, size,
                      "ZC_SEARCH_OPTIONS_INIT in C++ differs from zc_search_options_init");
        return 0;
    }
    return 1;
}
