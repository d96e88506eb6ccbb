# Shared steps of the golden cases: the CLI cases (cmake/RunCliCase.cmake) and the bad-input
# corpus (tests/corpus/run_case.cmake). A case folder holds `args` (one argument per line;
# @CASE@ expands to the folder) and its expectations; paths of the folder are written as @CASE@
# in every expectation, since they differ between checkouts.
include_guard(GLOBAL)

# golden_read_args(<case dir> <var>): the case's arguments as a list.
function(golden_read_args case_dir var)
  file(STRINGS "${case_dir}/args" raw_args ENCODING UTF-8)
  set(args "")
  foreach(arg IN LISTS raw_args)
    string(REPLACE "@CASE@" "${case_dir}" arg "${arg}")
    list(APPEND args "${arg}")
  endforeach()
  set(${var} "${args}" PARENT_SCOPE)
endfunction()

# golden_run(<out var> <err var> <code var> [INPUT_FILE f] [TIMEOUT s] ARGS ...): runs ${EXE}
# in ${ROOT} and returns its stdout, stderr and exit code with ${CASE} written as @CASE@.
function(golden_run out_var err_var code_var)
  cmake_parse_arguments(PARSE_ARGV 3 run "" "INPUT_FILE;TIMEOUT" "ARGS")
  set(options "")
  if(run_INPUT_FILE)
    list(APPEND options INPUT_FILE "${run_INPUT_FILE}")
  endif()
  if(run_TIMEOUT)
    list(APPEND options TIMEOUT ${run_TIMEOUT})
  endif()
  execute_process(COMMAND ${EXE} ${run_ARGS} WORKING_DIRECTORY "${ROOT}" ${options}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REPLACE "${CASE}" "@CASE@" out "${out}")
  string(REPLACE "${CASE}" "@CASE@" err "${err}")
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
  set(${code_var} "${code}" PARENT_SCOPE)
endfunction()

# golden_read_expected(<file> <var>): the file's text, empty when it does not exist.
function(golden_read_expected file var)
  set(text "")
  if(EXISTS "${file}")
    file(READ "${file}" text)
  endif()
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

# golden_write_expected(<file> <text>): approves text; an empty expectation has no file.
function(golden_write_expected file text)
  if(text STREQUAL "")
    file(REMOVE "${file}")
  else()
    file(WRITE "${file}" "${text}")
  endif()
endfunction()

# golden_expected_code(<case dir> <var>): the first line of `exit_code`, 0 without the file.
function(golden_expected_code case_dir var)
  set(code 0)
  if(EXISTS "${case_dir}/exit_code")
    file(STRINGS "${case_dir}/exit_code" code LIMIT_COUNT 1)
  endif()
  set(${var} "${code}" PARENT_SCOPE)
endfunction()

# golden_approve_code(<case dir> <code>): writes `exit_code`, removed for 0.
function(golden_approve_code case_dir code)
  if(code EQUAL 0)
    file(REMOVE "${case_dir}/exit_code")
  else()
    file(WRITE "${case_dir}/exit_code" "${code}\n")
  endif()
endfunction()

# golden_compare(<what> <got var> <want var>): reports a difference and sets `failed` in the
# caller's scope.
function(golden_compare what got_var want_var)
  if(NOT "${${got_var}}" STREQUAL "${${want_var}}")
    message(SEND_ERROR "${what} differs; got:\n${${got_var}}\nwant:\n${${want_var}}")
    set(failed TRUE PARENT_SCOPE)
  endif()
endfunction()
