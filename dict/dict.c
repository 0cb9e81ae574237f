/* Opening the compiled dictionary: mmap, header checks, lookups. */
#include "dict/dict_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "common/err.h"
#include "common/utf8.h"

/* Where the dictionary is looked for when no path is given: beside the
 * library or program (ZC_DICT_FROM_LIB, relative to its directory: an
 * installed tree may be moved), in the build tree (ZC_DEFAULT_DICT), under
 * the configured install prefix (ZC_INSTALL_DICT). */
#ifndef ZC_DEFAULT_DICT
#define ZC_DEFAULT_DICT "zhengce.dict"
#endif
#ifndef ZC_DICT_FROM_LIB
#define ZC_DICT_FROM_LIB "../share/zhengce/zhengce.dict"
#endif
#ifndef ZC_INSTALL_DICT
#define ZC_INSTALL_DICT ZC_DEFAULT_DICT
#endif

_Static_assert(sizeof(zc_dict_header) == 488, "header layout");
_Static_assert(sizeof(zc_dict_node) == 8, "node layout");
_Static_assert(sizeof(zc_dict_entry) == 12, "entry layout");
_Static_assert(sizeof(zc_dict_region_rec) == 20, "region layout");
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the dictionary is read in place: little-endian hosts only"
#endif

static uint64_t header_hash(const zc_dict_header *h)
{
    zc_dict_header copy;
    memcpy(&copy, h, sizeof copy);
    copy.header_hash = 0;
    return XXH3_64bits(&copy, sizeof copy);
}

/* Checks section id fits the file, is aligned, and has the expected size
 * (want, or a multiple of unit when want is 0); sets *p to its start. */
static int section(zc_dict *d, int id, uint64_t want, uint64_t unit, const void **p, uint64_t *size,
                   zc_error *err)
{
    const zc_dict_section_ref *s = &d->h->sections[id];
    if (s->off < d->h->header_size || s->off > d->size || s->size > d->size - s->off ||
        s->off % 8 != 0)
        return zc_err_set(err, ZC_ERR_CORRUPT,
                          "dictionary '%s' is damaged: section %d lies outside the file", d->path,
                          id);
    if ((want && s->size != want) || (!want && unit && s->size % unit != 0))
        return zc_err_set(err, ZC_ERR_CORRUPT,
                          "dictionary '%s' is damaged: section %d has a bad size (%llu bytes)",
                          d->path, id, (unsigned long long)s->size);
    *p = d->map + s->off;
    if (size)
        *size = s->size;
    return ZC_OK;
}

