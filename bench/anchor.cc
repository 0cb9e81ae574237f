/* Xapian's own CJK n-gram indexing and query parsing (bench/anchor.h).
 * The benchmark reaches into the wrapper's handles (xapian-c/internal.hh)
 * for the Xapian objects it fills, and links libxapian itself. */
#include "bench/anchor.h"

#include <vector>

#include "xapian-c/internal.hh"

int zc_bench_ngram_index(zc_xdoc *doc, const char *text, size_t len, zc_error *err)
{
    const char *what = "cannot index text with n-grams";
    ZCX_REQUIRE(doc && text, err, what, nullptr);
    try {
        Xapian::TermGenerator tg;
        tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
        tg.set_document(doc->doc);
        tg.index_text(std::string(text, len));
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_bench_ngram_query(const zc_xdb *db, const char *text, int any, zc_xquery **out,
                         zc_error *err)
{
    const char *what = "cannot parse query with n-grams";
    ZCX_REQUIRE(db && text && out, err, what, nullptr);
    *out = nullptr;
    try {
        auto q = std::make_unique<zc_xquery>();
        if (any) {
            /* The QueryParser joins a run of CJK n-grams by AND whatever
             * the default operator: the terms TermGenerator makes of the
             * text instead, each with its count as wqf, joined by OR. */
            Xapian::Document d;
            Xapian::TermGenerator tg;
            tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
            tg.set_document(d);
            tg.index_text(std::string(text));
            std::vector<Xapian::Query> terms;
            for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t)
                terms.emplace_back(*t, t.get_wdf());
            q->q = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        } else {
            Xapian::QueryParser qp;
            qp.set_database(db->db);
            qp.set_default_op(Xapian::Query::OP_AND);
            q->q = qp.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT |
                                            Xapian::QueryParser::FLAG_CJK_NGRAM);
        }
        *out = q.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_bench_bm25_top(const zc_xdb *db, const zc_xquery *q, unsigned max, unsigned *ids, size_t *n,
                      zc_error *err)
{
    const char *what = "cannot rank with BM25";
    ZCX_REQUIRE(db && q && ids && n, err, what, nullptr);
    *n = 0;
    try {
        Xapian::Enquire enq(db->db);
        enq.set_query(q->q);
        enq.set_weighting_scheme(Xapian::BM25Weight());
        Xapian::MSet m = enq.get_mset(0, max);
        for (auto it = m.begin(); it != m.end(); ++it)
            ids[(*n)++] = *it;
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}
