// The site file reader.
#include <sstream>

#include "dceff/io/site_config.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{dceff::fuzz::text_of(data, size)};
  dceff::fuzz::refuse_cleanly([&] { (void)dceff::io::read_site(in, "site.json"); });
  return 0;
}