static int validate(zc_dict *d, zc_error *err)
{
    if (d->size < 16 || memcmp(d->map, ZC_DICT_MAGIC, 8) != 0)
        return zc_err_set(err, ZC_ERR_CORRUPT, "'%s' is not a zhengce dictionary", d->path);
    uint32_t version;
    memcpy(&version, d->map + 8, 4);
    if (version != ZC_DICT_VERSION)
        return zc_err_set(err, ZC_ERR_VERSION,
                          "dictionary '%s' has format version %u, this program reads %u "
                          "(rebuild it with zhengce-dictc)",
                          d->path, version, ZC_DICT_VERSION);
    if (d->size < ZC_DICT_HEADER_SIZE)
        return zc_err_set(err, ZC_ERR_CORRUPT, "dictionary '%s' is truncated (%zu bytes)", d->path,
                          d->size);
    const zc_dict_header *h = (const zc_dict_header *)d->map;
    d->h = h;
    if (h->header_size != ZC_DICT_HEADER_SIZE || header_hash(h) != h->header_hash)
        return zc_err_set(err, ZC_ERR_CORRUPT, "dictionary '%s' is damaged: bad header checksum",
                          d->path);
    if (h->file_size != d->size)
        return zc_err_set(err, ZC_ERR_CORRUPT,
                          "dictionary '%s' is truncated or padded: %zu bytes, header says %llu",
                          d->path, d->size, (unsigned long long)h->file_size);
    if (h->n_nodes == 0 || h->n_nodes > ZC_DICT_IDX_MASK || h->n_tags == 0 || h->n_chars > 0xFFFF)
        return zc_err_set(err, ZC_ERR_CORRUPT, "dictionary '%s' is damaged: bad counts", d->path);
    const void *p;
    uint64_t sz;
    int rc;
    if ((rc = section(d, ZC_SEC_CMAP_BMP, 65536 * 2, 0, &p, NULL, err)))
        return rc;
    d->cmap = p;
    if ((rc = section(d, ZC_SEC_CMAP_SUPP, (uint64_t)h->n_supp * 8, 8, &p, NULL, err)))
        return rc;
    d->supp = p;
    d->n_supp = h->n_supp;
    if ((rc = section(d, ZC_SEC_NODES, (uint64_t)h->n_nodes * sizeof(zc_dict_node), 0, &p, NULL,
                      err)))
        return rc;
    d->nodes = p;
    d->n_nodes = h->n_nodes;
    if ((rc = section(d, ZC_SEC_NODE_ENTRY, (uint64_t)h->n_nodes * 4, 0, &p, NULL, err)))
        return rc;
    d->node_entry = p;
    if ((rc = section(d, ZC_SEC_ENTRIES, (uint64_t)h->n_entries * sizeof(zc_dict_entry), 12, &p,
                      NULL, err)))
        return rc;
    d->entries = p;
    d->n_entries = h->n_entries;
    if ((rc = section(d, ZC_SEC_EMIT, ((uint64_t)h->n_chars + 1) * 16, 0, &p, NULL, err)))
        return rc;
    d->emit = p;
    d->n_chars = h->n_chars;
    if ((rc = section(d, ZC_SEC_TAGS, (uint64_t)h->n_tags * 8, 0, &p, NULL, err)))
        return rc;
    d->tags = p;
    d->n_tags = h->n_tags;
    if ((rc = section(d, ZC_SEC_SYN_LISTS, 0, 4, &p, &sz, err)))
        return rc;
    d->syn_lists = p;
    d->n_syn_lists = sz / 4;
    if ((rc = section(d, ZC_SEC_SYN_GROUPS, (uint64_t)h->n_groups * 8, 8, &p, NULL, err)))
        return rc;
    d->groups = p;
    d->n_groups = h->n_groups;
    if ((rc = section(d, ZC_SEC_SYN_MEMBERS, 0, 4, &p, &sz, err)))
        return rc;
    d->members = p;
    d->n_members = sz / 4;
    if ((rc = section(d, ZC_SEC_REGIONS, (uint64_t)h->n_regions * sizeof(zc_dict_region_rec), 20,
                      &p, NULL, err)))
        return rc;
    d->regions = p;
    d->n_regions = h->n_regions;
    if ((rc = section(d, ZC_SEC_REGION_SHORTS, 0, 4, &p, &sz, err)))
        return rc;
    d->region_shorts = p;
    d->n_region_shorts = sz / 4;
    if ((rc = section(d, ZC_SEC_REGION_INDEX, (uint64_t)h->n_region_names * 8, 8, &p, NULL, err)))
        return rc;
    d->region_index = p;
    d->n_region_names = h->n_region_names;
    if ((rc = section(d, ZC_SEC_STRINGS, 0, 1, &p, &sz, err)))
        return rc;
    d->strings = p;
    d->strings_size = sz;
    if ((rc = section(d, ZC_SEC_PAIRS, (1u << ZC_DICT_PAIR_BITS) / 8, 0, &p, NULL, err)))
        return rc;
    d->pairs = p;
    if (sz == 0 || d->strings[sz - 1] != '\0' || d->n_syn_lists == 0)
        return zc_err_set(err, ZC_ERR_CORRUPT, "dictionary '%s' is damaged: bad string pool",
                          d->path);
    d->log_total = h->log_total;
    d->idf_default = h->idf_default;
    return ZC_OK;
}

/* The default dictionary path into buf (see above): the first that
 * exists, else the install path (which the error message then names). */
static const char *default_path(char *buf, size_t size)
{
    const char *env = getenv("ZHENGCE_DICT");
    if (env && *env)
        return env;
    Dl_info info;
    if (dladdr((void *)default_path, &info) && info.dli_fname) {
        const char *slash = strrchr(info.dli_fname, '/');
        int n = slash ? snprintf(buf, size, "%.*s/%s", (int)(slash - info.dli_fname),
                                 info.dli_fname, ZC_DICT_FROM_LIB)
                      : -1;
        if (n > 0 && (size_t)n < size && access(buf, R_OK) == 0)
            return buf;
    }
    if (access(ZC_DEFAULT_DICT, R_OK) == 0)
        return ZC_DEFAULT_DICT;
    return ZC_INSTALL_DICT;
}

int zc_dict_open(const char *path, zc_dict **out, zc_error *err)
{
    *out = NULL;
    char buf[4096];
    if (!path || !*path)
        path = default_path(buf, sizeof buf);
    zc_dict *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(path))) {
        free(d);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory opening dictionary '%s'", path);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        int rc = zc_err_set(err, e == ENOENT ? ZC_ERR_NOT_FOUND : ZC_ERR_IO,
                            "cannot open dictionary '%s': %s", path, strerror(e));
        zc_dict_free(d);
        return rc;
    }
    struct stat st;
    int rc = ZC_OK;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = zc_err_set(err, ZC_ERR_IO, "dictionary '%s' is not a readable file", path);
    } else if (st.st_size < 16) {
        rc = zc_err_set(err, ZC_ERR_CORRUPT, "dictionary '%s' is truncated (%lld bytes)", path,
                        (long long)st.st_size);
    } else {
        d->size = (size_t)st.st_size;
        void *m = mmap(NULL, d->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED)
            rc =
                zc_err_set(err, ZC_ERR_IO, "cannot map dictionary '%s': %s", path, strerror(errno));
        else
            d->map = m;
    }
    close(fd);
    if (rc == ZC_OK)
        rc = validate(d, err);
    if (rc != ZC_OK) {
        zc_dict_free(d);
        return rc;
    }
    *out = d;
    return ZC_OK;
}

