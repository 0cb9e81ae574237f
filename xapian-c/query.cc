/* Queries: immutable values built from terms, operators and value ranges. */
#include "xapian-c/internal.hh"

#include <cmath>

namespace
{

bool map_op(zc_xop op, Xapian::Query::op *xop)
{
    switch (op) {
    case ZC_XOP_AND: *xop = Xapian::Query::OP_AND; return true;
    case ZC_XOP_OR: *xop = Xapian::Query::OP_OR; return true;
    case ZC_XOP_AND_NOT: *xop = Xapian::Query::OP_AND_NOT; return true;
    case ZC_XOP_XOR: *xop = Xapian::Query::OP_XOR; return true;
    case ZC_XOP_AND_MAYBE: *xop = Xapian::Query::OP_AND_MAYBE; return true;
    case ZC_XOP_FILTER: *xop = Xapian::Query::OP_FILTER; return true;
    case ZC_XOP_NEAR: *xop = Xapian::Query::OP_NEAR; return true;
    case ZC_XOP_PHRASE: *xop = Xapian::Query::OP_PHRASE; return true;
    case ZC_XOP_ELITE_SET: *xop = Xapian::Query::OP_ELITE_SET; return true;
    case ZC_XOP_SYNONYM: *xop = Xapian::Query::OP_SYNONYM; return true;
    case ZC_XOP_MAX: break;
    }
    return false;
}

int make(Xapian::Query &&q, zc_xquery **out, const zc_xshape &shape = zc_xshape())
{
    auto h = std::make_unique<zc_xquery>();
    h->q = std::move(q);
    h->shape = shape;
    *out = h.release();
    return ZC_OK;
}

/* Balanced trees. What Xapian flattens into one OR or one AND it builds
 * as a chain when the posting lists look alike (see zc_xshape): an OR of
 * 100,000 absent terms, or an AND of 4,000 two-unit phrases, overflows a
 * 256 KB stack. A query whose parts would put more than these into one
 * context is split into groups, each wrapped in OP_SCALE_WEIGHT by 1,
 * which Xapian 1.4 builds on its own (it flattens nothing through it) and
 * which changes no weight; the groups are combined the same way, so the
 * depth grows with the logarithm of the query's size (docs/xapian.md). */
constexpr size_t MAX_ORS = 32;     /* posting lists one OR builds */
constexpr size_t MAX_FILTERS = 64; /* positional filters in one AND */
constexpr size_t MAX_SIDES = 32;   /* its AND_MAYBE and AND_NOT sides */

struct part {
    Xapian::Query q;
    zc_xshape s;
};

bool fits(const zc_xshape &s)
{
    return s.ors <= MAX_ORS && s.filters <= MAX_FILTERS && s.maybes <= MAX_SIDES &&
           s.nots <= MAX_SIDES;
}

/* What an AND-like query of op over ps[b, e) adds to the one above it. */
zc_xshape and_shape(zc_xop op, const std::vector<part> &ps, size_t b, size_t e)
{
    zc_xshape s;
    for (size_t i = b; i < e; i++) {
        const zc_xshape &k = ps[i].s;
        bool side = i > b && (op == ZC_XOP_AND_MAYBE || op == ZC_XOP_AND_NOT);
        if (side && op == ZC_XOP_AND_MAYBE) {
            s.maybes += k.ors;
        } else if (side) {
            s.nots += k.strip;
        } else {
            s.filters += k.filters;
            s.maybes += k.maybes;
            s.nots += k.nots;
        }
    }
    return s;
}

zc_xshape shape_of(zc_xop op, const std::vector<part> &ps, size_t b, size_t e)
{
    zc_xshape s;
    switch (op) {
    case ZC_XOP_OR:
        s.ors = 0;
        for (size_t i = b; i < e; i++)
            s.ors += ps[i].s.ors;
        s.strip = s.ors;
        return s;
    case ZC_XOP_AND:
    case ZC_XOP_FILTER:
    case ZC_XOP_AND_MAYBE:
    case ZC_XOP_AND_NOT: return and_shape(op, ps, b, e);
    case ZC_XOP_PHRASE:
    case ZC_XOP_NEAR: s.filters = 1; return s;
    default: return s; /* built on its own: XOR, ELITE_SET, SYNONYM, MAX */
    }
}

part plain(zc_xop op, Xapian::Query::op xop, const std::vector<part> &ps, size_t b, size_t e,
           Xapian::termcount param)
{
    std::vector<Xapian::Query> qs;
    qs.reserve(e - b);
    for (size_t i = b; i < e; i++)
        qs.push_back(ps[i].q);
    return {Xapian::Query(xop, qs.begin(), qs.end(), param), shape_of(op, ps, b, e)};
}

/* A part built on its own: it adds one posting list wherever it is. */
part barrier(part p)
{
    zc_xshape s;
    s.strip = p.s.ors;
    return {Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, p.q, 1.0), s};
}

