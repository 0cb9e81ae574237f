/* Documents and Xapian's sortable number encoding. */
#include "xapian-c/internal.hh"
#include <vector>

extern "C" {

int zc_xdoc_new(zc_xdoc **out, zc_error *err)
{
    const char *what = "cannot create document";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    try {
        *out = new zc_xdoc();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

void zc_xdoc_free(zc_xdoc *doc)
{
    try {
        delete doc;
    }
    ZCX_CATCH_QUIET()
}

int zc_xdoc_add_term_n(zc_xdoc *doc, const char *term, size_t len, unsigned wdf_inc, zc_error *err)
{
    const char *what = "cannot add term to document";
    ZCX_REQUIRE(doc && term, err, what, nullptr);
    try {
        doc->doc.add_term(std::string(term, len), wdf_inc);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdoc_add_posting_n(zc_xdoc *doc, const char *term, size_t len, unsigned pos,
                          unsigned wdf_inc, zc_error *err)
{
    const char *what = "cannot add positional term to document";
    ZCX_REQUIRE(doc && term, err, what, nullptr);
    try {
        doc->doc.add_posting(std::string(term, len), pos, wdf_inc);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdoc_add_positions(zc_xdoc *doc, const char *term, size_t len, const uint32_t *pos, size_t n,
                          zc_error *err)
{
    const char *what = "cannot add positional term to document";
    ZCX_REQUIRE(doc && term && (pos || n == 0), err, what, nullptr);
    try {
        const std::string t(term, len);
        for (size_t i = 0; i < n; i++)
            doc->doc.add_posting(t, pos[i], 1);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdoc_add_boolean_term(zc_xdoc *doc, const char *term, zc_error *err)
{
    const char *what = "cannot add boolean term to document";
    ZCX_REQUIRE(doc && term, err, what, nullptr);
    try {
        doc->doc.add_boolean_term(term);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdoc_set_value(zc_xdoc *doc, unsigned slot, const char *data, size_t len, zc_error *err)
{
    const char *what = "cannot set document value";
    ZCX_REQUIRE(doc && (data || len == 0), err, what, nullptr);
    try {
        /* An empty value removes the slot, as in Xapian. */
        doc->doc.add_value(slot, data ? std::string(data, len) : std::string());
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdoc_set_data(zc_xdoc *doc, const char *data, size_t len, zc_error *err)
{
    const char *what = "cannot set document data";
    ZCX_REQUIRE(doc && (data || len == 0), err, what, nullptr);
    try {
        doc->doc.set_data(data ? std::string(data, len) : std::string());
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdoc_get_value(const zc_xdoc *doc, unsigned slot, char **out, size_t *len, zc_error *err)
{
    const char *what = "cannot read document value";
    ZCX_REQUIRE(doc && out, err, what, nullptr);
    *out = nullptr;
    try {
        return zcx::copy_out(doc->doc.get_value(slot), out, len, err, what, nullptr);
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdoc_each_term(const zc_xdoc *doc, zc_xdoc_term_fn fn, void *ctx, zc_error *err)
{
    const char *what = "cannot list document terms";
    ZCX_REQUIRE(doc && fn, err, what, nullptr);
    try {
        std::vector<uint32_t> pos;
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) {
            pos.clear();
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                pos.push_back(*p);
            const std::string term = *t;
            int rc = fn(ctx, term.data(), term.size(), t.get_wdf(), pos.data(), pos.size());
            if (rc)
                return rc;
        }
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

size_t zc_x_sortable_serialise(double v, char *buf)
{
    if (!buf)
        return 0;
    try {
        return Xapian::sortable_serialise_(v, buf);
    }
    ZCX_CATCH_QUIET(0)
}

double zc_x_sortable_unserialise(const char *data, size_t len)
{
    if (!data)
        return 0.0;
    try {
        return Xapian::sortable_unserialise(std::string(data, len));
    }
    ZCX_CATCH_QUIET(0.0)
}

} // extern "C"