void zc_dict_free(zc_dict *d)
{
    if (!d)
        return;
    if (d->map)
        munmap((void *)d->map, d->size);
    free(d->path);
    free(d);
}

const char *zc_dict_path(const zc_dict *d)
{
    return d->path;
}

int zc_dict_verify(const zc_dict *d, zc_error *err)
{
    uint64_t hs = d->h->header_size;
    if (XXH3_64bits(d->map + hs, d->size - hs) != d->h->payload_hash)
        return zc_err_set(err, ZC_ERR_CORRUPT, "dictionary '%s' is damaged: bad checksum", d->path);
    return ZC_OK;
}

void zc_dict_get_info(const zc_dict *d, zc_dict_info *out)
{
    out->words = d->h->n_words;
    out->entries = d->n_entries;
    out->chars = d->n_chars;
    out->nodes = d->n_nodes;
    out->regions = d->n_regions;
    out->synonym_groups = d->n_groups;
    out->file_size = d->size;
    out->log_total = d->log_total;
    out->idf_default = d->idf_default;
}

uint32_t zc_dict_char_id_supp(const zc_dict *d, uint32_t cp)
{
    size_t lo = 0, hi = d->n_supp;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->supp[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->n_supp && d->supp[lo].cp == cp && d->supp[lo].id <= d->n_chars)
        return d->supp[lo].id;
    return 0;
}

uint32_t zc_dict_walk(const zc_dict *d, const char *s, size_t len)
{
    uint32_t node = 0;
    size_t i = 0;
    if (len == 0)
        return ZC_DICT_NONE;
    while (i < len) {
        uint32_t cp;
        size_t n = zc_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return ZC_DICT_NONE;
        i += n;
        node = zc_dict_step(d, node, zc_dict_char_id(d, zc_dict_fold_cp(cp)));
        if (node == ZC_DICT_NONE)
            return ZC_DICT_NONE;
    }
    return node;
}

const char *zc_dict_string(const zc_dict *d, uint32_t off)
{
    return off < d->strings_size ? d->strings + off : "";
}

static const zc_dict_entry *find_entry(const zc_dict *d, const char *w, size_t len,
                                       uint32_t *node_out, uint32_t *index_out)
{
    uint32_t node = zc_dict_walk(d, w, len);
    if (node == ZC_DICT_NONE)
        return NULL;
    uint32_t e = d->node_entry[node];
    if (e >= d->n_entries)
        return NULL;
    if (node_out)
        *node_out = node;
    if (index_out)
        *index_out = e;
    return &d->entries[e];
}

int zc_dict_lookup(const zc_dict *d, const char *word, size_t len, zc_dict_word *out)
{
    uint32_t node, index;
    const zc_dict_entry *e = find_entry(d, word, len, &node, &index);
    if (!e)
        return 0;
    if (out) {
        float lp = zc_dict_node_logp(d->nodes[node]);
        memset(out, 0, sizeof *out);
        out->is_word = (e->flags & ZC_ENTRY_WORD) && lp <= 0;
        out->is_stop = !!(e->flags & ZC_ENTRY_STOP);
        out->is_region = !!(e->flags & ZC_ENTRY_REGION);
        if (out->is_word) {
            out->logp = lp;
            out->freq = exp(lp + d->log_total);
        }
        out->tag = e->tag < d->n_tags ? d->tags[e->tag] : "";
        out->idf = (e->flags & ZC_ENTRY_IDF) ? e->idf : d->idf_default;
        out->entry = index;
    }
    return 1;
}

static unsigned entry_word_flags(const zc_dict_entry *e)
{
    if (!e)
        return 0;
    return ((e->flags & ZC_ENTRY_STOP) ? ZC_WORD_STOP : 0u) |
           ((e->flags & ZC_ENTRY_REGION) ? ZC_WORD_REGION : 0u);
}

unsigned zc_dict_word_flags(const zc_dict *d, const char *word, size_t len)
{
    return entry_word_flags(find_entry(d, word, len, NULL, NULL));
}

unsigned zc_dict_entry_word_flags(const zc_dict *d, uint32_t entry)
{
    return entry_word_flags(entry < d->n_entries ? &d->entries[entry] : NULL);
}

