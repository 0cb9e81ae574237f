/*
 * The floor of indexing with Xapian's public API (bench/peers.sh): what
 * it costs only to hand Xapian zhengce's exact postings, with zhengce's
 * flush and shard scheme, and nothing else.
 *
 *   zc-bench-floor dump XAPIAN_DB OUT
 *       reads every document of an index zhengce made (each term with its
 *       wdf and positions, the values, the data, and the length of its
 *       stored text) into OUT, once, untimed;
 *   zc-bench-floor replay OUT DIR [JOBS]
 *       loads OUT into memory (untimed), then, timed: JOBS threads (2)
 *       each take every JOBS-th document and add it to a scratch shard of
 *       their own with Document::add_posting / add_term /
 *       add_boolean_term / add_value / set_data, flushing after 256 KB of
 *       text and starting a new shard after 16 MB, as zhengce's workers
 *       do (indexer/run_internal.h); then the shards are compacted into
 *       DIR at Xapian's FULL level, as zhengce's merge does. Prints the
 *       replay's wall and CPU seconds.
 */
#include <xapian.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <time.h>
#include <vector>

extern "C" {
#include "common/stored.h"
#include "index/docrec.h"
#include "index/schema.h"
}

namespace
{

struct Term {
    std::string name;
    uint32_t wdf;
    std::vector<uint32_t> pos;
};

struct Doc {
    std::vector<Term> terms;
    std::vector<std::pair<unsigned, std::string>> values;
    std::string data;
    uint64_t text_bytes;
};

const uint64_t kCommitBytes = 256u << 10; // ZC_SHARD_COMMIT_BYTES
const uint64_t kRotateBytes = 16u << 20;  // ZC_SHARD_ROTATE_BYTES

void put32(std::string &o, uint32_t v)
{
    o.append(reinterpret_cast<const char *>(&v), 4);
}
void putstr(std::string &o, const std::string &s)
{
    put32(o, static_cast<uint32_t>(s.size()));
    o += s;
}

struct Reader {
    const char *p, *end;
    uint32_t u32()
    {
        uint32_t v;
        memcpy(&v, p, 4);
        p += 4;
        return v;
    }
    std::string str()
    {
        uint32_t n = u32();
        std::string s(p, n);
        p += n;
        return s;
    }
};

int dump(const char *db_path, const char *out_path)
{
    Xapian::Database db(db_path);
    std::ofstream out(out_path, std::ios::binary);
    zc_stored_unpacker *u = nullptr;
    zc_error err;
    if (zc_stored_unpacker_new(&u, &err))
        return 2;
    uint32_t n = 0;
    std::string rec;
    for (Xapian::PostingIterator d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        Xapian::Document doc = db.get_document(*d);
        rec.clear();
        std::string record = doc.get_value(ZC_SLOT_RECORD);
        uint64_t tb = 0;
        char *t = nullptr;
        size_t tl = 0;
        zc_docrec r;
        if (!record.empty() && zc_docrec_parse(record.c_str(), record.size(), &r, &err) == 0 &&
            zc_stored_unpack(u, r.stored, r.stored_len, &t, &tl, &err) == 0)
            tb = tl;
        free(t);
        put32(rec, static_cast<uint32_t>(tb));
        put32(rec, doc.termlist_count());
        for (Xapian::TermIterator it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
            putstr(rec, *it);
            put32(rec, it.get_wdf());
            std::vector<uint32_t> pos;
            if (it.positionlist_count())
                for (Xapian::PositionIterator p = it.positionlist_begin();
                     p != it.positionlist_end(); ++p)
                    pos.push_back(*p);
            put32(rec, static_cast<uint32_t>(pos.size()));
            for (uint32_t p : pos)
                put32(rec, p);
        }
        put32(rec, doc.values_count());
        for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v) {
            put32(rec, v.get_valueno());
            putstr(rec, *v);
        }
        putstr(rec, doc.get_data());
        std::string len;
        put32(len, static_cast<uint32_t>(rec.size()));
        out << len << rec;
        n++;
    }
    zc_stored_unpacker_free(u);
    fprintf(stderr, "dumped %u documents\n", n);
    return out ? 0 : 2;
}

