/* The options structs' defaults, by version (include/zhengce.h). Each
 * _init copies a static template, so the struct's padding is zero too and
 * the result equals, byte for byte, a static object made with the
 * ZC_..._OPTIONS_INIT initializer. */
#include <stddef.h>
#include <string.h>

#include "zhengce.h"

int zc_index_options_init(zc_index_options *o, unsigned version)
{
    static const zc_index_options defaults = ZC_INDEX_OPTIONS_INIT;
    if (!o || (version != ZC_INDEX_OPTIONS_VERSION && version != 1))
        return ZC_ERR_INVALID;
    if (version == 1) { /* a struct that ends before text_column */
        memcpy(o, &defaults, offsetof(zc_index_options, text_column));
        o->version = 1;
        return ZC_OK;
    }
    memcpy(o, &defaults, sizeof *o);
    return ZC_OK;
}

int zc_search_options_init(zc_search_options *o, unsigned version)
{
    static const zc_search_options defaults = ZC_SEARCH_OPTIONS_INIT;
    if (!o || version < 1 || version > ZC_SEARCH_OPTIONS_VERSION)
        return ZC_ERR_INVALID;
    /* A version 1 struct ends before match. */
    memcpy(o, &defaults,
           version == 1 ? offsetof(zc_search_options, match) : sizeof(zc_search_options));
    o->version = version;
    return ZC_OK;
}

int zc_document_options_init(zc_document_options *o, unsigned version)
{
    static const zc_document_options defaults = ZC_DOCUMENT_OPTIONS_INIT;
    if (!o || version != ZC_DOCUMENT_OPTIONS_VERSION)
        return ZC_ERR_INVALID;
    memcpy(o, &defaults, sizeof *o);
    return ZC_OK;
}
