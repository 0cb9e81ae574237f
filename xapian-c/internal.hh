/* Shared internals of the C wrapper over libxapian: the definitions of the
 * opaque handles and the translation of C++ exceptions into zc_error. */
#ifndef ZC_XAPIAN_C_INTERNAL_HH
#define ZC_XAPIAN_C_INTERNAL_HH

#include <xapian.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "xapian-c/xapian_c.h"

/* Xapian objects are reference-counted handles, so every handle holds them
 * by value and copies are cheap. */

struct zc_xdb {
    /* Reads go through db. For a writable database db and wdb share one
     * backend object, so reads see uncommitted changes as Xapian intends. */
    Xapian::Database db;
    Xapian::WritableDatabase wdb;
    bool writable = false;
    /* One read-only local database (a directory): its value slots can be
     * read as streams (see StreamValueCountSpy). */
    bool local = false;
    std::string name; /* path, "host:port" or "(combined)" */
};

struct zc_xdoc {
    Xapian::Document doc;
};

/* How a query spreads into the one above it (query.cc). Xapian flattens
 * nested ORs into one OR, and ANDs, the left sides of AND_MAYBE and
 * AND_NOT, and phrases into one AND, whose AND_MAYBE and AND_NOT sides are
 * ORs too; it then builds each as a chain when the posting lists are
 * alike: one positional filter wrapping the next, or OR nodes one above
 * the other for absent terms. Their depth is what recursion goes through. */
struct zc_xshape {
    size_t ors = 1;                           /* posting lists it adds to an OR it is part of */
    size_t strip = 1;                         /* the same on the right of AND_NOT, which strips
                                               * OP_SCALE_WEIGHT off its direct subqueries */
    size_t filters = 0, maybes = 0, nots = 0; /* what it adds to an AND */
};

struct zc_xquery {
    Xapian::Query q;
    zc_xshape shape;
};

struct zc_xspy {
    Xapian::valueno slot = 0;
    bool multi = false;
    char sep = 0;
    /* The spy given to Xapian for the current match; replaced before each
     * get_mset so that counts never accumulate across runs. */
    std::unique_ptr<Xapian::MatchSpy> live;
    /* Snapshot of the last run, in byte order of value; stable storage for
     * the pointers zc_xspy_get hands out. */
    uint64_t total = 0;
    std::vector<std::pair<std::string, uint64_t>> counts;
};

struct zc_xenquire {
    std::string name;
    /* Declared before enq so that the enquire (which holds raw pointers to
     * the spies) is destroyed first. */
    std::vector<std::unique_ptr<zc_xspy>> spies;
    Xapian::Enquire enq;
    Xapian::Database db;
    bool local;
    /* zc_xenquire_record_docs: where the matches of each run go, in docid
     * order (NULL: not recorded). */
    std::unique_ptr<Xapian::MatchSpy> recorder;
    std::shared_ptr<std::vector<Xapian::docid>> docs;

    zc_xenquire(const Xapian::Database &d, std::string n, bool l)
        : name(std::move(n)), enq(d), db(d), local(l)
    {
    }
};

struct zc_xmset {
    Xapian::MSet mset;
    std::string name;
};

/* The vector is shared with the queries made of it (DocSetSource) and with
 * the spy that fills it (RecordSpy). */
struct zc_xdocs {
    std::shared_ptr<std::vector<Xapian::docid>> ids;
};

