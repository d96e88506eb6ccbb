cmake_minimum_required(VERSION 3.25)
# Runs every `$ dceff ...` line of the README's console blocks: -DEXE=<dceff> -DROOT=<repo>.
# Each runs in a scratch directory holding a link to samples/; a trailing `# exits N` sets the
# expected exit code (default 0).

file(STRINGS "${ROOT}/README.md" lines ENCODING UTF-8)
set(scratch "${CMAKE_CURRENT_BINARY_DIR}/readme-examples")
file(REMOVE_RECURSE "${scratch}")
file(MAKE_DIRECTORY "${scratch}")
file(CREATE_LINK "${ROOT}/samples" "${scratch}/samples" SYMBOLIC)

set(in_console FALSE)
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^```console")
    set(in_console TRUE)
    continue()
  endif()
  if(line MATCHES "^```")
    set(in_console FALSE)
    continue()
  endif()
  if(NOT in_console OR NOT line MATCHES "^\\$ dceff ")
    continue()
  endif()
  set(want 0)
  if(line MATCHES "# exits ([0-9]+)")
    set(want "${CMAKE_MATCH_1}")
  endif()
  string(REGEX REPLACE "^\\$ dceff " "\"${EXE}\" " command "${line}")
  string(REGEX REPLACE "[ ]*#.*$" "" command "${command}")
  execute_process(
    COMMAND sh -c "${command}"
    WORKING_DIRECTORY "${scratch}"
    RESULT_VARIABLE got
    OUTPUT_QUIET ERROR_VARIABLE err)
  math(EXPR count "${count} + 1")
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "README example failed (exit ${got}, want ${want}):\n${line}\n${err}")
  endif()
endforeach()
if(count LESS 5)
  message(FATAL_ERROR "found only ${count} README examples")
endif()
message(STATUS "${count} README examples ran as documented")
