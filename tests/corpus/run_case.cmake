cmake_minimum_required(VERSION 3.25)
# Runs one bad-input corpus case: -DEXE=<dceff> -DCASE=<case dir> -DROOT=<repo root> [-DAPPROVE=ON].
# The case folder holds `args` (the `dceff report` invocation, one argument per line; @CASE@
# expands to the folder), `expected.txt` (stdout: the CSV report when the input is read),
# optional `expected_stderr.txt` and `exit_code` (default 0). A case that is read (exit 0) also
# runs `dceff validate --strict` on the same input and compares its stdout and stderr with
# `expected_findings.txt`, first line the exit code: the findings the report carries.
# With APPROVE=ON the expectations are rewritten instead (review every number by hand).
include(${ROOT}/cmake/GoldenCase.cmake)

golden_read_args("${CASE}" args)
golden_run(got_out got_err got_code TIMEOUT 20 ARGS ${args})

# validate --strict with the report's site and inputs (validate has no --format, and no
# --missing-marker: a case that needs one has no findings file).
set(findings "")
list(FIND args "--missing-marker" marker_at)
if(got_code EQUAL 0 AND marker_at EQUAL -1)
  list(SUBLIST args 1 -1 validate_args)
  list(FIND validate_args "--format" format_at)
  if(NOT format_at EQUAL -1)
    list(REMOVE_AT validate_args ${format_at})
    list(REMOVE_AT validate_args ${format_at})
  endif()
  golden_run(f_out f_err f_code TIMEOUT 20 ARGS validate --strict ${validate_args})
  set(findings "${f_code}\n${f_out}${f_err}")
endif()

if(APPROVE)
  file(WRITE "${CASE}/expected.txt" "${got_out}")
  golden_write_expected("${CASE}/expected_stderr.txt" "${got_err}")
  golden_approve_code("${CASE}" "${got_code}")
  golden_write_expected("${CASE}/expected_findings.txt" "${findings}")
  message(STATUS "approved ${CASE} (exit ${got_code})")
  return()
endif()

golden_expected_code("${CASE}" want_code)
golden_read_expected("${CASE}/expected.txt" want_out)
golden_read_expected("${CASE}/expected_stderr.txt" want_err)
golden_read_expected("${CASE}/expected_findings.txt" want_findings)
set(failed FALSE)
golden_compare("exit code" got_code want_code)
golden_compare("stdout (expected.txt)" got_out want_out)
golden_compare("stderr" got_err want_err)
golden_compare("validate --strict (expected_findings.txt)" findings want_findings)
if(failed)
  message(FATAL_ERROR "corpus case ${CASE} failed")
endif()
