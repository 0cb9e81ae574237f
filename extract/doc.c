/* Word 97–2003 documents (and WPS documents in that format): the text
 * through antiword, run without a shell on the file itself, with a time
 * limit (docs/indexing.md says why no library: none in Debian reads Word's
 * piece table, and libgsf only opens the container). */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extract.h"
#include "spawn.h"

enum { DOC_TIMEOUT_S = 60 };

int zc_extract_doc(const char *data, size_t len, const zc_extract_opts *o, zc_extracted *out,
                   zc_error *err)
{
    (void)data;
    (void)len;
    memset(out, 0, sizeof *out);
    if (!o || !o->path)
        return zc_err_set(err, ZC_ERR_INVALID, "Word 97-2003 documents are read from a file");
    /* -w 0: a paragraph on one line; -m UTF-8.txt: UTF-8 out; "--" keeps
     * a name that starts with '-' a name. */
    const char *argv[] = {"/usr/bin/antiword", "-w", "0", "-m", "UTF-8.txt", "--", o->path, NULL};
    int rc = zc_spawn(argv, NULL, 0, DOC_TIMEOUT_S, (size_t)256 << 20, &out->text, &out->len, err);
    if (rc == ZC_ERR_NOT_FOUND)
        return zc_err_set(err, ZC_ERR_INVALID,
                          "Word 97-2003 document, and antiword, which reads them, is not "
                          "installed");
    return rc;
}
