/*
 * The most probable path through a block (jieba's calc): from the end
 * backwards, best[i] = max over tokens [i, e) of logp(token) + best[e].
 * Tokens are the dictionary words found by walking the trie from i, the
 * character alone, Chinese numeral expressions, the user dictionary's
 * words, and at the start of a number or Latin token that token (forced:
 * nothing may start or end inside it). Ties go to the longer token.
 */
#include "text/seg_internal.h"

static inline int boundary(const zc_block *b, size_t e)
{
    return e == b->n || !b->inner[e];
}

typedef struct cand {
    double best;
    uint32_t next;
    uint32_t node; /* the trie node of the token's text, or ZC_ROUTE_NODE_UNKNOWN */
    uint8_t kind;
} cand;

static inline void offer(cand *c, double v, size_t end, uint8_t kind, uint32_t node)
{
    if (v > c->best || (v == c->best && end > c->next)) {
        c->best = v;
        c->next = (uint32_t)end;
        c->kind = kind;
        c->node = node;
    }
}

/* Offers the user dictionary's words from i; returns a mask of their
 * lengths - 1 (those spans are not taken from the compiled dictionary). */
static uint64_t user_words(const zc_seg *s, const zc_block *b, size_t i, size_t min_end, cand *c,
                           float *single)
{
    uint64_t mask = 0, h = zc_udict_hash_start();
    size_t lim = b->n < i + 64 ? b->n : i + 64;
    for (size_t k = i; k < lim; k++) {
        h = zc_udict_hash_step(h, zc_dict_fold_cp(b->cp[k]));
        const zc_uentry *e = zc_udict_find(&s->user, b->cp + i, k + 1 - i, h);
        if (!e)
            break;
        if (!e->is_word)
            continue;
        mask |= 1ULL << (k - i);
        if (k == i)
            *single = e->logp;
        if (k + 1 >= min_end && boundary(b, k + 1))
            offer(c, e->logp + b->best[k + 1], k + 1, ZC_EDGE_WORD, ZC_ROUTE_NODE_UNKNOWN);
    }
    return mask;
}

/*
 * The trie is too big for the caches and a walk is a chain of dependent
 * loads, so the second and third characters' nodes are fetched for the
 * whole block first, with prefetches that the memory system serves in
 * parallel; the walks below then mostly hit the cache. The pair filter
 * spares the fetch where no word starts with the two characters.
 */
static void prefetch_nodes(const zc_dict *d, zc_block *b)
{
    const zc_dict_node *nodes = d->nodes;
    size_t n = b->n;
    if (n < 2) {
        if (n)
            b->node2[0] = ZC_DICT_NONE;
        return;
    }
    /* Backwards, as the route: what it needs first is fetched first. */
    for (size_t i = n - 1; i-- > 0;) {
        uint32_t s1 = ZC_DICT_NONE;
        if (zc_dict_pair_maybe(d, b->cid[i], b->cid[i + 1])) {
            s1 = zc_dict_step(d, 0, b->cid[i]);
            if (s1 != ZC_DICT_NONE)
                __builtin_prefetch(&nodes[zc_dict_node_base(nodes[s1]) + b->cid[i + 1]]);
        }
        b->node2[i] = s1;
    }
    for (size_t i = n - 1; i-- > 0;) {
        uint32_t s1 = b->node2[i];
        uint32_t s2 = s1 == ZC_DICT_NONE ? s1 : zc_dict_step(d, s1, b->cid[i + 1]);
        b->node2[i] = s2;
        if (s2 != ZC_DICT_NONE && i + 2 < n)
            __builtin_prefetch(&nodes[zc_dict_node_base(nodes[s2]) + b->cid[i + 2]]);
    }
    b->node2[n - 1] = ZC_DICT_NONE;
}

