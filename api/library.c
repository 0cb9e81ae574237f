/* libzhengce.so: its code is zhengce_core's (linked whole); this file only
 * gives the shared library a source of its own. The exported names are the
 * ZC_API functions of include/zhengce.h (cmake/library.cmake). */
#include "zhengce.h"
