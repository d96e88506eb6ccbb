// The facility model file of `dceff whatif` (CSV paths resolve in an empty folder).
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dceff/io/model_config.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path base = std::filesystem::temp_directory_path();
  std::istringstream in{dceff::fuzz::text_of(data, size)};
  try {
    dceff::fuzz::refuse_cleanly([&] { (void)dceff::io::read_model(in, "model.json", base); });
  } catch (const nlohmann::json::out_of_range&) {
    // Known finding (fuzz/findings/model_number_overflow.json, reported to the whatif owner):
    // 1e400 escapes the shared config-JSON parser as an internal error.
  }
  return 0;
}
