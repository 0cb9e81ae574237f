/* Laying out and writing the compiled dictionary (dict/dict_format.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "common/err.h"
#include "common/utf8.h"
#include "compile.h"

typedef struct out {
    FILE *f;
    uint64_t pos;
    XXH3_state_t *hash;
    int failed;
} out;

static void put(out *o, const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, o->f) != n)
        o->failed = 1;
    if (n)
        XXH3_64bits_update(o->hash, p, n);
    o->pos += n;
}

static void section(out *o, zc_dict_header *h, int id, const void *p, size_t n)
{
    static const char zeros[ZC_DICT_ALIGN];
    size_t padding = (ZC_DICT_ALIGN - o->pos % ZC_DICT_ALIGN) % ZC_DICT_ALIGN;
    put(o, zeros, padding);
    h->sections[id].off = o->pos;
    h->sections[id].size = n;
    put(o, p, n);
}

/* Everything derived from the entries, freed together. */
typedef struct layout {
    uint32_t *cp_id; /* [0x110000]: code point -> char id */
    uint32_t n_chars;
    uint16_t *cmap; /* [65536] */
    zc_dict_cpair *supp;
    uint32_t n_supp;
    uint16_t *ids; /* key ids, all keys */
    uint32_t *off;
    uint16_t *len;
    float *logp;
    zc_da_node *nodes;
    zc_dict_node *packed;
    uint32_t *node_entry;
    uint32_t n_nodes;
    zc_dict_entry *entries;
    uint32_t n_words;
    float (*emit)[4];
    zc_buf syn_lists; /* uint32 values */
    zc_buf members;   /* uint32 string offsets */
    zc_buf strings;
    zc_dict_region_rec *regions;
    zc_buf shorts; /* uint32 */
    zc_dict_name_ref *names;
    uint32_t n_names;
    uint64_t *pairs;
} layout;

static void layout_free(layout *l)
{
    free(l->cp_id);
    free(l->cmap);
    free(l->supp);
    free(l->ids);
    free(l->off);
    free(l->len);
    free(l->logp);
    free(l->nodes);
    free(l->packed);
    free(l->node_entry);
    free(l->entries);
    free(l->emit);
    zc_buf_free(&l->syn_lists);
    zc_buf_free(&l->members);
    zc_buf_free(&l->strings);
    free(l->regions);
    zc_buf_free(&l->shorts);
    free(l->names);
    free(l->pairs);
}

typedef struct cp_count {
    uint32_t cp, count;
} cp_count;

static int cmp_count(const void *a, const void *b)
{
    const cp_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

/* Numbers the characters of all keys and of the HMM table. */
static int number_chars(const zc_dictc *c, layout *l, zc_error *err)
{
    uint32_t *count = calloc(0x110000, sizeof *count);
    l->cp_id = calloc(0x110000, sizeof *l->cp_id);
    l->cmap = calloc(65536, sizeof *l->cmap);
    if (!count || !l->cp_id || !l->cmap) {
        free(count);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory numbering characters");
    }
    const zc_wordtab *t = &c->words;
    for (size_t e = 0; e < t->n; e++) {
        const char *k = zc_wordtab_key(t, e);
        for (size_t i = 0; i < t->w[e].key_len;) {
            uint32_t cp;
            size_t n = zc_utf8_decode(k + i, t->w[e].key_len - i, &cp);
            i += n ? n : 1;
            count[cp] += count[cp] < 0xFFFFFFF0u ? 2 : 0;
        }
    }
    for (size_t i = 0; i < c->n_emit; i++)
        count[c->emit_cp[i]] |= 1; /* present, even if in no key */
    size_t n = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++)
        n += count[cp] != 0;
    cp_count *all = malloc((n ? n : 1) * sizeof *all);
    if (!all) {
        free(count);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory numbering characters");
    }
    n = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++)
        if (count[cp])
            all[n++] = (cp_count){cp, count[cp]};
    free(count);
    if (n > 0xFFFF) {
        free(all);
        return zc_err_set(err, ZC_ERR_INVALID, "too many distinct characters (%zu)", n);
    }
    qsort(all, n, sizeof *all, cmp_count);
    for (size_t i = 0; i < n; i++) {
        l->cp_id[all[i].cp] = (uint32_t)i + 1;
        l->n_supp += all[i].cp > 0xFFFF;
    }
    l->n_chars = (uint32_t)n;
    free(all);
    for (uint32_t cp = 0; cp < 65536; cp++)
        l->cmap[cp] = (uint16_t)l->cp_id[zc_dict_fold_cp(cp)];
    l->supp = malloc((l->n_supp ? l->n_supp : 1) * sizeof *l->supp);
    if (!l->supp)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory numbering characters");
    size_t k = 0;
    for (uint32_t cp = 0x10000; cp < 0x110000; cp++)
        if (l->cp_id[cp])
            l->supp[k++] = (zc_dict_cpair){cp, l->cp_id[cp]};
    return ZC_OK;
}

