#include "dceff/weather/read_weather.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <zlib.h>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"

#include "support/scratch.hpp"
#include "support/weather_files.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::StartsWith;
using dceff::weather::parse_weather;
using dceff::weather::read_weather;

auto write_bytes(const std::string& path, const std::string& bytes) -> std::string {
  std::ofstream out{path, std::ios::binary};
  out << bytes;
  return path;
}

/// A path in the scratch folder (Scratch::write creates the file, empty).
auto path_in(const dceff::test::Scratch& scratch, const std::string& name) -> std::string {
  return scratch.write(name, {});
}

auto gzip(const std::string& text) -> std::string {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  std::string input = text;  // zlib's next_in is not const
  stream.next_in = reinterpret_cast<Bytef*>(input.data());
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

auto weather_csv() -> std::string {
  std::string text = "timestamp,dry_bulb_c,relative_humidity_pct\n";
  const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    for (int day = 1; day <= month_days[month - 1]; ++day) {
      for (int hour = 0; hour < 24; ++hour) {
        text += "2025-" + std::string{month < 10 ? "0" : ""} + std::to_string(month) + "-" +
                (day < 10 ? "0" : "") + std::to_string(day) + " " + (hour < 10 ? "0" : "") +
                std::to_string(hour) + ":00,12.5,50\n";
      }
    }
  }
  return text;
}

TEST_CASE("read_weather chooses EPW or CSV by content", "[weather][read_weather]") {
  const auto epw = dceff::test::make_epw().text();
  const auto as_epw = parse_weather(epw, "w.txt");
  CHECK(as_epw.location == "Testville, TS, XYZ");
  const auto with_bom = parse_weather("\xEF\xBB\xBF" + epw, "w.txt");
  CHECK(with_bom.location == "Testville, TS, XYZ");
  const auto as_csv = parse_weather(weather_csv(), "w.epw");
  CHECK(as_csv.location.empty());
  CHECK(as_csv.hours.size() == 8760);
  CHECK(as_csv.hours[5].dry_bulb_c == 12.5);
}

TEST_CASE("read_weather reads gzip files and hashes the bytes as stored",
          "[weather][read_weather]") {
  const dceff::test::Scratch scratch;
  const auto epw = dceff::test::make_epw().text();
  const auto compressed = gzip(epw);
  const auto path = write_bytes(path_in(scratch, "year.epw.gz"), compressed);
  const auto year = read_weather(path);
  CHECK(year.source == path);
  CHECK(year.hours.size() == 8760);
  CHECK(year.sha256 == dceff::io::sha256_hex(compressed));
  const auto csv_path = write_bytes(path_in(scratch, "year.csv"), weather_csv());
  CHECK(read_weather(csv_path).sha256 == dceff::io::sha256_hex(weather_csv()));
}

TEST_CASE("read_weather reports a missing file and refuses oversized input",
          "[weather][read_weather][errors]") {
  const dceff::test::Scratch scratch;
  const auto absent = path_in(scratch, "absent.epw");
  std::filesystem::remove(absent);
  CHECK_THROWS_AS(read_weather(absent), dceff::InputError);
  CHECK_THROWS_WITH(read_weather(absent), StartsWith(absent + ": cannot open"));
  // 65 MiB of zeros compress to about 64 KiB: the limit holds for the decompressed bytes.
  const auto bomb = write_bytes(path_in(scratch, "bomb.gz"), gzip(std::string(65U << 20U, '0')));
  CHECK_THROWS_MATCHES(read_weather(bomb), dceff::InputError,
                       Message(bomb + ": larger than 64 MiB (expected a year of hourly weather, "
                                      "about 1.6 MB as EPW)"));
}

}  // namespace
