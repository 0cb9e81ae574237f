/* The mapped dictionary, for the segmenter's hot loops (inline access to
 * the char map and the trie). Internal to the library. */
#ifndef ZC_DICT_INTERNAL_H
#define ZC_DICT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dict/dict.h"
#include "dict/dict_format.h"

struct zc_dict {
    char *path;
    const unsigned char *map;
    size_t size;
    const zc_dict_header *h;
    const uint16_t *cmap;
    const zc_dict_cpair *supp;
    uint32_t n_supp;
    const zc_dict_node *nodes;
    uint32_t n_nodes;
    const uint32_t *node_entry;
    const zc_dict_entry *entries;
    uint32_t n_entries;
    const float (*emit)[4];
    uint32_t n_chars;
    const char (*tags)[8];
    uint32_t n_tags;
    const uint32_t *syn_lists;
    size_t n_syn_lists;
    const zc_dict_span *groups;
    uint32_t n_groups;
    const uint32_t *members;
    size_t n_members;
    const zc_dict_region_rec *regions;
    uint32_t n_regions;
    const uint32_t *region_shorts;
    size_t n_region_shorts;
    const zc_dict_name_ref *region_index;
    uint32_t n_region_names;
    const char *strings;
    size_t strings_size;
    const uint64_t *pairs;
    double log_total;
    float idf_default;
};

uint32_t zc_dict_char_id_supp(const zc_dict *d, uint32_t cp);

/* The char id of a code point (0: in no key). Bounded by n_chars even if
 * the payload is damaged, so callers may index the emission table. */
static inline uint32_t zc_dict_char_id(const zc_dict *d, uint32_t cp)
{
    if (cp < 0x10000) {
        uint32_t id = d->cmap[cp];
        return id <= d->n_chars ? id : 0;
    }
    return zc_dict_char_id_supp(d, cp);
}

/* The trie node reached from s by char id c, or ZC_DICT_NONE. Never reads
 * outside the node array, whatever the node contents. */
static inline uint32_t zc_dict_step(const zc_dict *d, uint32_t s, uint32_t c)
{
    uint32_t t = zc_dict_node_base(d->nodes[s]) + c;
    return (c != 0 && t < d->n_nodes && zc_dict_node_check(d->nodes[t]) == s) ? t : ZC_DICT_NONE;
}

/* The entry of trie node `node` (a valid node), or ZC_DICT_NONE
 * (= ZC_TOK_NO_ENTRY). */
static inline uint32_t zc_dict_node_entry(const zc_dict *d, uint32_t node)
{
    uint32_t e = d->node_entry[node];
    return e < d->n_entries ? e : ZC_DICT_NONE;
}

/* Asks for the entry index of node (any value) ahead of
 * zc_dict_node_entry. */
static inline void zc_dict_node_entry_prefetch(const zc_dict *d, uint32_t node)
{
    if (node < d->n_nodes)
        __builtin_prefetch(&d->node_entry[node]);
}

/* Whether some key may start with char ids a, b (no: none does). */
static inline int zc_dict_pair_maybe(const zc_dict *d, uint32_t a, uint32_t b)
{
    uint32_t h = zc_dict_pair_hash(a, b);
    return (d->pairs[h >> 6] >> (h & 63)) & 1;
}

/* Walks a UTF-8 key; returns its node or ZC_DICT_NONE. */
uint32_t zc_dict_walk(const zc_dict *d, const char *s, size_t len);

/* The string at offset off of the string pool ("" if out of range). */
const char *zc_dict_string(const zc_dict *d, uint32_t off);

#endif