namespace zcx
{

/* Facet spies (spy.cc): a new counting spy for s, as e's database allows;
 * a spy that appends the docid of each match to docs; and s's counts
 * copied from its live spy once the match has run. */
Xapian::MatchSpy *new_spy(const zc_xspy &s, const zc_xenquire &e);
Xapian::MatchSpy *new_record_spy(std::shared_ptr<std::vector<Xapian::docid>> docs);
void spy_snapshot(zc_xspy &s);

inline bool path_missing(const char *path) noexcept
{
    struct stat st;
    return path && path[0] && stat(path, &st) != 0 && errno == ENOENT;
}

/* Chooses the zc code for a Xapian exception. `path` is the database the
 * operation concerned, used to tell a missing index from a damaged one. */
inline int code_for(const Xapian::Error &e, const char *path) noexcept
{
    /* Xapian::Error has no virtual functions, so dynamic_cast cannot tell
     * the subclasses apart; get_type() names the most derived class. */
    const char *t = e.get_type();
    auto is = [t](const char *name) { return std::strcmp(t, name) == 0; };
    if (is("DatabaseLockError"))
        return ZC_ERR_LOCKED;
    if (is("DatabaseNotFoundError") || is("DocNotFoundError"))
        return ZC_ERR_NOT_FOUND;
    if (is("DatabaseVersionError"))
        return ZC_ERR_VERSION;
    if (is("DatabaseOpeningError")) {
        if (path_missing(path))
            return ZC_ERR_NOT_FOUND;
        /* The path exists: unreadable is an I/O problem, anything else
         * means what is there is not a sound database. */
        if (path && path[0] && access(path, R_OK) != 0)
            return ZC_ERR_IO;
        return ZC_ERR_CORRUPT;
    }
    if (is("DatabaseCorruptError"))
        return ZC_ERR_CORRUPT;
    /* A reader's revision discarded by a writer's later commits: the one
     * backend error that reading again at the latest revision cures. */
    if (is("DatabaseModifiedError"))
        return ZC_ERR_MODIFIED;
    if (is("NetworkError") || is("NetworkTimeoutError"))
        return ZC_ERR_NETWORK;
    if (is("InvalidArgumentError") || is("InvalidOperationError"))
        return ZC_ERR_INVALID;
    return ZC_ERR_BACKEND;
}

/* "what 'name': " or "what: " */
inline int set_ctx(zc_error *err, int code, const char *what, const char *name,
                   const char *detail) noexcept
{
    if (name)
        return zc_err_set(err, code, "%s '%s': %s", what, name, detail);
    return zc_err_set(err, code, "%s: %s", what, detail);
}

inline int fail_xapian(zc_error *err, const Xapian::Error &e, const char *what,
                       const char *name) noexcept
{
    int code = code_for(e, name);
    const char *sys = nullptr;
    try {
        sys = e.get_error_string(); /* formats errno lazily; may allocate */
    } catch (...) {
        sys = nullptr;
    }
    if (name)
        return zc_err_set(err, code, "%s '%s': %s%s%s (%s)", what, name, e.get_msg().c_str(),
                          sys ? ": " : "", sys ? sys : "", e.get_type());
    return zc_err_set(err, code, "%s: %s%s%s (%s)", what, e.get_msg().c_str(), sys ? ": " : "",
                      sys ? sys : "", e.get_type());
}

inline int fail_nomem(zc_error *err, const char *what, const char *name) noexcept
{
    return set_ctx(err, ZC_ERR_NOMEM, what, name, "out of memory");
}

inline int fail_unknown(zc_error *err, const char *what, const char *name) noexcept
{
    return set_ctx(err, ZC_ERR_BACKEND, what, name, "unexpected C++ exception");
}

/* Copies s into a malloc'd NUL-terminated buffer. */
inline int copy_out(const std::string &s, char **out, size_t *len, zc_error *err, const char *what,
                    const char *name) noexcept
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        return fail_nomem(err, what, name);
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    *out = p;
    if (len)
        *len = s.size();
    return ZC_OK;
}

inline const char *name_of(const zc_xdb *db) noexcept
{
    return db ? db->name.c_str() : nullptr;
}

} // namespace zcx

/* The catch clauses every exported function ends with: nothing C++ crosses
 * the C interface. */
#define ZCX_CATCH(err, what, name)                                                                 \
    catch (const Xapian::Error &zcx_e_)                                                            \
    {                                                                                              \
        return zcx::fail_xapian((err), zcx_e_, (what), (name));                                    \
    }                                                                                              \
    catch (const std::bad_alloc &)                                                                 \
    {                                                                                              \
        return zcx::fail_nomem((err), (what), (name));                                             \
    }                                                                                              \
    catch (...)                                                                                    \
    {                                                                                              \
        return zcx::fail_unknown((err), (what), (name));                                           \
    }

/* For functions that cannot report an error (void or value returns). */
#define ZCX_CATCH_QUIET(fallback)                                                                  \
    catch (const Xapian::Error &)                                                                  \
    {                                                                                              \
        return fallback;                                                                           \
    }                                                                                              \
    catch (const std::bad_alloc &)                                                                 \
    {                                                                                              \
        return fallback;                                                                           \
    }                                                                                              \
    catch (...)                                                                                    \
    {                                                                                              \
        return fallback;                                                                           \
    }

/* Rejects a NULL required argument. */
#define ZCX_REQUIRE(cond, err, what, name)                                                         \
    do {                                                                                           \
        if (!(cond))                                                                               \
            return zcx::set_ctx((err), ZC_ERR_INVALID, (what), (name),                             \
                                "missing argument (" #cond ")");                                   \
    } while (0)

#endif
