/*
 * Building the double-array trie (Aoe's layout): node t is a child of s by
 * label c when t == base[s] + c and check[t] == s. Keys are sorted, then
 * placed level by level: a node's children are given slots together (the
 * first base at which all their labels land on free slots).
 */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "compile.h"

typedef struct builder {
    const zc_da_input *in;
    uint32_t *order; /* key indexes, sorted */
    zc_da_node *nodes;
    uint32_t *entry;
    unsigned char *used;
    uint32_t *next_free, *prev_free; /* the free slots, a doubly linked list */
    size_t cap;
    size_t size;              /* highest used slot + 1 */
    size_t head;              /* first free slot (cap when none) */
    size_t hint[17];          /* by log2(children): where the last such node went */
    uint16_t labels[1 << 16]; /* scratch: one node's child labels */
} builder;

static int cmp_keys(const void *a, const void *b, void *arg)
{
    const zc_da_input *sort_in = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const uint16_t *kx = sort_in->ids + sort_in->off[x], *ky = sort_in->ids + sort_in->off[y];
    size_t lx = sort_in->len[x], ly = sort_in->len[y];
    for (size_t i = 0; i < lx && i < ly; i++)
        if (kx[i] != ky[i])
            return kx[i] < ky[i] ? -1 : 1;
    return (lx > ly) - (lx < ly);
}

static int grow(builder *b, size_t need)
{
    if (need <= b->cap)
        return ZC_OK;
    size_t cap = b->cap ? b->cap : 1u << 16;
    while (cap < need)
        cap *= 2;
    if (cap > 0xFFFFFFF0u)
        return ZC_ERR_NOMEM;
    zc_da_node *n = realloc(b->nodes, cap * sizeof *n);
    if (!n)
        return ZC_ERR_NOMEM;
    b->nodes = n;
    uint32_t *e = realloc(b->entry, cap * sizeof *e);
    if (!e)
        return ZC_ERR_NOMEM;
    b->entry = e;
    unsigned char *u = realloc(b->used, cap);
    if (!u)
        return ZC_ERR_NOMEM;
    b->used = u;
    uint32_t *nf = realloc(b->next_free, (cap + 1) * sizeof *nf);
    if (!nf)
        return ZC_ERR_NOMEM;
    b->next_free = nf;
    uint32_t *pf = realloc(b->prev_free, (cap + 1) * sizeof *pf);
    if (!pf)
        return ZC_ERR_NOMEM;
    b->prev_free = pf;
    /* Append the new slots to the free list; index cap is the end mark. */
    size_t last = b->prev_free[b->cap]; /* last free slot, or cap if none */
    for (size_t i = b->cap; i < cap; i++) {
        b->nodes[i].base = 0;
        b->nodes[i].check = ZC_DICT_NONE;
        b->nodes[i].logp = ZC_DICT_NOT_WORD;
        b->entry[i] = ZC_DICT_NONE;
        b->used[i] = 0;
        b->prev_free[i] = (uint32_t)(i == b->cap ? last : i - 1);
        b->next_free[i] = (uint32_t)(i + 1);
    }
    if (b->head == b->cap)
        b->head = b->cap;
    else
        b->next_free[last] = (uint32_t)b->cap;
    b->prev_free[cap] = (uint32_t)(cap - 1);
    b->cap = cap;
    return ZC_OK;
}

static void take(builder *b, size_t t)
{
    b->used[t] = 1;
    uint32_t p = b->prev_free[t], n = b->next_free[t];
    if (t == b->head)
        b->head = n;
    else
        b->next_free[p] = n;
    b->prev_free[n] = p;
}

static uint16_t label(const builder *b, size_t k, size_t depth)
{
    uint32_t key = b->order[k];
    return b->in->ids[b->in->off[key] + depth];
}

/* A node waiting for its children to be placed: keys [lo, hi) share
 * their first depth ids and lead to node s. */
typedef struct pending {
    uint32_t s;
    uint32_t depth;
    size_t lo, hi;
} pending;

