/* The dispatch to each format's reader (extract.h). */
#include <string.h>

#include "common/err.h"
#include "extract.h"

int zc_extract(zc_format fmt, const char *data, size_t len, const zc_extract_opts *o,
               zc_extracted *out, zc_error *err)
{
    static const zc_extract_opts none = {0};
    if (!o)
        o = &none;
    memset(out, 0, sizeof *out);
    switch (fmt) {
    case ZC_FMT_PDF: return zc_extract_pdf(data, len, o, out, err);
    case ZC_FMT_DOCX: return zc_extract_docx(data, len, out, err);
    case ZC_FMT_XLSX: return zc_extract_xlsx(data, len, out, err);
    case ZC_FMT_OFD: return zc_extract_ofd(data, len, out, err);
    case ZC_FMT_DOC: return zc_extract_doc(data, len, o, out, err);
    case ZC_FMT_XLS: return zc_extract_xls(data, len, out, err);
    default:
        return zc_err_set(err, ZC_ERR_INVALID, "%s: not a document format this version reads",
                          zc_format_name(fmt));
    }
}
