/* Routing documents to shards: which of n machines indexes a document.
 * XXH64 with seed 0 is fixed by its specification, so the same key lands
 * on the same shard on every machine, architecture and release. */
#include <string.h>
#include <xxhash.h>

#include "zhengce.h"

unsigned zc_shard_of(const char *unique_key, unsigned n)
{
    if (n == 0 || !unique_key)
        return 0;
    return (unsigned)(XXH64(unique_key, strlen(unique_key), 0) % n);
}