/* Gives the children of one node their slots; queues them. */
static int place(builder *b, const pending *p, pending **queue, size_t *tail, size_t *cap)
{
    uint32_t s = p->s;
    size_t lo = p->lo, hi = p->hi, depth = p->depth;
    if (lo < hi && b->in->len[b->order[lo]] == depth) {
        uint32_t key = b->order[lo];
        b->entry[s] = key;
        b->nodes[s].logp = b->in->logp[key];
        lo++;
    }
    if (lo == hi)
        return ZC_OK;
    uint16_t *labels = b->labels;
    size_t nl = 0;
    for (size_t k = lo; k < hi; k++) {
        uint16_t c = label(b, k, depth);
        if (nl == 0 || labels[nl - 1] != c)
            labels[nl++] = c;
    }
    /* The first base where every child slot is free, trying the free
     * slots in order for the first child. */
    size_t pos = b->head, base;
    int width = 0;
    while ((nl >> width) > 1)
        width++;
    if (width > 0 && b->hint[width] > pos) {
        /* Nodes as wide as this one failed everywhere before the hint. */
        pos = b->hint[width];
        while (pos < b->cap && b->used[pos])
            pos++;
    }
    while (pos <= labels[0]) {
        if (pos == b->cap && grow(b, b->cap + 1))
            return ZC_ERR_NOMEM;
        pos = b->next_free[pos];
    }
    for (;;) {
        if (pos == b->cap && grow(b, b->cap + 1))
            return ZC_ERR_NOMEM;
        base = pos - labels[0];
        if (grow(b, base + labels[nl - 1] + 1))
            return ZC_ERR_NOMEM;
        size_t i = 1;
        while (i < nl && !b->used[base + labels[i]])
            i++;
        if (i == nl)
            break;
        pos = b->next_free[pos];
    }
    b->hint[width] = pos;
    b->nodes[s].base = (uint32_t)base;
    for (size_t i = 0; i < nl; i++) {
        size_t t = base + labels[i];
        take(b, t);
        b->nodes[t].check = s;
        if (t + 1 > b->size)
            b->size = t + 1;
    }
    /* Queue the children, in label order. */
    for (size_t k = lo; k < hi;) {
        uint16_t c = label(b, k, depth);
        size_t e = k + 1;
        while (e < hi && label(b, e, depth) == c)
            e++;
        if (*tail == *cap) {
            size_t nc = *cap ? *cap * 2 : 4096;
            pending *q = realloc(*queue, nc * sizeof *q);
            if (!q)
                return ZC_ERR_NOMEM;
            *queue = q;
            *cap = nc;
        }
        (*queue)[(*tail)++] = (pending){(uint32_t)(base + c), (uint32_t)depth + 1, k, e};
        k = e;
    }
    return ZC_OK;
}

/* Breadth first: all nodes of one depth are placed before the next, so
 * the nodes of short prefixes, which every lookup goes through, sit
 * together in the first part of the array (a smaller working set). */
static int place_all(builder *b)
{
    pending *queue = malloc(sizeof *queue);
    size_t head = 0, tail = 0, cap = 1;
    if (!queue)
        return ZC_ERR_NOMEM;
    queue[tail++] = (pending){0, 0, 0, b->in->n};
    int rc = ZC_OK;
    while (head < tail && rc == ZC_OK) {
        pending p = queue[head++];
        rc = place(b, &p, &queue, &tail, &cap);
        if (head > 65536 && head * 2 > tail) { /* drop the done part */
            memmove(queue, queue + head, (tail - head) * sizeof *queue);
            tail -= head;
            head = 0;
        }
    }
    free(queue);
    return rc;
}

int zc_da_build(const zc_da_input *in, zc_da_node **nodes, uint32_t **node_entry, uint32_t *n_nodes,
                zc_error *err)
{
    builder *b = calloc(1, sizeof *b); /* large: the label scratch */
    if (!b)
        return zc_err_set(err, ZC_ERR_NOMEM, "out of memory building the trie");
    b->in = in;
    b->prev_free = calloc(1, sizeof *b->prev_free); /* the end mark of an empty list */
    b->order = malloc((in->n ? in->n : 1) * sizeof *b->order);
    int rc = b->order && b->prev_free ? grow(b, 1u << 16) : ZC_ERR_NOMEM;
    if (rc == ZC_OK) {
        for (size_t i = 0; i < in->n; i++)
            b->order[i] = (uint32_t)i;
        qsort_r(b->order, in->n, sizeof *b->order, cmp_keys, (void *)in);
        for (size_t i = 1; i < in->n && rc == ZC_OK; i++)
            if (cmp_keys(&b->order[i - 1], &b->order[i], (void *)in) == 0)
                rc = zc_err_set(err, ZC_ERR_INVALID, "duplicate key in the trie");
        for (size_t i = 0; i < in->n && rc == ZC_OK; i++)
            if (in->len[i] == 0)
                rc = zc_err_set(err, ZC_ERR_INVALID, "empty key in the trie");
    }
    if (rc == ZC_OK) {
        take(b, 0); /* the root */
        b->size = 1;
        rc = place_all(b);
    }
    if (rc == ZC_ERR_NOMEM)
        zc_err_set(err, rc, "out of memory building the trie");
    free(b->order);
    free(b->used);
    free(b->next_free);
    free(b->prev_free);
    if (rc) {
        free(b->nodes);
        free(b->entry);
    } else {
        *nodes = b->nodes;
        *node_entry = b->entry;
        *n_nodes = (uint32_t)b->size;
    }
    free(b);
    return rc;
}
