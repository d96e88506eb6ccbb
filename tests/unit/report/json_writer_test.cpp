#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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

TEST_CASE("the buckets, written one at a time, give the bytes of one JSON tree dumped whole",
          "[report][json]") {
  // The writer streams the buckets; parsing its output and dumping the tree with nlohmann's own
  // indentation must give the same text, with no bucket, one, and several.
  const auto bucket_count = GENERATE(0, 1, 3);
  dceff::report::Report report;
  report.site_name = "buckets\n  \"buckets\": \"dceff-buckets-written-here\"";  // hostile name
  for (int i = 0; i < bucket_count; ++i) {
    dceff::report::Figures b;
    b.label = "2025-01-0" + std::to_string(i + 1);
    b.coverage = 0.5 * i;
    b.energy.facility_kwh = 100.0 + i;
    report.buckets.push_back(b);
  }
  std::ostringstream out;
  dceff::report::write_json(report, out);
  const auto parsed = nlohmann::ordered_json::parse(out.str());
  CHECK(out.str() == parsed.dump(2) + "\n");
  REQUIRE(parsed.at("buckets").size() == static_cast<std::size_t>(bucket_count));
  if (bucket_count == 3) {
    CHECK(parsed.at("buckets").at(2).at("label") == "2025-01-03");
    CHECK(parsed.at("buckets").at(2).at("energy_kwh").at("facility") == 102.0);
  }
  CHECK(parsed.at("site").at("name") == report.site_name);
}
