/*
 * Unknown words: jieba's finalseg model, a 4-state HMM (B begin, M middle,
 * E end, S single) over characters, decoded with Viterbi. Its parameters
 * come from jieba's prob_*.py through the compiled dictionary. Sums are
 * taken in double: missing emissions stand at -3e38 and must still add up.
 */
#include "text/seg_internal.h"

/* The states each state may follow (jieba's PrevStatus). */
static const int prev_states[4][2] = {
    [ZC_HMM_B] = {ZC_HMM_E, ZC_HMM_S},
    [ZC_HMM_M] = {ZC_HMM_M, ZC_HMM_B},
    [ZC_HMM_E] = {ZC_HMM_B, ZC_HMM_M},
    [ZC_HMM_S] = {ZC_HMM_S, ZC_HMM_E},
};

/* jieba breaks ties between equal scores by the state's letter (B < E <
 * M < S); so do we, so that results match it. */
static const int letter_rank[4] = {[ZC_HMM_B] = 0, [ZC_HMM_E] = 1, [ZC_HMM_M] = 2, [ZC_HMM_S] = 3};

static int better(double p, int s, double q, int t)
{
    return p > q || (p == q && letter_rank[s] > letter_rank[t]);
}

size_t zc_hmm_cut(const zc_dict *d, const uint16_t *cid, size_t n, uint8_t *path, uint32_t *ends)
{
    if (n == 0)
        return 0;
    const zc_dict_header *h = d->h;
    double v[4], nv[4];
    for (int s = 0; s < 4; s++)
        v[s] = h->hmm_start[s] + d->emit[cid[0]][s];
    for (size_t t = 1; t < n; t++) {
        const float *em = d->emit[cid[t]];
        for (int y = 0; y < 4; y++) {
            int a = prev_states[y][0], b = prev_states[y][1];
            double pa = v[a] + h->hmm_trans[a][y];
            double pb = v[b] + h->hmm_trans[b][y];
            int from = better(pa, a, pb, b) ? a : b;
            nv[y] = (from == a ? pa : pb) + em[y];
            path[t * 4 + (size_t)y] = (uint8_t)from;
        }
        for (int y = 0; y < 4; y++)
            v[y] = nv[y];
    }
    int state = better(v[ZC_HMM_E], ZC_HMM_E, v[ZC_HMM_S], ZC_HMM_S) ? ZC_HMM_E : ZC_HMM_S;
    /* Walk back, recording where words end (a word ends at E or S). */
    size_t k = 0;
    for (size_t t = n; t-- > 0;) {
        if (state == ZC_HMM_E || state == ZC_HMM_S)
            ends[k++] = (uint32_t)t + 1;
        if (t > 0)
            state = path[t * 4 + (size_t)state];
    }
    /* Recorded back to front. */
    for (size_t i = 0; i < k / 2; i++) {
        uint32_t x = ends[i];
        ends[i] = ends[k - 1 - i];
        ends[k - 1 - i] = x;
    }
    return k;
}
