// The --fail-if gate expression grammar.
#include "dceff/checks/expression.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = dceff::fuzz::text_of(data, size);
  dceff::fuzz::refuse_cleanly([&] { (void)dceff::checks::Expression::parse(text, "--fail-if"); });
  return 0;
}
