// The policy file of `dceff check --policy`.
#include <sstream>

#include "dceff/checks/policy.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{dceff::fuzz::text_of(data, size)};
  dceff::fuzz::refuse_cleanly([&] { (void)dceff::checks::read_policy(in, "policy.json"); });
  return 0;
}