static int build_trie(const zc_dictc *c, layout *l, zc_error *err)
{
    const zc_wordtab *t = &c->words;
    size_t total_chars = 0;
    for (size_t e = 0; e < t->n; e++)
        total_chars += t->w[e].key_len; /* bytes: an upper bound on characters */
    l->ids = malloc((total_chars ? total_chars : 1) * sizeof *l->ids);
    l->off = malloc((t->n ? t->n : 1) * sizeof *l->off);
    l->len = malloc((t->n ? t->n : 1) * sizeof *l->len);
    l->logp = malloc((t->n ? t->n : 1) * sizeof *l->logp);
    if (!l->ids || !l->off || !l->len || !l->logp)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building keys");
    double log_total = log(c->total > 1 ? c->total : 1);
    size_t pos = 0;
    for (size_t e = 0; e < t->n; e++) {
        const char *k = zc_wordtab_key(t, e);
        l->off[e] = (uint32_t)pos;
        for (size_t i = 0; i < t->w[e].key_len;) {
            uint32_t cp;
            size_t n = zc_utf8_decode(k + i, t->w[e].key_len - i, &cp);
            i += n ? n : 1;
            l->ids[pos++] = (uint16_t)l->cp_id[cp];
        }
        l->len[e] = (uint16_t)(pos - l->off[e]);
        const zc_cword *w = &t->w[e];
        int word = (w->flags & ZC_ENTRY_WORD) && w->freq > 0;
        l->logp[e] = word ? (float)(log(w->freq) - log_total) : ZC_DICT_NOT_WORD;
        if (word && l->logp[e] > 0)
            l->logp[e] = 0;
        l->n_words += word;
    }
    l->pairs = calloc((1u << ZC_DICT_PAIR_BITS) / 64, sizeof *l->pairs);
    if (!l->pairs)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building keys");
    for (size_t e = 0; e < t->n; e++) {
        if (l->len[e] < 2)
            continue;
        uint32_t h = zc_dict_pair_hash(l->ids[l->off[e]], l->ids[l->off[e] + 1]);
        l->pairs[h >> 6] |= 1ULL << (h & 63);
    }
    zc_da_input in = {l->ids, l->off, l->len, l->logp, t->n};
    int rc = zc_da_build(&in, &l->nodes, &l->node_entry, &l->n_nodes, err);
    if (rc)
        return rc;
    if (l->n_nodes >= ZC_DICT_IDX_MASK)
        return zc_err_set(err, ZC_ERR_INVALID, "the trie has too many nodes (%u)", l->n_nodes);
    l->packed = malloc((size_t)l->n_nodes * sizeof *l->packed);
    if (!l->packed)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory packing the trie");
    for (uint32_t i = 0; i < l->n_nodes; i++) {
        const zc_da_node *nd = &l->nodes[i];
        uint64_t check = nd->check == ZC_DICT_NONE ? ZC_DICT_IDX_MASK : nd->check;
        uint64_t q = ZC_DICT_Q_NONE;
        if (nd->logp <= 0) {
            double v = -(double)nd->logp * ZC_DICT_LOGP_SCALE + 0.5;
            q = v >= ZC_DICT_Q_NONE - 1 ? ZC_DICT_Q_NONE - 1 : (uint64_t)v;
        }
        l->packed[i] = (uint64_t)nd->base | check << ZC_DICT_IDX_BITS | q << 44;
    }
    return ZC_OK;
}

static uint32_t add_string(layout *l, const char *s)
{
    uint32_t off = (uint32_t)l->strings.len;
    if (zc_buf_append(&l->strings, s, strlen(s) + 1))
        return ZC_DICT_NONE;
    return off;
}

static int put_u32(zc_buf *b, uint32_t v)
{
    return zc_buf_append(b, &v, sizeof v);
}

typedef struct pair {
    uint32_t a, b;
} pair;

