cmake_minimum_required(VERSION 3.25)
# Runs one golden CLI case: -DEXE=<dceff> -DCASE=<case dir> -DROOT=<repo root> [-DAPPROVE=ON].
# The case folder holds `args` (one argument per line; @CASE@ expands to the folder), optional
# `stdin` (fed to standard input) or `stdin_from` (a repository path fed to it), `expected.txt`
# (stdout), optional `expected_stderr.txt` and optional `exit_code` (default 0). With
# APPROVE=ON the expectations are rewritten instead.
include(${CMAKE_CURRENT_LIST_DIR}/GoldenCase.cmake)

golden_read_args("${CASE}" args)
set(input_file "")
if(EXISTS "${CASE}/stdin")
  set(input_file "${CASE}/stdin")
elseif(EXISTS "${CASE}/stdin_from")
  file(STRINGS "${CASE}/stdin_from" stdin_path LIMIT_COUNT 1)
  set(input_file "${ROOT}/${stdin_path}")
endif()
golden_run(got_out got_err got_code INPUT_FILE "${input_file}" ARGS ${args})

if(APPROVE)
  file(WRITE "${CASE}/expected.txt" "${got_out}")
  golden_write_expected("${CASE}/expected_stderr.txt" "${got_err}")
  golden_approve_code("${CASE}" "${got_code}")
  message(STATUS "approved ${CASE} (exit ${got_code})")
  return()
endif()

golden_expected_code("${CASE}" want_code)
golden_read_expected("${CASE}/expected.txt" want_out)
golden_read_expected("${CASE}/expected_stderr.txt" want_err)
set(failed FALSE)
golden_compare("exit code" got_code want_code)
golden_compare("stdout (${CASE}/expected.txt)" got_out want_out)
golden_compare("stderr" got_err want_err)
if(failed)
  message(FATAL_ERROR "golden case ${CASE} failed")
endif()