void zc_dict_entry_prefetch(const zc_dict *d, uint32_t entry)
{
    if (entry < d->n_entries)
        __builtin_prefetch(&d->entries[entry]);
}

int zc_dict_is_stop(const zc_dict *d, const char *word, size_t len)
{
    const zc_dict_entry *e = find_entry(d, word, len, NULL, NULL);
    return e && (e->flags & ZC_ENTRY_STOP);
}

float zc_dict_idf(const zc_dict *d, const char *word, size_t len)
{
    const zc_dict_entry *e = find_entry(d, word, len, NULL, NULL);
    return e && (e->flags & ZC_ENTRY_IDF) ? e->idf : d->idf_default;
}

size_t zc_dict_synonyms(const zc_dict *d, const char *word, size_t len, uint32_t *groups,
                        size_t max)
{
    const zc_dict_entry *e = find_entry(d, word, len, NULL, NULL);
    if (!e || e->syn >= d->n_syn_lists)
        return 0;
    size_t n = d->syn_lists[e->syn];
    if (n > d->n_syn_lists - e->syn - 1)
        n = d->n_syn_lists - e->syn - 1;
    for (size_t i = 0; i < n && i < max; i++)
        groups[i] = d->syn_lists[e->syn + 1 + i];
    return n;
}

uint32_t zc_dict_syn_group_size(const zc_dict *d, uint32_t g)
{
    if (g >= d->n_groups)
        return 0;
    const zc_dict_span *s = &d->groups[g];
    if (s->first > d->n_members || s->count > d->n_members - s->first)
        return 0;
    return s->count;
}

const char *zc_dict_syn_group_word(const zc_dict *d, uint32_t g, uint32_t i)
{
    if (i >= zc_dict_syn_group_size(d, g))
        return NULL;
    return zc_dict_string(d, d->members[d->groups[g].first + i]);
}

size_t zc_dict_region_count(const zc_dict *d)
{
    return d->n_regions;
}

int zc_dict_region_get(const zc_dict *d, size_t i, zc_region *out)
{
    if (i >= d->n_regions)
        return 0;
    const zc_dict_region_rec *r = &d->regions[i];
    out->code = zc_dict_string(d, r->code);
    out->name = zc_dict_string(d, r->name);
    out->level = (zc_region_level)r->level;
    out->parent = r->parent >= 0 && (uint32_t)r->parent < i ? r->parent : -1;
    out->n_short = r->shorts <= d->n_region_shorts && r->n_shorts <= d->n_region_shorts - r->shorts
                       ? r->n_shorts
                       : 0;
    return 1;
}

const char *zc_dict_region_short(const zc_dict *d, size_t i, uint32_t k)
{
    zc_region r;
    if (!zc_dict_region_get(d, i, &r) || k >= r.n_short)
        return NULL;
    return zc_dict_string(d, d->region_shorts[d->regions[i].shorts + k]);
}

const char *zc_region_level_name(zc_region_level level)
{
    switch (level) {
    case ZC_REGION_PROVINCE: return "province";
    case ZC_REGION_CITY: return "city";
    case ZC_REGION_COUNTY: return "county";
    }
    return "unknown";
}

/* The first region of a level above `level` (regions are sorted by level). */
static size_t level_end(const zc_dict *d, unsigned level)
{
    size_t lo = 0, hi = d->n_regions;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->regions[mid].level <= level)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

long zc_dict_region_by_code(const zc_dict *d, const char *code)
{
    /* Within each level the regions are sorted by code (dict/compile),
     * which tests/test_dict.c checks. */
    size_t start = 0;
    for (unsigned level = ZC_REGION_PROVINCE; level <= ZC_REGION_COUNTY; level++) {
        size_t lo = start, hi = level_end(d, level);
        start = hi;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(zc_dict_string(d, d->regions[mid].code), code);
            if (c == 0)
                return (long)mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return -1;
}

/* Compares name[0..len) with the pool string at off, as bytes. */
static int cmp_name(const zc_dict *d, const char *name, size_t len, uint32_t off)
{
    const char *s = zc_dict_string(d, off);
    size_t sl = strlen(s);
    int c = memcmp(name, s, len < sl ? len : sl);
    if (c)
        return c;
    return len < sl ? -1 : len > sl;
}

size_t zc_dict_region_find(const zc_dict *d, const char *name, size_t len, uint32_t *out,
                           size_t max)
{
    size_t lo = 0, hi = d->n_region_names;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_name(d, name, len, d->region_index[mid].str) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    uint32_t last = ZC_DICT_NONE;
    for (; lo < d->n_region_names && cmp_name(d, name, len, d->region_index[lo].str) == 0; lo++) {
        uint32_t r = d->region_index[lo].region;
        if (r >= d->n_regions || r == last)
            continue;
        if (n < max)
            out[n] = r;
        n++;
        last = r;
    }
    return n;
}
