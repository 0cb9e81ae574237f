/* Databases: opening (local, writable, remote, combined), writes,
 * transactions, metadata, statistics, iteration, compaction and checking. */
#include "xapian-c/internal.hh"

#include <dirent.h>
#include <sys/stat.h>

#include <sstream>

namespace
{

/* Writes need a WritableDatabase; refuse clearly on a read-only handle. */
int need_writable(const zc_xdb *db, zc_error *err, const char *what)
{
    if (!db)
        return zc_err_set(err, ZC_ERR_INVALID, "%s: no database given", what);
    if (!db->writable)
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, db->name.c_str(),
                            "the index was opened read-only");
    return ZC_OK;
}

int mode_flags(zc_xdb_mode mode, int *flags)
{
    switch (mode) {
    case ZC_XDB_OPEN:
        /* No backend flag: open whatever backend is there. */
        *flags = Xapian::DB_OPEN;
        return ZC_OK;
    case ZC_XDB_CREATE: *flags = Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS; return ZC_OK;
    case ZC_XDB_CREATE_OR_OPEN:
        *flags = Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS;
        return ZC_OK;
    case ZC_XDB_OVERWRITE:
        *flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS;
        return ZC_OK;
    case ZC_XDB_SCRATCH:
        *flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
        return ZC_OK;
    }
    return ZC_ERR_INVALID;
}

/* 1 if path names something other than an empty directory. */
bool exists_nonempty(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode))
        return true;
    DIR *d = opendir(path);
    if (!d)
        return true;
    bool found = false;
    while (struct dirent *ent = readdir(d)) {
        if (std::strcmp(ent->d_name, ".") != 0 && std::strcmp(ent->d_name, "..") != 0) {
            found = true;
            break;
        }
    }
    closedir(d);
    return found;
}

} // namespace

extern "C" {

int zc_xdb_open(const char *path, zc_xdb **out, zc_error *err)
{
    const char *what = "cannot open index";
    ZCX_REQUIRE(out, err, what, path);
    *out = nullptr;
    ZCX_REQUIRE(path, err, what, path);
    try {
        auto h = std::make_unique<zc_xdb>();
        /* A writer that commits twice while the tables are being opened
         * discards the revision being read: open again at the latest (the
         * writer's commits are atomic, so some revision always opens).
         * This is not the search's retry (index/view.c): there is no
         * handle yet to reopen, and the caller would only call this again.
         * Given up, the error is ZC_ERR_MODIFIED, as a search's is. */
        for (int tries = 1;; tries++) {
            try {
                h->db = Xapian::Database(path);
                break;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (tries == 8)
                    throw;
            }
        }
        h->name = path;
        struct stat st;
        h->local = stat(path, &st) == 0 && S_ISDIR(st.st_mode) && h->db.size() == 1;
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, path)
}

int zc_xdb_open_writable(const char *path, zc_xdb_mode mode, zc_xdb **out, zc_error *err)
{
    const char *what = "cannot open index";
    ZCX_REQUIRE(out, err, what, path);
    *out = nullptr;
    ZCX_REQUIRE(path, err, what, path);
    int flags = 0;
    if (mode_flags(mode, &flags) != ZC_OK)
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, path, "unknown open mode");
    try {
        auto h = std::make_unique<zc_xdb>();
        h->wdb = Xapian::WritableDatabase(path, flags);
        h->db = h->wdb;
        h->writable = true;
        h->name = path;
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, path)
}

int zc_xdb_open_remote(const char *host, unsigned port, unsigned timeout_ms, zc_xdb **out,
                       zc_error *err)
{
    const char *what = "cannot open remote index";
    ZCX_REQUIRE(out, err, what, host);
    *out = nullptr;
    ZCX_REQUIRE(host, err, what, host);
    char name[300];
    std::snprintf(name, sizeof name, "%s:%u", host, port);
    if (port == 0 || port > 65535)
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, name, "port out of range");
    try {
        /* One timeout for connecting and for each later operation. */
        useconds_t ms = timeout_ms ? timeout_ms : 10000;
        auto h = std::make_unique<zc_xdb>();
        h->db = Xapian::Remote::open(host, port, ms, ms);
        h->name = name;
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, name)
}

int zc_xdb_new_combined(zc_xdb **out, zc_error *err)
{
    const char *what = "cannot create combined index";
    ZCX_REQUIRE(out, err, what, nullptr);
    *out = nullptr;
    try {
        auto h = std::make_unique<zc_xdb>();
        h->name = "(combined)";
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, nullptr)
}

