/* Searching: enquire sessions, result pages (MSet) and expand sets (ESet).
 * The facet counting spies are in spy.cc. */
#include "xapian-c/internal.hh"

#include <algorithm>
#include <cmath>

namespace
{

bool in_range(const zc_xmset *m, size_t i)
{
    return m && i < m->mset.size();
}

int out_of_range(const zc_xmset *m, size_t i, zc_error *err, const char *what)
{
    if (!m)
        return zc_err_set(err, ZC_ERR_INVALID, "%s: no result set given", what);
    return zc_err_set(err, ZC_ERR_INVALID, "%s '%s': result %zu out of range (%u results)", what,
                      m->name.c_str(), i, static_cast<unsigned>(m->mset.size()));
}

} // namespace

extern "C" {

int zc_xenquire_new(const zc_xdb *db, zc_xenquire **out, zc_error *err)
{
    const char *what = "cannot search index";
    ZCX_REQUIRE(out, err, what, zcx::name_of(db));
    *out = nullptr;
    ZCX_REQUIRE(db, err, what, nullptr);
    try {
        *out = new zc_xenquire(db->db, db->name, db->local);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

void zc_xenquire_free(zc_xenquire *e)
{
    if (!e)
        return;
    try {
        e->enq.clear_matchspies();
    } catch (...) {
    }
    try {
        delete e;
    }
    ZCX_CATCH_QUIET()
}

int zc_xenquire_set_query(zc_xenquire *e, const zc_xquery *q, unsigned qlen, zc_error *err)
{
    const char *what = "cannot set query on index";
    ZCX_REQUIRE(e && q, err, what, e ? e->name.c_str() : nullptr);
    try {
        e->enq.set_query(q->q, qlen);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, e->name.c_str())
}

int zc_xenquire_set_bool_weight(zc_xenquire *e, zc_error *err)
{
    const char *what = "cannot set boolean weighting on index";
    ZCX_REQUIRE(e, err, what, nullptr);
    try {
        e->enq.set_weighting_scheme(Xapian::BoolWeight());
        return ZC_OK;
    }
    ZCX_CATCH(err, what, e->name.c_str())
}

int zc_xenquire_set_bm25(zc_xenquire *e, double k1, double b, zc_error *err)
{
    const char *what = "cannot set BM25 weighting on index";
    ZCX_REQUIRE(e, err, what, nullptr);
    try {
        /* k2 0, k3 1 and min_normlen 0.5: Xapian's defaults. */
        e->enq.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
        return ZC_OK;
    }
    ZCX_CATCH(err, what, e->name.c_str())
}

int zc_xenquire_set_sort(zc_xenquire *e, zc_xsort how, unsigned slot, int reverse, zc_error *err)
{
    const char *what = "cannot set sort order on index";
    ZCX_REQUIRE(e, err, what, nullptr);
    try {
        switch (how) {
        case ZC_XSORT_RELEVANCE: e->enq.set_sort_by_relevance(); return ZC_OK;
        case ZC_XSORT_VALUE: e->enq.set_sort_by_value(slot, reverse != 0); return ZC_OK;
        case ZC_XSORT_VALUE_THEN_RELEVANCE:
            e->enq.set_sort_by_value_then_relevance(slot, reverse != 0);
            return ZC_OK;
        case ZC_XSORT_RELEVANCE_THEN_VALUE:
            e->enq.set_sort_by_relevance_then_value(slot, reverse != 0);
            return ZC_OK;
        }
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, e->name.c_str(), "unknown sort order");
    }
    ZCX_CATCH(err, what, e->name.c_str())
}

int zc_xenquire_add_facet(zc_xenquire *e, unsigned slot, int multi, char sep, zc_xspy **out,
                          zc_error *err)
{
    const char *what = "cannot add facet on index";
    ZCX_REQUIRE(e && out, err, what, e ? e->name.c_str() : nullptr);
    *out = nullptr;
    if (slot == Xapian::BAD_VALUENO)
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, e->name.c_str(), "invalid value slot");
    try {
        auto s = std::make_unique<zc_xspy>();
        s->slot = slot;
        s->multi = multi != 0;
        s->sep = sep;
        /* The Xapian spy is created and registered by get_mset. */
        e->spies.push_back(std::move(s));
        *out = e->spies.back().get();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, e->name.c_str())
}

int zc_xenquire_record_docs(zc_xenquire *e, zc_xdocs *into)
{
    if (!e || !e->local || !into)
        return 0;
    e->docs = into->ids;
    return 1;
}

int zc_xenquire_get_mset(zc_xenquire *e, unsigned first, unsigned max, unsigned check_at_least,
                         zc_xmset **out, zc_error *err)
{
    const char *what = "cannot search index";
    ZCX_REQUIRE(e && out, err, what, e ? e->name.c_str() : nullptr);
    *out = nullptr;
    try {
        /* Fresh spies for every run: Xapian's spies only ever accumulate,
         * and the counts must describe this match alone. */
        e->enq.clear_matchspies();
        for (auto &s : e->spies) {
            s->live.reset(zcx::new_spy(*s, *e));
            e->enq.add_matchspy(s->live.get());
        }
        if (e->docs) {
            e->docs->clear();
            e->recorder.reset(zcx::new_record_spy(e->docs));
            e->enq.add_matchspy(e->recorder.get());
        }
        auto h = std::make_unique<zc_xmset>();
        h->name = e->name;
        h->mset = e->enq.get_mset(first, max, check_at_least);
        for (auto &s : e->spies)
            zcx::spy_snapshot(*s);
        if (e->docs && !std::is_sorted(e->docs->begin(), e->docs->end()))
            std::sort(e->docs->begin(), e->docs->end());
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, e->name.c_str())
}

size_t zc_xmset_size(const zc_xmset *m)
{
    return m ? m->mset.size() : 0;
}

uint64_t zc_xmset_estimated(const zc_xmset *m)
{
    return m ? m->mset.get_matches_estimated() : 0;
}

uint64_t zc_xmset_lower_bound(const zc_xmset *m)
{
    return m ? m->mset.get_matches_lower_bound() : 0;
}

double zc_xmset_weight(const zc_xmset *m, size_t i)
{
    if (!in_range(m, i))
        return 0.0;
    try {
        return m->mset[static_cast<Xapian::doccount>(i)].get_weight();
    }
    ZCX_CATCH_QUIET(0.0)
}

int zc_xmset_get_data(const zc_xmset *m, size_t i, char **out, size_t *len, zc_error *err)
{
    const char *what = "cannot read result data from index";
    ZCX_REQUIRE(out, err, what, m ? m->name.c_str() : nullptr);
    *out = nullptr;
    if (!in_range(m, i))
        return out_of_range(m, i, err, what);
    try {
        Xapian::Document doc = m->mset[static_cast<Xapian::doccount>(i)].get_document();
        return zcx::copy_out(doc.get_data(), out, len, err, what, m->name.c_str());
    }
    ZCX_CATCH(err, what, m->name.c_str())
}

int zc_xmset_get_value(const zc_xmset *m, size_t i, unsigned slot, char **out, size_t *len,
                       zc_error *err)
{
    const char *what = "cannot read result value from index";
    ZCX_REQUIRE(out, err, what, m ? m->name.c_str() : nullptr);
    *out = nullptr;
    if (!in_range(m, i))
        return out_of_range(m, i, err, what);
    try {
        Xapian::Document doc = m->mset[static_cast<Xapian::doccount>(i)].get_document();
        return zcx::copy_out(doc.get_value(slot), out, len, err, what, m->name.c_str());
    }
    ZCX_CATCH(err, what, m->name.c_str())
}

int zc_xmset_fetch(zc_xmset *m, zc_error *err)
{
    const char *what = "cannot read result documents from index";
    ZCX_REQUIRE(m, err, what, nullptr);
    try {
        /* A remote shard sends every document of the page in one exchange,
         * instead of one round trip per value read. Only for a set that
         * starts at the first match: libxapian 1.4's MSet::fetch() indexes
         * its items by rank minus the set's first rank, from rank 0, and
         * reads before the array when the set starts later (its
         * fetch(begin, end) passes distances from the end); such a set's
         * documents are read one at a time instead (docs/xapian.md). */
        if (m->mset.get_firstitem() == 0)
            m->mset.fetch();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, m->name.c_str())
}

void zc_xmset_free(zc_xmset *m)
{
    try {
        delete m;
    }
    ZCX_CATCH_QUIET()
}

} // extern "C"
