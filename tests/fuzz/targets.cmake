# The fuzz targets: tests/fuzz/fuzz_<name>.c, seeds in seeds/<name>/,
# inputs that once failed in regressions/<name>/.
set(ZC_FUZZ_TARGETS decode normalize clean seg query search table manifest markdown pdf ooxml xls
  pdf_layout meta http research)