void zc_route(zc_seg *s, zc_block *b)
{
    const zc_dict *d = s->d;
    const zc_dict_node *nodes = d->nodes;
    size_t n = b->n;
    uint32_t ends[8];
    b->best[n] = 0;
    prefetch_nodes(d, b);
    for (size_t i = n; i-- > 0;) {
        if (b->inner[i])
            continue;
        cand c;
        size_t min_end;
        uint32_t node = 0;
        size_t k = i;
        uint64_t umask = 0;
        float single = ZC_DICT_NOT_WORD;
        if (b->atom[i]) {
            c.next = b->atom[i];
            c.kind = b->atom_kind[i];
            c.best = s->atom_logp + b->best[c.next];
            c.node = ZC_ROUTE_NODE_UNKNOWN;
            min_end = c.next + 1; /* only longer dictionary words (3D打印) */
            if (s->user.words)
                umask = user_words(s, b, i, min_end, &c, &single);
        } else {
            c.best = -1e300;
            c.next = 0;
            c.node = ZC_ROUTE_NODE_UNKNOWN;
            c.kind = ZC_EDGE_WORD;
            min_end = i + 2;
            if (s->user.words)
                umask = user_words(s, b, i, i + 1, &c, &single);
            node = zc_dict_step(d, 0, b->cid[i]);
            if (!(umask & 1)) {
                if (node != ZC_DICT_NONE)
                    single = zc_dict_node_logp(nodes[node]);
                offer(&c, (single <= 0 ? single : s->unknown_logp) + b->best[i + 1], i + 1,
                      ZC_EDGE_WORD, node);
            }
            if (b->cls[i] == ZC_CL_HAN && zc_num_may_start_cn(b->cp[i])) {
                size_t ne = zc_num_cn_ends(b, i, ends);
                for (size_t q = 0; q < ne; q++)
                    if (boundary(b, ends[q]))
                        offer(&c, s->atom_logp + b->best[ends[q]], ends[q], ZC_EDGE_CNUM,
                              ZC_ROUTE_NODE_UNKNOWN);
            }
            if (node == ZC_DICT_NONE)
                goto done;
            /* The second character's node is known already. */
            node = b->node2[i];
            if (node == ZC_DICT_NONE)
                goto done;
            float lp2 = zc_dict_node_logp(nodes[node]);
            if (lp2 <= 0 && boundary(b, i + 2) && !(umask & 2))
                offer(&c, lp2 + b->best[i + 2], i + 2, ZC_EDGE_WORD, node);
            k = i + 2;
        }
        b->single[i] = single;
        /* Dictionary words from i. */
        for (; k < n; k++) {
            node = zc_dict_step(d, node, b->cid[k]);
            if (node == ZC_DICT_NONE)
                break;
            float lp = zc_dict_node_logp(nodes[node]);
            if (lp <= 0 && k + 1 >= min_end && boundary(b, k + 1) &&
                !(k - i < 64 && (umask >> (k - i) & 1)))
                offer(&c, lp + b->best[k + 1], k + 1, ZC_EDGE_WORD, node);
        }
    done:
        b->single[i] = single;
        b->best[i] = c.best;
        b->next[i] = c.next;
        b->kind[i] = c.kind;
        b->wnode[i] = c.node;
    }
}

double zc_route_span_logp(const zc_seg *s, const zc_block *b, size_t a, size_t e)
{
    if (s->user.words && e - a <= 64) {
        uint64_t h = zc_udict_hash_start();
        for (size_t k = a; k < e; k++)
            h = zc_udict_hash_step(h, zc_dict_fold_cp(b->cp[k]));
        const zc_uentry *u = zc_udict_find(&s->user, b->cp + a, e - a, h);
        if (u && u->is_word)
            return u->logp;
    }
    uint32_t node = 0;
    for (size_t k = a; k < e && node != ZC_DICT_NONE; k++)
        node = zc_dict_step(s->d, node, b->cid[k]);
    if (node == ZC_DICT_NONE)
        return ZC_DICT_NOT_WORD;
    float lp = zc_dict_node_logp(s->d->nodes[node]);
    return lp <= 0 ? lp : ZC_DICT_NOT_WORD;
}
