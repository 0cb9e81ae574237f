/* Documents in container formats to text: PDF (poppler-glib), DOCX and
 * WPS saved as OOXML, XLSX and OFD (libzip + libxml2), DOC and XLS (OLE2:
 * libgsf for the container, antiword for Word's text; docs/indexing.md).
 *
 * The format is decided by the bytes (zc_detect): the extension is only a
 * hint used when the content does not decide. Error messages do not name
 * the file: the caller prefixes it, as with zc_decode. */
#ifndef ZC_EXTRACT_EXTRACT_H
#define ZC_EXTRACT_EXTRACT_H

#include <stddef.h>

#include "zhengce.h"

typedef enum zc_format {
    ZC_FMT_TEXT = 0, /* none of the below: plain text, HTML, CSV... by name */
    ZC_FMT_PDF,
    ZC_FMT_DOCX,
    ZC_FMT_XLSX,
    ZC_FMT_OFD,
    ZC_FMT_DOC,   /* OLE2 with a WordDocument stream (Word 97+, WPS) */
    ZC_FMT_XLS,   /* OLE2 with a Workbook (BIFF8) stream */
    ZC_FMT_ZIP,   /* another zip archive: not a document */
    ZC_FMT_OLE,   /* another OLE2 file */
    ZC_FMT_BINARY /* a known binary kind that is no document (images...) */
} zc_format;

/* The format of data[0..len) by its magic bytes and, for zip and OLE2
 * containers, by the entries or streams they hold. */
zc_format zc_detect(const char *data, size_t len);
const char *zc_format_name(zc_format f);

/* Limits on what a container may expand to (zip bombs). */
#define ZC_ZIP_MAX_ENTRY ((size_t)256 << 20) /* bytes of one entry read */
#define ZC_ZIP_MAX_TOTAL ((size_t)512 << 20) /* bytes of all entries read */
#define ZC_ZIP_MAX_RATIO 200                 /* expansion past 1 MB */

/* A workbook's sheet: rows of cells (NULL: empty cell). */
typedef struct zc_sheet {
    char *name;
    char ***rows; /* rows[r][c] */
    size_t *ncells;
    size_t nrows;
} zc_sheet;

typedef struct zc_extract_opts {
    const char *path;      /* the file (external filters read it) */
    int ocr;               /* OCR pages without usable text when tesseract is there */
    const char *tesseract; /* the program; NULL: /usr/bin/tesseract */
} zc_extract_opts;

typedef struct zc_extracted {
    char *text; /* UTF-8, lines of text (NULL for workbooks) */
    size_t len;
    /* Weak evidence from the file's own metadata (NULL when absent): the
     * title and the dates it states (ISO 8601 dates). */
    char *meta_title;
    char *meta_created;
    char *meta_modified;
    zc_sheet *sheets; /* workbooks */
    size_t nsheets;
    unsigned pages;     /* PDF/OFD pages */
    unsigned ocr_pages; /* pages read by OCR */
} zc_extracted;

/* Extracts a document of format fmt (not ZC_FMT_TEXT). Errors:
 * ZC_ERR_INVALID (malformed, encrypted, over the limits above, a
 * container that holds no document), ZC_ERR_ENCODING (a PDF page whose
 * text layer is garbage and that could not be read by OCR), ZC_ERR_NOMEM.
 * out is zeroed on error. */
int zc_extract(zc_format fmt, const char *data, size_t len, const zc_extract_opts *o,
               zc_extracted *out, zc_error *err);
void zc_extracted_free(zc_extracted *x);

/* The formats one by one (same contract). */
int zc_extract_pdf(const char *data, size_t len, const zc_extract_opts *o, zc_extracted *out,
                   zc_error *err);
int zc_extract_docx(const char *data, size_t len, zc_extracted *out, zc_error *err);
int zc_extract_xlsx(const char *data, size_t len, zc_extracted *out, zc_error *err);
int zc_extract_ofd(const char *data, size_t len, zc_extracted *out, zc_error *err);
int zc_extract_doc(const char *data, size_t len, const zc_extract_opts *o, zc_extracted *out,
                   zc_error *err);
int zc_extract_xls(const char *data, size_t len, zc_extracted *out, zc_error *err);

/* An Excel date serial (1900 system: 1 = 1900-01-01, 60 the leap day
 * Excel counts that never was) as "YYYY-MM-DD" (with " HH:MM" when it has
 * a time of day). 0 when v is no plausible date (1900..9999). */
int zc_excel_date(double v, char out[24]);

#endif
