// The partial state of `report --partial`, read and merged (which replays the site file it
// carries and appends its buckets to a ledger).
#include <sstream>
#include <vector>

#include "dceff/partial.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{dceff::fuzz::text_of(data, size)};
  dceff::fuzz::refuse_cleanly([&] {
    auto state = dceff::read_partial(in, "part.json");
    std::vector<dceff::PartialState> parts;
    parts.push_back(std::move(state));
    dceff::Diagnostics diagnostics;
    (void)dceff::merge(std::move(parts), dceff::report::Period::kDay, diagnostics);
  });
  return 0;
}