static int cmp_pair(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* Entries with their synonym lists; the synonym groups' members. */
static int build_entries(const zc_dictc *c, layout *l, zc_error *err)
{
    const zc_wordtab *t = &c->words;
    l->entries = calloc(t->n ? t->n : 1, sizeof *l->entries);
    pair *pairs = malloc((c->n_syn_members ? c->n_syn_members : 1) * sizeof *pairs);
    if (!l->entries || !pairs || put_u32(&l->syn_lists, 0)) {
        free(pairs);
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building entries");
    }
    size_t np = 0;
    for (uint32_t g = 0; g < c->n_syn_groups; g++) {
        for (uint32_t k = 0; k < c->syn_groups[g].count; k++) {
            uint32_t e = c->syn_members[c->syn_groups[g].first + k];
            pairs[np++] = (pair){e, g};
            uint32_t s = add_string(l, zc_wordtab_key(t, e));
            if (s == ZC_DICT_NONE || put_u32(&l->members, s)) {
                free(pairs);
                return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building synonyms");
            }
        }
    }
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    for (size_t i = 0; i < np;) {
        size_t j = i;
        uint32_t e = pairs[i].a;
        l->entries[e].syn = (uint32_t)(l->syn_lists.len / 4);
        size_t count_at = l->syn_lists.len;
        uint32_t count = 0;
        int rc = put_u32(&l->syn_lists, 0);
        for (; j < np && pairs[j].a == e; j++) {
            if (j > i && pairs[j].b == pairs[j - 1].b)
                continue;
            rc |= put_u32(&l->syn_lists, pairs[j].b);
            count++;
        }
        if (rc) {
            free(pairs);
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building synonyms");
        }
        memcpy(l->syn_lists.data + count_at, &count, 4);
        i = j;
    }
    free(pairs);
    for (size_t e = 0; e < t->n; e++) {
        l->entries[e].idf = t->w[e].idf;
        l->entries[e].tag = t->w[e].tag;
        l->entries[e].flags = t->w[e].flags;
        if (!(t->w[e].freq > 0))
            l->entries[e].flags &= (uint8_t)~ZC_ENTRY_WORD;
    }
    return ZC_OK;
}

static int cmp_name(const void *x, const void *y, void *pool)
{
    const char *sort_pool = pool;
    const zc_dict_name_ref *p = x, *q = y;
    int c = strcmp(sort_pool + p->str, sort_pool + q->str);
    return c ? c : (p->region > q->region) - (p->region < q->region);
}

static int build_regions(const zc_dictc *c, layout *l, zc_error *err)
{
    size_t names = 0;
    for (size_t i = 0; i < c->n_regions; i++)
        names += 1 + c->regions[i].n_shorts;
    l->regions = calloc(c->n_regions ? c->n_regions : 1, sizeof *l->regions);
    l->names = malloc((names ? names : 1) * sizeof *l->names);
    if (!l->regions || !l->names)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building regions");
    int rc = 0;
    for (size_t i = 0; i < c->n_regions; i++) {
        const zc_creg *r = &c->regions[i];
        zc_dict_region_rec *o = &l->regions[i];
        o->code = add_string(l, r->code);
        o->name = add_string(l, r->name);
        o->parent = r->parent;
        o->level = (uint8_t)r->level;
        o->shorts = (uint32_t)(l->shorts.len / 4);
        o->n_shorts = (uint16_t)r->n_shorts;
        l->names[l->n_names++] = (zc_dict_name_ref){o->name, (uint32_t)i};
        for (size_t k = 0; k < r->n_shorts; k++) {
            uint32_t s = add_string(l, r->shorts[k]);
            rc |= s == ZC_DICT_NONE || put_u32(&l->shorts, s);
            l->names[l->n_names++] = (zc_dict_name_ref){s, (uint32_t)i};
        }
        if (rc || o->code == ZC_DICT_NONE || o->name == ZC_DICT_NONE)
            return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building regions");
    }
    qsort_r(l->names, l->n_names, sizeof *l->names, cmp_name, l->strings.data);
    return ZC_OK;
}

int zc_dictc_write(zc_dictc *c, const char *path, zc_error *err)
{
    layout l;
    memset(&l, 0, sizeof l);
    int rc = zc_buf_putc(&l.strings, '\0') ? zc_err_set(err, ZC_ERR_NOMEM, "out of memory") : ZC_OK;
    if (rc == ZC_OK)
        rc = number_chars(c, &l, err);
    if (rc == ZC_OK)
        rc = build_trie(c, &l, err);
    if (rc == ZC_OK)
        rc = build_entries(c, &l, err);
    if (rc == ZC_OK)
        rc = build_regions(c, &l, err);
    if (rc == ZC_OK && !(l.emit = malloc(((size_t)l.n_chars + 1) * sizeof *l.emit)))
        rc = zc_err_set(err, ZC_ERR_NOMEM, "out of memory");
    if (rc) {
        layout_free(&l);
        return rc;
    }
    for (size_t i = 0; i <= l.n_chars; i++)
        for (int s = 0; s < 4; s++)
            l.emit[i][s] = ZC_DICT_EMIT_MIN;
    for (size_t i = 0; i < c->n_emit; i++)
        memcpy(l.emit[l.cp_id[c->emit_cp[i]]], c->emit[i], sizeof l.emit[0]);

    zc_dict_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, ZC_DICT_MAGIC, 8);
    h.version = ZC_DICT_VERSION;
    h.header_size = ZC_DICT_HEADER_SIZE;
    h.n_nodes = l.n_nodes;
    h.n_entries = (uint32_t)c->words.n;
    h.n_chars = l.n_chars;
    h.n_tags = c->n_tags ? c->n_tags : 1;
    h.n_supp = l.n_supp;
    h.n_groups = (uint32_t)c->n_syn_groups;
    h.n_regions = (uint32_t)c->n_regions;
    h.n_region_names = l.n_names;
    h.n_words = l.n_words;
    h.idf_default = c->idf_default;
    h.log_total = log(c->total > 1 ? c->total : 1);
    memcpy(h.hmm_start, c->hmm_start, sizeof h.hmm_start);
    memcpy(h.hmm_trans, c->hmm_trans, sizeof h.hmm_trans);

    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    out o = {fopen(tmp, "wb"), 0, XXH3_createState(), 0};
    if (!o.f || !o.hash) {
        rc = zc_err_set(err, ZC_ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
    } else {
        XXH3_64bits_reset(o.hash);
        char zero_header[sizeof h];
        memset(zero_header, 0, sizeof zero_header);
        if (fwrite(zero_header, 1, sizeof zero_header, o.f) != sizeof zero_header)
            o.failed = 1;
        o.pos = sizeof h;
        section(&o, &h, ZC_SEC_CMAP_BMP, l.cmap, 65536 * 2);
        section(&o, &h, ZC_SEC_CMAP_SUPP, l.supp, l.n_supp * sizeof *l.supp);
        section(&o, &h, ZC_SEC_NODES, l.packed, (size_t)l.n_nodes * sizeof *l.packed);
        section(&o, &h, ZC_SEC_NODE_ENTRY, l.node_entry, (size_t)l.n_nodes * 4);
        section(&o, &h, ZC_SEC_ENTRIES, l.entries, c->words.n * sizeof *l.entries);
        section(&o, &h, ZC_SEC_EMIT, l.emit, ((size_t)l.n_chars + 1) * sizeof *l.emit);
        section(&o, &h, ZC_SEC_TAGS, c->tags, (size_t)h.n_tags * 8);
        section(&o, &h, ZC_SEC_SYN_LISTS, l.syn_lists.data, l.syn_lists.len);
        section(&o, &h, ZC_SEC_SYN_GROUPS, c->syn_groups, c->n_syn_groups * sizeof(zc_dict_span));
        section(&o, &h, ZC_SEC_SYN_MEMBERS, l.members.data, l.members.len);
        section(&o, &h, ZC_SEC_REGIONS, l.regions, c->n_regions * sizeof *l.regions);
        section(&o, &h, ZC_SEC_REGION_SHORTS, l.shorts.data, l.shorts.len);
        section(&o, &h, ZC_SEC_REGION_INDEX, l.names, (size_t)l.n_names * sizeof *l.names);
        section(&o, &h, ZC_SEC_STRINGS, l.strings.data, l.strings.len);
        section(&o, &h, ZC_SEC_PAIRS, l.pairs, (1u << ZC_DICT_PAIR_BITS) / 8);
        h.file_size = o.pos;
        h.payload_hash = XXH3_64bits_digest(o.hash);
        h.header_hash = 0;
        h.header_hash = XXH3_64bits(&h, sizeof h);
        if (fseek(o.f, 0, SEEK_SET) != 0 || fwrite(&h, 1, sizeof h, o.f) != sizeof h)
            o.failed = 1;
        if (fclose(o.f) != 0)
            o.failed = 1;
        o.f = NULL;
        if (o.failed)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
        else if (rename(tmp, path) != 0)
            rc = zc_err_set(err, ZC_ERR_IO, "cannot rename '%s' to '%s': %s", tmp, path,
                            strerror(errno));
        if (rc)
            remove(tmp);
    }
    if (o.f)
        fclose(o.f);
    XXH3_freeState(o.hash);
    if (rc == ZC_OK && !c->quiet)
        fprintf(stderr,
                "zhengce-dictc: %s: %u words, %u entries, %u characters, %u trie slots, "
                "%zu regions, %zu synonym groups, %.1f MB\n",
                path, l.n_words, h.n_entries, l.n_chars, l.n_nodes, c->n_regions, c->n_syn_groups,
                h.file_size / 1e6);
    layout_free(&l);
    return rc;
}