/* ps[b, e) as op, in groups that each fit (OR and AND, which are
 * associative; the others keep their subqueries' order, and only the
 * flattened first one, or any of FILTER's, is put on its own). */
part balanced(zc_xop op, Xapian::Query::op xop, std::vector<part> ps, Xapian::termcount param)
{
    if (op != ZC_XOP_OR && op != ZC_XOP_AND) {
        if (!fits(shape_of(op, ps, 0, ps.size())) &&
            (op == ZC_XOP_FILTER || op == ZC_XOP_AND_MAYBE || op == ZC_XOP_AND_NOT)) {
            for (size_t i = 0; i < ps.size(); i++)
                if (i == 0 || op == ZC_XOP_FILTER)
                    ps[i] = barrier(std::move(ps[i]));
        }
        return plain(op, xop, ps, 0, ps.size(), param);
    }
    while (!fits(shape_of(op, ps, 0, ps.size()))) {
        std::vector<part> groups;
        size_t b = 0;
        while (b < ps.size()) {
            /* The longest run from b that fits, summed as it grows. */
            zc_xshape acc = ps[b].s;
            size_t e = b + 1;
            for (; e < ps.size(); e++) {
                zc_xshape next = acc;
                const zc_xshape &k = ps[e].s;
                if (op == ZC_XOP_OR) {
                    next.ors += k.ors;
                } else {
                    next.ors = 1;
                    next.filters += k.filters;
                    next.maybes += k.maybes;
                    next.nots += k.nots;
                }
                if (!fits(next))
                    break;
                acc = next;
            }
            groups.push_back(barrier(e - b == 1 ? std::move(ps[b]) : plain(op, xop, ps, b, e, 0)));
            b = e;
        }
        ps = std::move(groups);
    }
    return plain(op, xop, ps, 0, ps.size(), param);
}

} // namespace

