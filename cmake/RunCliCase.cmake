cmake_minimum_required(VERSION 3.25)
# Runs one golden CLI case: -DEXE=<dceff> -DCASE=<case dir> -DROOT=<repo root> [-DAPPROVE=ON].
# The case folder holds `args` (one argument per line; @CASE@ expands to the folder), optional
# `stdin` (fed to standard input), `expected.txt` (stdout), optional `expected_stderr.txt` and
# optional `exit_code` (default 0). With APPROVE=ON the expectations are rewritten instead.

file(STRINGS "${CASE}/args" raw_args ENCODING UTF-8)
set(args "")
foreach(arg IN LISTS raw_args)
  string(REPLACE "@CASE@" "${CASE}" arg "${arg}")
  list(APPEND args "${arg}")
endforeach()

set(input_args "")
if(EXISTS "${CASE}/stdin")
  set(input_args INPUT_FILE "${CASE}/stdin")
elseif(EXISTS "${CASE}/stdin_from")
  file(STRINGS "${CASE}/stdin_from" stdin_path LIMIT_COUNT 1)
  set(input_args INPUT_FILE "${ROOT}/${stdin_path}")
endif()

execute_process(
  COMMAND ${EXE} ${args}
  WORKING_DIRECTORY "${ROOT}"
  ${input_args}
  RESULT_VARIABLE got_code
  OUTPUT_VARIABLE got_out
  ERROR_VARIABLE got_err)

# Paths of case folders differ between checkouts; expectations use @CASE@.
string(REPLACE "${CASE}" "@CASE@" got_out "${got_out}")
string(REPLACE "${CASE}" "@CASE@" got_err "${got_err}")

if(APPROVE)
  file(WRITE "${CASE}/expected.txt" "${got_out}")
  if(got_err STREQUAL "")
    file(REMOVE "${CASE}/expected_stderr.txt")
  else()
    file(WRITE "${CASE}/expected_stderr.txt" "${got_err}")
  endif()
  if(got_code EQUAL 0)
    file(REMOVE "${CASE}/exit_code")
  else()
    file(WRITE "${CASE}/exit_code" "${got_code}\n")
  endif()
  message(STATUS "approved ${CASE} (exit ${got_code})")
  return()
endif()

set(want_code 0)
if(EXISTS "${CASE}/exit_code")
  file(STRINGS "${CASE}/exit_code" want_code LIMIT_COUNT 1)
endif()
set(want_out "")
if(EXISTS "${CASE}/expected.txt")
  file(READ "${CASE}/expected.txt" want_out)
endif()
set(want_err "")
if(EXISTS "${CASE}/expected_stderr.txt")
  file(READ "${CASE}/expected_stderr.txt" want_err)
endif()

set(failed FALSE)
if(NOT got_code STREQUAL want_code)
  message(SEND_ERROR "exit code: got ${got_code}, want ${want_code}")
  set(failed TRUE)
endif()
if(NOT got_out STREQUAL want_out)
  file(WRITE "${CASE}.got.txt" "${got_out}")
  message(SEND_ERROR "stdout differs from ${CASE}/expected.txt; got:\n${got_out}")
  set(failed TRUE)
endif()
if(NOT got_err STREQUAL want_err)
  message(SEND_ERROR "stderr differs; got:\n${got_err}\nwant:\n${want_err}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "golden case ${CASE} failed")
endif()
