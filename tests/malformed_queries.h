/* Malformed queries, shared by the parser's tests and the command-line
 * tests: each must be refused with ZC_ERR_QUERY (exit status 2 from the
 * command line) and a message naming the problem.
 *
 * ZC_MALFORMED_QUERIES(X) calls X(query, fragment) for each, where fragment
 * is a part of the expected message; every message except the empty-query
 * ones contains "character N". No query holds a NUL byte, so all can be
 * passed as command-line arguments. */
#ifndef ZC_TESTS_MALFORMED_QUERIES_H
#define ZC_TESTS_MALFORMED_QUERIES_H

/* clang-format off */
#define ZC_MALFORMED_QUERIES(X)                                                        \
    X("", "empty query")                                                               \
    X("   \t\xE3\x80\x80", "empty query")                                              \
    X("a \xFF", "not valid UTF-8 at byte 2 (character 3")                              \
    X("\xE9\xAB", "not valid UTF-8 at byte 0 (character 1")                            \
    X("a \"bc", "unbalanced quote at character 3")                                     \
    X("\xE2\x80\x9C新质生产力", "unbalanced quote at character 1")                     \
    X("region:\"新余", "unbalanced quote at character 8")                              \
    X("(a b", "unbalanced '(' at character 1")                                         \
    X("((a) b", "unbalanced '(' at character 1")                                       \
    X("(", "unbalanced '(' at character 1")                                            \
    X("a (", "unbalanced '(' at character 3")                                          \
    X("a b)", "unbalanced ')' at character 4")                                         \
    X(")a", "unbalanced ')' at character 1")                                           \
    X("（a", "unbalanced '(' at character 1")                                          \
    X("()", "empty parentheses at character 1")                                        \
    X("a ( ) b", "empty parentheses at character 3")                                   \
    X("OR", "OR at character 1 of the query has nothing before it")                    \
    X("OR a", "OR at character 1 of the query has nothing before it")                  \
    X("a OR", "OR at character 3 of the query has nothing after it")                   \
    X("a OR OR b", "OR at character 3 of the query has nothing after it")              \
    X("(a OR) b", "OR at character 4 of the query has nothing after it")               \
    X("AND", "AND at character 1 of the query has nothing before it")                  \
    X("a AND", "AND at character 3 of the query has nothing after it")                 \
    X("a AND OR b", "AND at character 3 of the query has nothing after it")            \
    X("NOT", "NOT at character 1 of the query has nothing after it")                   \
    X("a NOT", "NOT at character 3 of the query has nothing after it")                 \
    X("-", "lone '-' at character 1")                                                  \
    X("- a", "lone '-' at character 1")                                                \
    X("a -", "lone '-' at character 3")                                                \
    X("a （-）", "lone '-' at character 4")                                            \
    X("~", "lone '~' at character 1")                                                  \
    X("a ~ b", "lone '~' at character 3")                                              \
    X("~(a b)", "lone '~' at character 1")                                             \
    X("a ~\"b\"", "lone '~' at character 3")                                           \
    X("--a", "double negation at character 1")                                         \
    X("a NOT -b", "double negation at character 3")                                    \
    X("-a", "only excludes (from character 1)")                                        \
    X("NOT a", "only excludes (from character 1)")                                     \
    X("-a -b", "only excludes (from character 1)")                                     \
    X("－煤炭 NOT 钢铁", "only excludes (from character 1)")                           \
    X("a OR -b", "OR branch at character 6")                                           \
    X("-a OR b", "OR branch at character 1")                                           \
    X("(-a) b", "group at character 1")                                                \
    X("b (NOT a -c)", "group at character 3")                                          \
    X("\"\"", "empty phrase at character 1")                                           \
    X("a \xE2\x80\x9C \xE2\x80\x9D", "empty phrase at character 3")                    \
    X("region:", "empty value for region: at character 1")                             \
    X("a title: b", "empty value for title: at character 3")                           \
    X("year:", "empty value for year: at character 1")                                 \
    X("region:\"\"", "empty value for region: at character 1")                         \
    X("region:(江西 OR 湖南)", "empty value for region: at character 1")               \
    X("year:abc", "bad year 'abc' at character 6")                                     \
    X("year:2025..2020", "reversed year range 2025..2020 at character 6")              \
    X("year:..", "year range without a year at character 6")                           \
    X("year:99", "year out of range at character 6")                                   \
    X("year:20255", "year out of range at character 6")                                \
    X("year:2020-", "bad year '2020-' at character 6")                                 \
    X("year:2020..2025..", "bad year")                                                 \
    X("a year:2025x", "bad year '2025x' at character 8")
/* clang-format on */

#define ZC_MQ_QUERY(q, m) q,
static const char *const zc_malformed_queries[] = {ZC_MALFORMED_QUERIES(ZC_MQ_QUERY)};
#define ZC_N_MALFORMED_QUERIES (sizeof zc_malformed_queries / sizeof *zc_malformed_queries)

#endif
