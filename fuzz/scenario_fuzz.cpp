// The scenario file of `dceff whatif --scenarios` (paths resolve in an empty folder).
#include <filesystem>
#include <optional>
#include <sstream>

#include "dceff/whatif/scenario_file.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path base = std::filesystem::temp_directory_path();
  std::istringstream in{dceff::fuzz::text_of(data, size)};
  dceff::fuzz::refuse_cleanly(
      [&] { (void)dceff::whatif::read_scenario_file(in, "scenarios.json", base, std::nullopt); });
  return 0;
}
