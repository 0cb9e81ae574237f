#!/usr/bin/python3
"""Builds an index from records in memory and searches it, through ctypes:
the C library from another language, with no bindings to maintain.

    python3 example.py [INDEX_DIR] [QUERY]

The library is $ZHENGCE_LIB if set, else libzhengce.so.1 from the system's
library path (e.g. LD_LIBRARY_PATH=<prefix>/lib). The structures mirror
include/zhengce.h field by field: the library writes whole structs into
them (zc_search_options_init), so each must be as large as the C one."""
import ctypes
import os
import sys
from ctypes import (POINTER, Structure, byref, c_char, c_char_p, c_double, c_int,
                    c_size_t, c_uint, c_uint64, c_void_p)


class Error(Structure):
    _fields_ = [("code", c_int), ("message", c_char * 1024)]


class Doc(Structure):
    _fields_ = [("key", c_char_p), ("text", c_char_p), ("text_len", c_size_t),
                ("path", c_char_p), ("title", c_char_p), ("region", c_char_p),
                ("date", c_char_p), ("year", c_int)]


SEARCH_OPTIONS_VERSION = 2  # ZC_SEARCH_OPTIONS_VERSION of the header mirrored here


class SearchOptions(Structure):
    _fields_ = [("version", c_uint), ("limit", c_uint), ("offset", c_uint),
                ("snippet_len", c_uint), ("sort", c_int), ("facets", c_int),
                ("synonyms", c_int), ("any", c_int), ("region", c_char_p),
                ("year_lo", c_int), ("year_hi", c_int), ("explain", c_int),
                ("threads", c_uint), ("source", c_char_p), ("trace", c_void_p),
                ("trace_ctx", c_void_p), ("match", c_int)]


class Hit(Structure):
    _fields_ = [("rank", c_uint), ("id", c_char_p), ("path", c_char_p),
                ("title", c_char_p), ("region", c_char_p), ("year", c_int),
                ("score", c_double), ("snippet", c_char_p),
                ("highlights", POINTER(c_size_t)), ("n_highlights", c_size_t),
                ("type", c_char_p), ("date", c_char_p), ("issuer", c_char_p),
                ("docno", c_char_p)]


lib = ctypes.CDLL(os.environ.get("ZHENGCE_LIB") or "libzhengce.so.1")
lib.zc_version.restype = c_char_p
lib.zc_results_total.restype = c_uint64
lib.zc_results_total.argtypes = [c_void_p]
lib.zc_results_count.restype = c_size_t
lib.zc_results_count.argtypes = [c_void_p]
lib.zc_results_hit.restype = POINTER(Hit)
lib.zc_results_hit.argtypes = [c_void_p, c_size_t]
lib.zc_results_free.argtypes = [c_void_p]
lib.zc_index_free.argtypes = [c_void_p]
for name in ("zc_index_open", "zc_index_add_doc", "zc_index_commit", "zc_search",
             "zc_search_options_init"):
    getattr(lib, name).restype = c_int


def check(rc, err):
    if rc:
        sys.exit("example.py: %s" % err.message.decode())


RECORDS = [
    ("r1", "新余市政府工作报告", "新余市", 2025, "加快建设新余高新区锂电产业集群，规上工业增加值增长8%。"),
    ("r2", "上海市政府工作报告", "上海市", 2024, "推进国际科技创新中心建设，发展集成电路和人工智能产业。"),
    ("r3", "宜春市经济运行情况", "宜春市", 2025, "宜春锂电新能源产业营业收入突破千亿元。"),
]


def main():
    path = (sys.argv[1] if len(sys.argv) > 1 else "example-index").encode()
    query = sys.argv[2] if len(sys.argv) > 2 else "锂电"
    err = Error()
    ix = c_void_p()
    check(lib.zc_index_open(path, 1 | 2, byref(ix), byref(err)), err)  # WRITE | CREATE
    for key, title, region, year, text in RECORDS:
        doc = Doc(key=key.encode(), text=text.encode(), title=title.encode(),
                  region=region.encode(), year=year)
        check(lib.zc_index_add_doc(ix, byref(doc), byref(err)), err)
    check(lib.zc_index_commit(ix, byref(err)), err)

    opts = SearchOptions()
    if lib.zc_search_options_init(byref(opts), SEARCH_OPTIONS_VERSION):
        sys.exit("example.py: this library does not know search options version %d"
                 % SEARCH_OPTIONS_VERSION)
    results = c_void_p()
    check(lib.zc_search(ix, query.encode(), byref(opts), byref(results), byref(err)), err)
    print("zhengce %s: %d hits for %s" % (lib.zc_version().decode(),
                                          lib.zc_results_total(results), query))
    for i in range(lib.zc_results_count(results)):
        h = lib.zc_results_hit(results, i).contents
        print("%d. %s [%s %d] %s" % (h.rank, h.title.decode(), h.region.decode(), h.year,
                                     h.snippet.decode()))
    lib.zc_results_free(results)
    lib.zc_index_free(ix)


if __name__ == "__main__":
    main()
