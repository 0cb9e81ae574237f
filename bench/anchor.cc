/* Xapian's own CJK n-gram indexing and query parsing (bench/anchor.h).
 * The benchmark reaches into the wrapper's handles (xapian-c/internal.hh)
 * for the Xapian objects it fills, and links libxapian itself. */
#include "bench/anchor.h"

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

int zc_bench_ngram_query(const zc_xdb *db, const char *text, zc_xquery **out, zc_error *err)
{
    const char *what = "cannot parse query with n-grams";
    ZCX_REQUIRE(db && text && out, err, what, nullptr);
    *out = nullptr;
    try {
        Xapian::QueryParser qp;
        qp.set_database(db->db);
        qp.set_default_op(Xapian::Query::OP_AND);
        auto q = std::make_unique<zc_xquery>();
        q->q = qp.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT |
                                        Xapian::QueryParser::FLAG_CJK_NGRAM);
        *out = q.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}
