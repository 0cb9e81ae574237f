/* A set of documents as a query: the matches a first pass found, handed to
 * a second pass so that it reads positions only in those documents. */
#include "xapian-c/internal.hh"

#include <algorithm>

namespace
{

/* Matches the documents of a sorted docid list, with weight 0. Xapian
 * drives an AND by its rarest member, so a small set keeps every positional
 * check of the query inside it. Local only: it has no serialised form. */
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

} // namespace

namespace zcx
{

Xapian::Query docset_query(std::shared_ptr<const std::vector<Xapian::docid>> ids)
{
    auto *src = new DocSetSource(std::move(ids));
    return Xapian::Query(src->release());
}

} // namespace zcx
