/* Manifests (indexer/manifest.h), which are only read from files: each
 * input is written as zhengce-manifest.csv in a temporary directory and a
 * new zc_manifests looks up a few file names there. Checks: an entry's
 * year is 0 or a plausible year; a failure is an error naming the
 * manifest. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "indexer/manifest.h"

static char dir[4096];
static char manifest[4200];

static void setup(void)
{
    zc_fuzz_tmpdir(dir, sizeof dir, "manifest");
    snprintf(manifest, sizeof manifest, "%s/zhengce-manifest.csv", dir);
}

static const char *const names[] = {"000_c7aa4d322e244bff.txt", "a.txt", "报告.txt", ""};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    FILE *f = fopen(manifest, "wb");
    ZC_FUZZ_SETUP(f != NULL, "cannot write the manifest");
    ZC_FUZZ_SETUP(fwrite(data, 1, size, f) == size && fclose(f) == 0, "cannot write the manifest");

    zc_manifests *m = NULL;
    zc_error err;
    ZC_FUZZ_SETUP(zc_manifests_new(&m, 0, &err) == ZC_OK, err.message);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        const zc_manifest_entry *e = (const zc_manifest_entry *)1;
        int rc = zc_manifests_find(m, path, &e, &err);
        if (rc) {
            ZC_FUZZ_CHECK(rc == ZC_ERR_INVALID || rc == ZC_ERR_ENCODING || rc == ZC_ERR_NOMEM,
                          "code %d: %s", rc, err.message);
            ZC_FUZZ_CHECK(strstr(err.message, "zhengce-manifest.csv") != NULL,
                          "message does not name the manifest: %s", err.message);
        }
        if (e)
            ZC_FUZZ_CHECK(e->year == 0 || (e->year >= 1949 && e->year <= 2100), "year %d", e->year);
    }
    zc_manifests_free(m);
    return 0;
}
