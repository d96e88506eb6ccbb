// The policy file of `dceff check --policy`.
#include <sstream>

#include <nlohmann/json.hpp>

#include "dceff/checks/policy.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{dceff::fuzz::text_of(data, size)};
  try {
    dceff::fuzz::refuse_cleanly([&] { (void)dceff::checks::read_policy(in, "policy.json"); });
  } catch (const nlohmann::json::out_of_range&) {
    // Known finding (fuzz/findings/policy_number_overflow.json, reported to the checks owner):
    // 1e400 escapes as an internal error. Tolerated here so the fuzzer looks further.
  }
  return 0;
}
