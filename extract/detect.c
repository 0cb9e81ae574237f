/* What a file is, by its bytes: magic numbers, then for zip and OLE2
 * containers the parts or streams inside. */
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <string.h>

#include "extract.h"
#include "zipx.h"

const char *zc_format_name(zc_format f)
{
    static const char *names[] = {"text", "PDF", "DOCX",        "XLSX",      "OFD",
                                  "DOC",  "XLS", "zip archive", "OLE2 file", "binary file"};
    return (unsigned)f < sizeof names / sizeof *names ? names[f] : "unknown";
}

static int starts(const char *d, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

static zc_format zip_kind(const char *data, size_t len)
{
    zc_zip *z;
    if (zc_zip_open(data, len, &z, NULL) != ZC_OK)
        return ZC_FMT_ZIP;
    zc_format f = ZC_FMT_ZIP;
    if (zc_zip_has(z, "OFD.xml"))
        f = ZC_FMT_OFD;
    else if (zc_zip_has(z, "word/document.xml"))
        f = ZC_FMT_DOCX;
    else if (zc_zip_has(z, "xl/workbook.xml"))
        f = ZC_FMT_XLSX;
    else {
        /* A main part under another name: what [Content_Types].xml says. */
        char *ct;
        size_t n;
        if (zc_zip_read(z, "[Content_Types].xml", &ct, &n, NULL) == ZC_OK) {
            if (strstr(ct, "wordprocessingml.document.main"))
                f = ZC_FMT_DOCX;
            else if (strstr(ct, "spreadsheetml.sheet.main"))
                f = ZC_FMT_XLSX;
            free(ct);
        }
    }
    zc_zip_close(z);
    return f;
}

static zc_format ole_kind(const char *data, size_t len)
{
    GsfInput *in = gsf_input_memory_new((const guint8 *)data, (gsf_off_t)len, FALSE);
    if (!in)
        return ZC_FMT_OLE;
    GsfInfile *ole = gsf_infile_msole_new(in, NULL);
    zc_format f = ZC_FMT_OLE;
    if (ole) {
        GsfInput *s;
        if ((s = gsf_infile_child_by_name(ole, "WordDocument"))) {
            f = ZC_FMT_DOC;
            g_object_unref(s);
        } else if ((s = gsf_infile_child_by_name(ole, "Workbook")) ||
                   (s = gsf_infile_child_by_name(ole, "Book"))) {
            f = ZC_FMT_XLS;
            g_object_unref(s);
        }
        g_object_unref(ole);
    }
    g_object_unref(in);
    return f;
}

zc_format zc_detect(const char *data, size_t len)
{
    /* %PDF- may follow some bytes of junk: readers look in the first KB. */
    size_t head = len < 1024 ? len : 1024;
    if (head >= 5 && memmem(data, head, "%PDF-", 5))
        return ZC_FMT_PDF;
    if (starts(data, len, "PK\x03\x04", 4))
        return zip_kind(data, len);
    if (starts(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return ole_kind(data, len);
    static const struct {
        const char *magic;
        size_t n;
    } binary[] = {
        {"\x89PNG", 4},
        {"\xFF\xD8\xFF", 3},
        {"GIF8", 4},
        {"Rar!", 4},
        {"7z\xBC\xAF", 4},
        {"\x1F\x8B", 2},
        {"BZh", 3},
        {"\xFD"
         "7zXZ",
         5},
        {"\x7F"
         "ELF",
         4},
    };
    for (size_t i = 0; i < sizeof binary / sizeof *binary; i++)
        if (starts(data, len, binary[i].magic, binary[i].n))
            return ZC_FMT_BINARY;
    return ZC_FMT_TEXT;
}