int zc_xdb_add_shard(zc_xdb *db, const zc_xdb *shard, zc_error *err)
{
    const char *what = "cannot add shard to index";
    ZCX_REQUIRE(db && shard, err, what, zcx::name_of(db));
    if (db->writable)
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, db->name.c_str(),
                            "shards can only be added to a read-only index");
    try {
        db->db.add_database(shard->db);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, shard->name.c_str())
}

size_t zc_xdb_shard_count(const zc_xdb *db)
{
    return db ? db->db.size() : 0;
}

int zc_xdb_reopen(zc_xdb *db, zc_error *err)
{
    const char *what = "cannot reopen index";
    ZCX_REQUIRE(db, err, what, nullptr);
    try {
        db->db.reopen();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

void zc_xdb_free(zc_xdb *db)
{
    /* Destroying the last reference closes the database (Xapian commits
     * pending changes of a writable one outside a transaction). */
    try {
        delete db;
    }
    ZCX_CATCH_QUIET()
}

int zc_xdb_is_local(const zc_xdb *db)
{
    return db && db->local;
}

int zc_xdb_same_revision(const zc_xdb *a, const zc_xdb *b)
{
    if (!a || !b || !a->local || !b->local)
        return 0;
    try {
        return a->db.get_uuid() == b->db.get_uuid() && a->db.get_revision() == b->db.get_revision();
    } catch (...) {
        return 0;
    }
}

int zc_xdb_commit(zc_xdb *db, zc_error *err)
{
    const char *what = "cannot commit index";
    if (int rc = need_writable(db, err, what))
        return rc;
    try {
        db->wdb.commit();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_discard(zc_xdb *db, zc_error *err)
{
    const char *what = "cannot discard the changes to index";
    if (int rc = need_writable(db, err, what))
        return rc;
    try {
        /* Xapian has no call for this: an unflushed transaction starts
         * without committing, and cancelling it drops every pending change,
         * the earlier ones included. */
        db->wdb.begin_transaction(false);
        db->wdb.cancel_transaction();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_add_document(zc_xdb *db, const zc_xdoc *doc, zc_xdocid *docid_out, zc_error *err)
{
    const char *what = "cannot add document to index";
    if (int rc = need_writable(db, err, what))
        return rc;
    ZCX_REQUIRE(doc, err, what, db->name.c_str());
    try {
        Xapian::docid id = db->wdb.add_document(doc->doc);
        if (docid_out)
            *docid_out = id;
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_replace_document_by_term(zc_xdb *db, const char *unique_term, const zc_xdoc *doc,
                                    zc_xdocid *docid_out, zc_error *err)
{
    const char *what = "cannot replace document in index";
    if (int rc = need_writable(db, err, what))
        return rc;
    ZCX_REQUIRE(unique_term && doc, err, what, db->name.c_str());
    try {
        Xapian::docid id = db->wdb.replace_document(unique_term, doc->doc);
        if (docid_out)
            *docid_out = id;
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_replace_document(zc_xdb *db, zc_xdocid docid, const zc_xdoc *doc, zc_error *err)
{
    const char *what = "cannot replace document in index";
    if (int rc = need_writable(db, err, what))
        return rc;
    ZCX_REQUIRE(doc, err, what, db->name.c_str());
    try {
        db->wdb.replace_document(docid, doc->doc);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_delete_document_by_term(zc_xdb *db, const char *unique_term, zc_error *err)
{
    const char *what = "cannot delete document from index";
    if (int rc = need_writable(db, err, what))
        return rc;
    ZCX_REQUIRE(unique_term, err, what, db->name.c_str());
    try {
        db->wdb.delete_document(unique_term);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_delete_document(zc_xdb *db, zc_xdocid docid, zc_error *err)
{
    const char *what = "cannot delete document from index";
    if (int rc = need_writable(db, err, what))
        return rc;
    try {
        db->wdb.delete_document(docid);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_set_metadata(zc_xdb *db, const char *key, const char *value, size_t len, zc_error *err)
{
    const char *what = "cannot set metadata in index";
    if (int rc = need_writable(db, err, what))
        return rc;
    ZCX_REQUIRE(key && (value || len == 0), err, what, db->name.c_str());
    try {
        db->wdb.set_metadata(key, value ? std::string(value, len) : std::string());
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_get_metadata(const zc_xdb *db, const char *key, char **out, size_t *len, zc_error *err)
{
    const char *what = "cannot read metadata from index";
    ZCX_REQUIRE(db && key && out, err, what, zcx::name_of(db));
    *out = nullptr;
    try {
        return zcx::copy_out(db->db.get_metadata(key), out, len, err, what, db->name.c_str());
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_get_document(const zc_xdb *db, zc_xdocid docid, zc_xdoc **out, zc_error *err)
{
    const char *what = "cannot read document from index";
    ZCX_REQUIRE(db && out, err, what, zcx::name_of(db));
    *out = nullptr;
    try {
        auto h = std::make_unique<zc_xdoc>();
        h->doc = db->db.get_document(docid);
        *out = h.release();
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_stats_get(const zc_xdb *db, zc_xdb_stats *out, zc_error *err)
{
    const char *what = "cannot read statistics of index";
    ZCX_REQUIRE(db && out, err, what, zcx::name_of(db));
    try {
        zc_xdb_stats s;
        s.doc_count = db->db.get_doccount();
        s.last_docid = db->db.get_lastdocid();
        s.total_length = db->db.get_total_length();
        s.avg_length = db->db.get_avlength();
        s.has_positions = db->db.has_positions() ? 1 : 0;
        *out = s;
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_term_freq(const zc_xdb *db, const char *term, uint64_t *out, zc_error *err)
{
    const char *what = "cannot read term frequency in index";
    ZCX_REQUIRE(db && term && out, err, what, zcx::name_of(db));
    try {
        *out = db->db.get_termfreq(term);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_count_terms(const zc_xdb *db, const char *prefix, uint64_t *out, zc_error *err)
{
    const char *what = "cannot count terms of index";
    ZCX_REQUIRE(db && out, err, what, zcx::name_of(db));
    try {
        const std::string pfx = prefix ? prefix : "";
        uint64_t n = 0;
        for (auto it = db->db.allterms_begin(pfx); it != db->db.allterms_end(pfx); ++it)
            ++n;
        *out = n;
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_each_posting(const zc_xdb *db, const char *term, zc_xposting_fn fn, void *ctx,
                        zc_error *err)
{
    const char *what = "cannot list postings of index";
    ZCX_REQUIRE(db && term && fn, err, what, zcx::name_of(db));
    try {
        for (auto it = db->db.postlist_begin(term); it != db->db.postlist_end(term); ++it) {
            if (fn(ctx, *it, it.get_wdf()))
                break;
        }
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_each_value(const zc_xdb *db, unsigned slot, zc_xvalue_fn fn, void *ctx, zc_error *err)
{
    const char *what = "cannot read values of index";
    ZCX_REQUIRE(db && fn, err, what, zcx::name_of(db));
    try {
        for (auto it = db->db.valuestream_begin(slot); it != db->db.valuestream_end(slot); ++it) {
            const std::string v = *it;
            if (fn(ctx, it.get_docid(), v.data(), v.size()))
                break;
        }
        return ZC_OK;
    }
    ZCX_CATCH(err, what, db->name.c_str())
}

int zc_xdb_compact(const char *const *srcs, size_t n, const char *dest, zc_error *err)
{
    const char *what = "cannot compact into index";
    ZCX_REQUIRE(srcs && n > 0 && dest, err, what, dest);
    for (size_t i = 0; i < n; i++)
        ZCX_REQUIRE(srcs[i], err, what, dest);
    /* Xapian would write into an existing directory; refuse to mix files. */
    if (exists_nonempty(dest))
        return zcx::set_ctx(err, ZC_ERR_INVALID, what, dest, "destination exists and is not empty");
    const char *cur = nullptr; /* the database the failing step concerns */
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++) {
            cur = srcs[i];
            all.add_database(Xapian::Database(srcs[i]));
        }
        cur = dest;
        /* A multi-file glass directory, with docids renumbered:
         * independent sources all number their documents from 1, so each
         * source's docids are shifted to follow the previous source's
         * (DBCOMPACT_NO_RENUMBER would make them collide and fail).
         * Compactor::FULL splits items across blocks where that saves
         * space: 1.2% smaller than the standard level on news-xwlb, for
         * the same work (FULLER came out larger). */
        all.compact(dest, Xapian::Compactor::FULL);
        return ZC_OK;
    }
    ZCX_CATCH(err, what, cur)
}

} // extern "C"
