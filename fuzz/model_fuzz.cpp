// The facility model file of `dceff whatif` (CSV paths resolve in an empty folder).
#include <filesystem>
#include <sstream>

#include "dceff/io/model_config.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path base = std::filesystem::temp_directory_path();
  std::istringstream in{dceff::fuzz::text_of(data, size)};
  dceff::fuzz::refuse_cleanly([&] { (void)dceff::io::read_model(in, "model.json", base); });
  return 0;
}
