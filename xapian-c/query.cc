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

int make(Xapian::Query &&q, zc_xquery **out)
{
    auto h = std::make_unique<zc_xquery>();
    h->q = std::move(q);
    *out = h.release();
    return ZC_OK;
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
        std::vector<Xapian::Query> qs;
        qs.reserve(n);
        for (size_t i = 0; i < n; i++)
            qs.push_back(subs[i]->q);
        Xapian::termcount p = 0;
        if (op == ZC_XOP_PHRASE || op == ZC_XOP_NEAR)
            p = param ? param : static_cast<Xapian::termcount>(n);
        else if (op == ZC_XOP_ELITE_SET)
            p = param; /* 0 lets Xapian pick its default size */
        return make(Xapian::Query(xop, qs.begin(), qs.end(), p), out);
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
        return make(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor), out);
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
        return make(Xapian::Query(q->q), out);
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

int zc_xquery_is_empty(const zc_xquery *q)
{
    return !q || q->q.empty();
}

void zc_xquery_free(zc_xquery *q)
{
    try {
        delete q;
    }
    ZCX_CATCH_QUIET()
}

} // extern "C"
