/* The public segmenter: a dictionary and a segmenter over it, with the
 * tokens turned into plain (offset, length) words. */
#include <stdlib.h>

#include "common/err.h"
#include "dict/dict.h"
#include "text/seg.h"
#include "zhengce.h"

struct zc_segmenter {
    zc_dict *dict;
    zc_seg *seg;
    zc_word *words;
    size_t cap;
};

int zc_segmenter_new(const char *dict_path, zc_segmenter **out, zc_error *err)
{
    *out = NULL;
    zc_segmenter *s = calloc(1, sizeof *s);
    if (!s)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    int rc = zc_dict_open(dict_path, &s->dict, err);
    if (rc == ZC_OK)
        rc = zc_seg_new(s->dict, &s->seg, err);
    if (rc) {
        zc_segmenter_free(s);
        return rc;
    }
    *out = s;
    return ZC_OK;
}

void zc_segmenter_free(zc_segmenter *s)
{
    if (!s)
        return;
    zc_seg_free(s->seg);
    zc_dict_free(s->dict);
    free(s->words);
    free(s);
}

int zc_segmenter_load_words(zc_segmenter *s, const char *path, zc_error *err)
{
    if (!path)
        return zc_err_set(err, ZC_ERR_INVALID, "no user dictionary path given");
    return zc_seg_load_user_dict(s->seg, path, err);
}

int zc_segment(zc_segmenter *s, const char *text, size_t len, int flags, const zc_word **words,
               size_t *n, zc_error *err)
{
    *words = NULL;
    *n = 0;
    if (flags & ~(ZC_SEGMENT_SEARCH | ZC_SEGMENT_NO_HMM))
        return zc_err_set(err, ZC_ERR_INVALID, "unknown segment flags 0x%x", (unsigned)flags);
    if (!text && len)
        return zc_err_set(err, ZC_ERR_INVALID, "no text given");
    const zc_token *toks;
    size_t nt;
    int rc = zc_seg_cut(s->seg, text ? text : "", len,
                        flags & ZC_SEGMENT_SEARCH ? ZC_SEG_SEARCH : ZC_SEG_ACCURATE,
                        flags & ZC_SEGMENT_NO_HMM ? ZC_SEG_NO_HMM : 0, &toks, &nt, err);
    if (rc)
        return rc;
    if (nt > s->cap) {
        zc_word *w = realloc(s->words, nt * sizeof *w);
        if (!w)
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
        s->words = w;
        s->cap = nt;
    }
    for (size_t i = 0; i < nt; i++)
        s->words[i] = (zc_word){toks[i].byte_off, toks[i].byte_len};
    *words = s->words;
    *n = nt;
    return ZC_OK;
}

size_t zc_segmenter_bad_offset(const zc_segmenter *s)
{
    return zc_seg_bad_offset(s->seg);
}
