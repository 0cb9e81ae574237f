#include "dict/suggest.h"

#include <math.h>

double zc_suggest_freq(size_t n, zc_span_logp_fn span_logp, void *ctx, double log_total,
                       double floor)
{
    if (n < 2 || n > ZC_WORD_MAX_CHARS)
        return floor;
    double best[ZC_WORD_MAX_CHARS + 1];
    best[n] = 0;
    for (size_t a = n; a-- > 0;) {
        best[a] = -INFINITY;
        for (size_t b = a + 1; b <= n; b++) {
            if (a == 0 && b == n)
                continue;
            double lp = span_logp(ctx, a, b);
            if (lp > 0) {
                if (b != a + 1)
                    continue;
                lp = -log_total; /* an unknown character: frequency 1 */
            }
            if (lp + best[b] > best[a])
                best[a] = lp + best[b];
        }
    }
    double f = exp(best[0] + log_total) + 1;
    return f > floor ? f : floor;
}
