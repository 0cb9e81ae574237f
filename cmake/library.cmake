# libzhengce.so (versioned SONAME), libzhengce.a, and what `cmake --install`
# puts beside them: the header, the dictionary, zhengce.pc and the CMake
# package (find_package(zhengce) -> zhengce::zhengce).

# The exported names: exactly the functions marked ZC_API in the headers
# (zhengce.h and zhengce_http.h, which it includes).
file(STRINGS ${PROJECT_SOURCE_DIR}/include/zhengce.h ZC_API_LINES REGEX "^ZC_API ")
file(STRINGS ${PROJECT_SOURCE_DIR}/include/zhengce_http.h ZC_API_LINES_HTTP REGEX "^ZC_API ")
list(APPEND ZC_API_LINES ${ZC_API_LINES_HTTP})
file(STRINGS ${PROJECT_SOURCE_DIR}/include/zhengce_research.h ZC_API_RESEARCH REGEX "^ZC_API ")
list(APPEND ZC_API_LINES ${ZC_API_RESEARCH})
set(ZC_EXPORTS "")
foreach(line IN LISTS ZC_API_LINES)
  if(line MATCHES "(zc_[a-z0-9_]+)\\(")
    string(APPEND ZC_EXPORTS "    ${CMAKE_MATCH_1};\n")
  endif()
endforeach()
# An anonymous version (no version node), so that `nm -D` lists nothing but
# the API; "local: *" hides what static archives or C++ code might add.
set(ZC_VERSION_SCRIPT ${PROJECT_BINARY_DIR}/zhengce.map)
file(WRITE ${ZC_VERSION_SCRIPT}.tmp "{\n  global:\n${ZC_EXPORTS}  local: *;\n};\n")
configure_file(${ZC_VERSION_SCRIPT}.tmp ${ZC_VERSION_SCRIPT} COPYONLY)

# The shared library holds every object of zhengce_core; the C++ runtime
# and libxapian are linked privately.
add_library(zhengce_shared SHARED ${PROJECT_SOURCE_DIR}/api/library.c)
target_link_libraries(zhengce_shared PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,zhengce_core>")
target_include_directories(zhengce_shared PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_options(zhengce_shared PRIVATE "LINKER:--version-script=${ZC_VERSION_SCRIPT}")
if(NOT ZC_SANITIZE AND NOT ZC_TSAN)
  target_link_options(zhengce_shared PRIVATE "LINKER:--no-undefined")
endif()
set_target_properties(zhengce_shared PROPERTIES
  OUTPUT_NAME zhengce
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  LINK_DEPENDS ${ZC_VERSION_SCRIPT}
  LINKER_LANGUAGE CXX)

# Installation. libzhengce.a is zhengce_core's archive under its public name.
install(TARGETS zhengce_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES $<TARGET_FILE:zhengce_core> DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RENAME libzhengce.a)
install(FILES ${PROJECT_SOURCE_DIR}/include/zhengce.h ${PROJECT_SOURCE_DIR}/include/zhengce_http.h ${PROJECT_SOURCE_DIR}/include/zhengce_research.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/dict/zhengce.dict
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zhengce)

# What a static link needs besides libzhengce.a.
set(ZC_PC_REQUIRES_PRIVATE
  "xapian-core jansson glib-2.0 libutf8proc opencc uchardet libxml-2.0 md4c libxxhash libzstd libmicrohttpd poppler-glib cairo libzip libgsf-1")
set(ZC_PC_LIBS_PRIVATE "-lcsv -lstdc++ -lm -lpthread")
set(ZC_STATIC_LIBS xapian microhttpd jansson poppler-glib cairo zip gsf-1 gobject-2.0 glib-2.0 utf8proc opencc uchardet xml2 md4c csv xxhash zstd stdc++ m pthread)

# zhengce.pc and the package config find the prefix from where they are,
# so an install moved or made with `cmake --install --prefix` works.
file(RELATIVE_PATH ZC_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/zhengce.pc.in ${PROJECT_BINARY_DIR}/zhengce.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/zhengce.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(ZC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/zhengce)
file(RELATIVE_PATH ZC_CMAKE_TO_PREFIX ${CMAKE_INSTALL_PREFIX}/${ZC_CMAKE_DIR} ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/zhengceConfig.cmake.in
               ${PROJECT_BINARY_DIR}/zhengceConfig.cmake @ONLY)
include(CMakePackageConfigHelpers)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/zhengceConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/zhengceConfig.cmake
              ${PROJECT_BINARY_DIR}/zhengceConfigVersion.cmake
        DESTINATION ${ZC_CMAKE_DIR})
