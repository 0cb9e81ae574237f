/* File-system helpers. */
#ifndef ZC_COMMON_FS_H
#define ZC_COMMON_FS_H

#include <stdint.h>

/* rm -rf: a link is removed, never followed. */
void zc_fs_rmtree(const char *path);
/* Bytes of the regular files directly in dir (a Xapian database is flat). */
uint64_t zc_fs_dir_bytes(const char *dir);

#endif
