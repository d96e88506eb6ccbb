# Warnings live on an INTERFACE target so that only our own targets get them.
add_library(dceff_warnings INTERFACE)
target_compile_options(
  dceff_warnings
  INTERFACE -Wall
            -Wextra
            -Wpedantic
            -Wshadow
            -Wconversion
            -Wsign-conversion
            -Wold-style-cast
            -Wnon-virtual-dtor
            -Woverloaded-virtual
            -Wdouble-promotion
            -Wimplicit-fallthrough
            -Wformat=2
            # GCC 12 reports a false -Wnull-dereference inside CLI11, so only Clang gets it.
            $<$<CXX_COMPILER_ID:Clang>:-Wnull-dereference>
            $<$<BOOL:${DCEFF_WARNINGS_AS_ERRORS}>:-Werror>)
