// EPW and hourly weather CSV (the reader picks by content).
#include <string_view>

#include "dceff/weather/read_weather.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  dceff::fuzz::refuse_cleanly([&] { (void)dceff::weather::parse_weather(bytes, "weather"); });
  return 0;
}
