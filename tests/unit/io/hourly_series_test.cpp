#include "dceff/io/hourly_series.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

namespace {

using Catch::Matchers::Message;
using dceff::InputError;
using dceff::io::SeriesLimits;

constexpr SeriesLimits kPower{0.0, 1e4, "a power in kW from 0 to 10000"};

auto read(const std::string& text) -> std::vector<double> {
  std::istringstream in{text};
  return dceff::io::read_hourly_series(in, "it.csv", kPower);
}

TEST_CASE("an hourly series takes the last field and skips a header", "[io][series]") {
  CHECK(read("timestamp,kw\r\n2025-01-01T00:00,500\r\n2025-01-01T01:00, 510.5 \r\n") ==
        std::vector<double>{500.0, 510.5});
  CHECK(read("# exported by the BMS\n\n400\n410\n") == std::vector<double>{400.0, 410.0});
}

TEST_CASE("bad values in an hourly series name the line", "[io][series][errors]") {
  CHECK_THROWS_MATCHES(read("kw\n400\nn/a\n"), InputError,
                       Message("it.csv:3: invalid value 'n/a' (expected a power in kW from 0 to "
                               "10000)"));
  CHECK_THROWS_MATCHES(read("400\n20000\n"), InputError,
                       Message("it.csv:2: invalid value '20000' (expected a power in kW from 0 "
                               "to 10000)"));
  CHECK_THROWS_MATCHES(read("kw\nheader again\n"), InputError,
                       Message("it.csv:2: invalid value 'header again' (expected a power in kW "
                               "from 0 to 10000)"));
  CHECK_THROWS_MATCHES(read("kw\n"), InputError,
                       Message("it.csv: no values (expected one line per hour with a power in "
                               "kW from 0 to 10000)"));
}

}  // namespace
