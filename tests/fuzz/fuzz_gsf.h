/* For the targets whose inputs reach libgsf's OLE2 reader (through
 * zc_detect or the XLS reader): libgsf 1.14.50 leaks the directory entries
 * it was building when a container's directory is damaged
 * (gsf_infile_msole_new, after its "ole_dirent_new: assertion" message);
 * a program that frees all it is given still shows the leak. LeakSanitizer
 * is told to pass over leaks made inside gsf_infile_msole_new, and to unwind
 * fully so that the frame is seen (libglib and libgsf have no frame
 * pointers: the fast unwinder stops at g_malloc0). A container we fail to
 * free is still reported by the ASan suite (tests/test_formats_hostile.c),
 * which does not include this. Include it in exactly one file of a
 * target. Such an input is not kept among the regressions: the replay
 * driver's sanitizer runs (gcc's shared runtime) do not read these
 * defaults from the executable, and would report libgsf's leak. */
#ifndef ZC_TESTS_FUZZ_GSF_H
#define ZC_TESTS_FUZZ_GSF_H

const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void)
{
    return "leak:gsf_infile_msole_new\n";
}

#endif