std::vector<Doc> load(const char *path)
{
    std::ifstream in(path, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<Doc> docs;
    Reader r{all.data(), all.data() + all.size()};
    while (r.p + 4 <= r.end) {
        r.u32(); // the record's length
        Doc d;
        d.text_bytes = r.u32();
        uint32_t nt = r.u32();
        d.terms.resize(nt);
        for (Term &t : d.terms) {
            t.name = r.str();
            t.wdf = r.u32();
            t.pos.resize(r.u32());
            for (uint32_t &p : t.pos)
                p = r.u32();
        }
        uint32_t nv = r.u32();
        for (uint32_t i = 0; i < nv; i++) {
            unsigned slot = r.u32();
            d.values.emplace_back(slot, r.str());
        }
        d.data = r.str();
        docs.push_back(std::move(d));
    }
    return docs;
}

void worker(const std::vector<Doc> &docs, unsigned k, unsigned jobs, const std::string &dir,
            std::vector<std::string> &shards)
{
    Xapian::WritableDatabase db;
    uint64_t batch = 0, total = 0;
    auto open_next = [&]() {
        std::string path = dir + "/" + std::to_string(k) + "-" + std::to_string(shards.size());
        shards.push_back(path);
        db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE |
                                                Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
        batch = total = 0;
    };
    open_next();
    for (size_t i = k; i < docs.size(); i += jobs) {
        const Doc &d = docs[i];
        Xapian::Document doc;
        for (const Term &t : d.terms) {
            if (t.pos.empty() && t.wdf == 0) {
                doc.add_boolean_term(t.name);
                continue;
            }
            for (uint32_t p : t.pos)
                doc.add_posting(t.name, p);
            if (t.wdf > t.pos.size())
                doc.add_term(t.name, t.wdf - static_cast<uint32_t>(t.pos.size()));
        }
        for (const auto &v : d.values)
            doc.add_value(v.first, v.second);
        doc.set_data(d.data);
        db.add_document(doc);
        batch += d.text_bytes;
        total += d.text_bytes;
        if (total >= kRotateBytes && i + jobs < docs.size()) {
            db.commit();
            db.close();
            open_next();
        } else if (batch >= kCommitBytes) {
            db.commit();
            batch = 0;
        }
    }
    db.commit();
    db.close();
}

double cpu_s()
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double wall_s()
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int replay(const char *dump_path, const std::string &dir, unsigned jobs)
{
    std::vector<Doc> docs = load(dump_path);
    std::string tmp = dir + ".shards";
    std::string mk = "mkdir -p '" + tmp + "'";
    if (system(mk.c_str()))
        return 2;
    double w0 = wall_s(), c0 = cpu_s();
    std::vector<std::vector<std::string>> shards(jobs);
    std::vector<std::thread> th;
    for (unsigned k = 0; k < jobs; k++)
        th.emplace_back(worker, std::cref(docs), k, jobs, std::cref(tmp), std::ref(shards[k]));
    for (auto &t : th)
        t.join();
    double w1 = wall_s();
    Xapian::Database all;
    for (auto &v : shards)
        for (auto &s : v)
            all.add_database(Xapian::Database(s));
    all.compact(dir, Xapian::Compactor::FULL);
    double w2 = wall_s(), c2 = cpu_s();
    std::string rm = "rm -rf '" + tmp + "'";
    if (system(rm.c_str()))
        return 2;
    printf("floor: %zu documents, %u jobs: wall %.2f s (writing %.2f, merge %.2f), cpu %.2f s\n",
           docs.size(), jobs, w2 - w0, w1 - w0, w2 - w1, c2 - c0);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        if (argc == 4 && !strcmp(argv[1], "dump"))
            return dump(argv[2], argv[3]);
        if ((argc == 4 || argc == 5) && !strcmp(argv[1], "replay"))
            return replay(argv[2], argv[3], argc == 5 ? static_cast<unsigned>(atoi(argv[4])) : 2);
    } catch (const Xapian::Error &e) {
        fprintf(stderr, "zc-bench-floor: %s\n", e.get_description().c_str());
        return 2;
    }
    fprintf(stderr, "usage: zc-bench-floor dump XAPIAN_DB OUT | replay OUT DIR [JOBS]\n");
    return 2;
}
