#include <sstream>

#include <catch2/catch.hpp>

#include "dceff/report/writers.hpp"

TEST_CASE("a meter id that is not UTF-8 is written as a replacement character", "[report][json]") {
  // A Latin-1 export names a meter "K\xe4lte"; the JSON report must still be complete and valid.
  dceff::report::Report report;
  report.unmapped.push_back({"K\xe4lte", 3, {"t.csv", 2}});
  std::ostringstream out;
  REQUIRE_NOTHROW(dceff::report::write_json(report, out));
  CHECK(out.str().find("K\xEF\xBF\xBDlte") != std::string::npos);  // U+FFFD in UTF-8
  CHECK(out.str().back() == '\n');
}
