/* What the research tools need of Xapian beyond a search: the docids of a
 * result set, a document's values read at once, term statistics, the
 * expansion set of relevant documents (more like this) and the terms a
 * hit shares with the query. */
#include "internal.hh"

namespace
{

/* Keeps the terms that begin with a prefix. */
class PrefixDecider : public Xapian::ExpandDecider
{
    std::string prefix;

  public:
    explicit PrefixDecider(const char *p) : prefix(p ? p : "") {}
    bool operator()(const std::string &term) const override
    {
        return term.compare(0, prefix.size(), prefix) == 0;
    }
};

} // namespace

zc_xdocid zc_xmset_docid(const zc_xmset *m, size_t i)
{
    if (!m || i >= m->mset.size())
        return 0;
    try {
        return *m->mset[static_cast<Xapian::doccount>(i)];
    }
    ZCX_CATCH_QUIET(0)
}

int zc_xdb_doc_values(const zc_xdb *db, zc_xdocid docid, const unsigned *slots, size_t n,
                      char **out, size_t *lens, zc_error *err)
{
    const char *what = "cannot read document values from index";
    ZCX_REQUIRE(db && (n == 0 || (slots && out && lens)), err, what, zcx::name_of(db));
    for (size_t k = 0; k < n; k++)
        out[k] = nullptr;
    try {
        Xapian::Document doc = db->db.get_document(docid, Xapian::DOC_ASSUME_VALID);
        for (size_t k = 0; k < n; k++) {
            int rc = zcx::copy_out(doc.get_value(slots[k]), &out[k], &lens[k], err, what,
                                   db->name.c_str());
            if (rc) {
                for (size_t j = 0; j < k; j++) {
                    std::free(out[j]);
                    out[j] = nullptr;
                }
                return rc;
            }
        }
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_term_stats(const zc_xdb *db, const char *term, uint64_t *docs, uint64_t *occurrences,
                      zc_error *err)
{
    const char *what = "cannot read term statistics of index";
    ZCX_REQUIRE(db && term && docs && occurrences, err, what, zcx::name_of(db));
    try {
        *docs = db->db.get_termfreq(term);
        *occurrences = db->db.get_collection_freq(term);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_doc_length(const zc_xdb *db, zc_xdocid docid, uint64_t *out, zc_error *err)
{
    const char *what = "cannot read document length of index";
    ZCX_REQUIRE(db && out, err, what, zcx::name_of(db));
    try {
        *out = db->db.get_doclength(docid);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_each_doc_term(const zc_xdb *db, zc_xdocid docid, const char *prefix, zc_xterm_fn fn,
                         void *ctx, zc_error *err)
{
    const char *what = "cannot read the terms of a document of index";
    ZCX_REQUIRE(db && prefix && fn, err, what, zcx::name_of(db));
    try {
        auto it = db->db.termlist_begin(docid);
        auto end = db->db.termlist_end(docid);
        it.skip_to(prefix);
        size_t pl = std::strlen(prefix);
        for (; it != end; ++it) {
            const std::string t = *it;
            if (t.compare(0, pl, prefix) != 0)
                break;
            if (fn(ctx, t.data(), t.size(), it.get_wdf()))
                break;
        }
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xenquire_expand(zc_xenquire *e, const zc_xdocid *rel, size_t n, const char *prefix,
                       unsigned max, zc_xterm_weight_fn fn, void *ctx, zc_error *err)
{
    const char *what = "cannot expand the documents of index";
    ZCX_REQUIRE(e && (n == 0 || rel) && fn, err, what, e ? e->name.c_str() : nullptr);
    try {
        Xapian::RSet rs;
        for (size_t k = 0; k < n; k++)
            rs.add_document(rel[k]);
        PrefixDecider keep(prefix);
        Xapian::ESet es = e->enq.get_eset(max, rs, &keep);
        for (auto it = es.begin(); it != es.end(); ++it) {
            const std::string t = *it;
            if (fn(ctx, t.data(), t.size(), it.get_weight()))
                break;
        }
        return ZC_OK;
    }
    ZCX_CATCH(err, what, e->name.c_str())
}

int zc_xenquire_matching_terms(zc_xenquire *e, const zc_xmset *m, size_t i, zc_xterm_fn fn,
                               void *ctx, zc_error *err)
{
    const char *what = "cannot read the matching terms of a result of index";
    ZCX_REQUIRE(e && m && fn, err, what, e ? e->name.c_str() : nullptr);
    if (i >= m->mset.size())
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, e->name.c_str(), "no such result");
    try {
        auto hit = m->mset[static_cast<Xapian::doccount>(i)];
        for (auto it = e->enq.get_matching_terms_begin(hit);
             it != e->enq.get_matching_terms_end(hit); ++it) {
            const std::string t = *it;
            if (fn(ctx, t.data(), t.size(), 0))
                break;
        }
        return ZC_OK;
    }
    ZCX_CATCH(err, what, e->name.c_str())
}