extern "C" {

int zc_xquery_term_n(const char *term, size_t len, unsigned wqf, unsigned pos, zc_xquery **out,
                     zc_error *err)
{
    const char *what = "cannot build term query";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    ZCX_REQUIRE(term, err, what, nullptr);
    /* Xapian reads the empty term as "match everything"; a caller meaning
     * that says so with zc_xquery_match_all. */
    if (len == 0)
        return zc_err_set(err, ZC_ERR_INVALID, "%s: empty term", what);
    try {
        return make(Xapian::Query(std::string(term, len), wqf, pos), out);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_term(const char *term, unsigned wqf, unsigned pos, zc_xquery **out, zc_error *err)
{
    if (!term) {
        if (out)
            *out = nullptr;
        return zc_err_set(err, ZC_ERR_INVALID, "cannot build term query: no term given");
    }
    return zc_xquery_term_n(term, std::strlen(term), wqf, pos, out, err);
}

int zc_xquery_combine(zc_xop op, zc_xquery *const *subs, size_t n, unsigned param, zc_xquery **out,
                      zc_error *err)
{
    const char *what = "cannot combine queries";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    Xapian::Query::op xop;
    if (!map_op(op, &xop))
        return zc_err_set(err, ZC_ERR_INVALID, "%s: unknown operator %d", what, (int)op);
    ZCX_REQUIRE(subs || n == 0, err, what, nullptr);
    for (size_t i = 0; i < n; i++)
        if (!subs[i])
            return zc_err_set(err, ZC_ERR_INVALID, "%s: subquery %zu is NULL", what, i);
    try {
        if (n == 0)
            return make(Xapian::Query(), out);
        std::vector<part> ps;
        ps.reserve(n);
        for (size_t i = 0; i < n; i++)
            ps.push_back({subs[i]->q, subs[i]->shape});
        Xapian::termcount p = 0;
        if (op == ZC_XOP_PHRASE || op == ZC_XOP_NEAR)
            p = param ? param : static_cast<Xapian::termcount>(n);
        else if (op == ZC_XOP_ELITE_SET)
            p = param; /* 0 lets Xapian pick its default size */
        part r = balanced(op, xop, std::move(ps), p);
        return make(std::move(r.q), out, r.s);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_pair(zc_xop op, const zc_xquery *a, const zc_xquery *b, zc_xquery **out,
                   zc_error *err)
{
    if (!a || !b) {
        if (out)
            *out = nullptr;
        return zc_err_set(err, ZC_ERR_INVALID, "cannot combine queries: subquery is NULL");
    }
    zc_xquery *const subs[2] = {const_cast<zc_xquery *>(a), const_cast<zc_xquery *>(b)};
    return zc_xquery_combine(op, subs, 2, 0, out, err);
}

int zc_xquery_scale_weight(const zc_xquery *q, double factor, zc_xquery **out, zc_error *err)
{
    const char *what = "cannot scale query weight";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    ZCX_REQUIRE(q, err, what, nullptr);
    if (!(factor >= 0) || std::isinf(factor))
        return zc_err_set(err, ZC_ERR_INVALID, "%s: factor %g is not a finite number >= 0", what,
                          factor);
    try {
        zc_xshape s; /* built on its own, except on the right of AND_NOT */
        s.strip = q->shape.ors;
        return make(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor), out, s);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_value_range(unsigned slot, const char *lo, size_t lo_len, const char *hi,
                          size_t hi_len, zc_xquery **out, zc_error *err)
{
    const char *what = "cannot build value range query";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    try {
        if (lo && hi)
            return make(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(lo, lo_len),
                                      std::string(hi, hi_len)),
                        out);
        if (lo)
            return make(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string(lo, lo_len)),
                        out);
        if (hi)
            return make(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(hi, hi_len)),
                        out);
        return make(Xapian::Query(std::string()), out); /* see zc_xquery_match_all */
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_match_all(zc_xquery **out, zc_error *err)
{
    const char *what = "cannot build query";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    try {
        /* A query of its own, not a copy of the static Query::MatchAll:
         * copying bumps its reference count, which is not atomic, so
         * threads searching at once would race on it. */
        return make(Xapian::Query(std::string()), out);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_fixed_weight(const zc_xquery *q, double weight, zc_xquery **out, zc_error *err)
{
    const char *what = "cannot build query";
    ZCX_REQUIRE(out && q && weight >= 0, err, what, nullptr);
    *out = nullptr;
    try {
        /* Xapian's stock source (registered by default, so remote shards
         * know it), ANDed with q scaled to nothing. */
        auto *src = new Xapian::FixedWeightPostingSource(weight);
        Xapian::Query fixed(src->release());
        Xapian::Query boolean(Xapian::Query::OP_SCALE_WEIGHT, q->q, 0.0);
        return make(Xapian::Query(Xapian::Query::OP_AND, boolean, fixed), out);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_copy(const zc_xquery *q, zc_xquery **out, zc_error *err)
{
    const char *what = "cannot build query";
    ZCX_REQUIRE(out && q, err, what, nullptr);
    *out = nullptr;
    try {
        return make(Xapian::Query(q->q), out, q->shape);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_match_nothing(zc_xquery **out, zc_error *err)
{
    const char *what = "cannot build query";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    try {
        return make(Xapian::Query(Xapian::Query::MatchNothing), out);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xquery_describe(const zc_xquery *q, char **out, zc_error *err)
{
    const char *what = "cannot describe query";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    ZCX_REQUIRE(q, err, what, nullptr);
    try {
        return zcx::copy_out(q->q.get_description(), out, nullptr, err, what, nullptr);
    }
    ZCX_CATCH(err, what, nullptr)
}

void zc_xquery_free(zc_xquery *q)
{
    try {
        delete q;
    }
    ZCX_CATCH_QUIET()
}

} // extern "C"
