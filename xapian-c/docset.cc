/* Sets of documents as queries: the matches a count finds, which a rank
 * query compiled before the count refers to, so that it reads positions
 * only in those documents; and a range of docids, the part of the
 * collection one thread of a count takes. */
#include "xapian-c/internal.hh"

#include <algorithm>

namespace
{

/* Matches the documents of a sorted docid list, with weight 0. Xapian
 * drives an AND by its rarest member, so a small set keeps every positional
 * check of the query inside it. The list is read when the query runs (a
 * count fills it after the query was built). Local only: it has no
 * serialised form. */
class DocSetSource : public Xapian::PostingSource
{
  public:
    explicit DocSetSource(std::shared_ptr<const std::vector<Xapian::docid>> ids)
        : ids_(std::move(ids))
    {
    }

    void init(const Xapian::Database &) override
    {
        pos_ = 0;
        started_ = false;
        set_maxweight(0.0);
    }

    Xapian::doccount get_termfreq_min() const override { return count(); }
    Xapian::doccount get_termfreq_est() const override { return count(); }
    Xapian::doccount get_termfreq_max() const override { return count(); }

    void next(double) override
    {
        if (started_)
            ++pos_;
        started_ = true;
    }

    void skip_to(Xapian::docid did, double) override
    {
        started_ = true;
        const auto &v = *ids_;
        if (pos_ < v.size() && v[pos_] < did)
            pos_ =
                static_cast<size_t>(std::lower_bound(v.begin() + pos_, v.end(), did) - v.begin());
    }

    bool at_end() const override { return started_ && pos_ >= ids_->size(); }
    Xapian::docid get_docid() const override { return (*ids_)[pos_]; }
    double get_weight() const override { return 0.0; }
    Xapian::PostingSource *clone() const override { return new DocSetSource(ids_); }
    std::string get_description() const override
    {
        return "DocSet(" + std::to_string(ids_->size()) + " documents)";
    }

  private:
    Xapian::doccount count() const { return static_cast<Xapian::doccount>(ids_->size()); }

    std::shared_ptr<const std::vector<Xapian::docid>> ids_;
    size_t pos_ = 0;
    bool started_ = false;
};

/* Matches the docids lo..hi, with weight 0. In an AND it is asked whether
 * a candidate is in range: below lo it answers lo, so the AND skips there
 * at once; past hi it ends, and so does the AND. */
class DocRangeSource : public Xapian::PostingSource
{
  public:
    DocRangeSource(Xapian::docid lo, Xapian::docid hi) : lo_(lo ? lo : 1), hi_(hi) {}

    void init(const Xapian::Database &db) override
    {
        Xapian::docid last = db.get_lastdocid();
        end_ = hi_ < last ? hi_ : last;
        cur_ = 0;
        set_maxweight(0.0);
    }

    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return span(); }
    Xapian::doccount get_termfreq_max() const override { return span(); }

    void next(double) override { cur_ = cur_ < lo_ ? lo_ : cur_ + 1; }

    void skip_to(Xapian::docid did, double) override
    {
        if (did > cur_)
            cur_ = did < lo_ ? lo_ : did;
    }

    bool at_end() const override { return cur_ > end_; }
    Xapian::docid get_docid() const override { return cur_; }
    double get_weight() const override { return 0.0; }
    Xapian::PostingSource *clone() const override { return new DocRangeSource(lo_, hi_); }
    std::string get_description() const override
    {
        return "DocRange(" + std::to_string(lo_) + ".." + std::to_string(hi_) + ")";
    }

  private:
    Xapian::doccount span() const { return end_ >= lo_ ? end_ - lo_ + 1 : 0; }

    Xapian::docid lo_, hi_, end_ = 0, cur_ = 0;
};

} // namespace

extern "C" int zc_xquery_docid_range(zc_xdocid lo, zc_xdocid hi, zc_xquery **out, zc_error *err)
{
    const char *what = "cannot build query";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    try {
        auto h = std::make_unique<zc_xquery>();
        h->q = Xapian::Query((new DocRangeSource(lo, hi))->release());
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

extern "C" int zc_xdocs_new(zc_xdocs **out, zc_error *err)
{
    const char *what = "cannot make a document set";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    try {
        auto d = std::make_unique<zc_xdocs>();
        d->ids = std::make_shared<std::vector<Xapian::docid>>();
        *out = d.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

extern "C" void zc_xdocs_free(zc_xdocs *d)
{
    delete d;
}

extern "C" size_t zc_xdocs_count(const zc_xdocs *d)
{
    return d ? d->ids->size() : 0;
}

extern "C" int zc_xdocs_query(const zc_xdocs *d, zc_xquery **out, zc_error *err)
{
    const char *what = "cannot build query";
    ZCX_REQUIRE(d && out, err, what, nullptr);
    *out = nullptr;
    try {
        auto h = std::make_unique<zc_xquery>();
        h->q = Xapian::Query((new DocSetSource(d->ids))->release());
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}
