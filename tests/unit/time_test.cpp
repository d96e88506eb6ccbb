#include "dceff/time.hpp"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

// Expected values are computed by hand from days since 1970-01-01:
//   2025-01-01 = 55 * 365 + 14 leap days (1972..2024) = day 20089,
//   2024-01-01 = 20089 - 366 = day 19723, 1990-01-01 = 20 * 365 + 5 = day 7305,
//   2080-01-01 = 110 * 365 + 27 = day 40177, 2200-01-01 = 230 * 365 + 56 = day 84006,
//   2600-01-01 = 84006 + 146097 (one 400-year cycle) = day 230103.
// Day-of-year offsets: Jan 31, Feb 28 (29), Mar 31, Apr 30, May 31, Jun 30, Jul 31, Aug 31,
// Sep 30, Oct 31, Nov 30. A weekday is (day + 4) % 7 with 0 = Sunday.

namespace {

using dceff::LocalTimestamp;
using dceff::Timestamp;
using dceff::TimeZone;
using Kind = dceff::TimeZone::Resolution::Kind;

// 2025-06-01 = 20089 + 151 = day 20240; 20240 * 86400 = 1748736000;
// 12:34:56 = 45296 s, so 2025-06-01T12:34:56Z = 1748781296 s.
constexpr std::int64_t kJune1Midnight = 1'748'736'000;
constexpr std::int64_t kJune1 = 1'748'781'296;
// 2025-03-30 = 20089 + 88 = day 20177; 20177 * 86400 + 3600 = 1743296400 s (01:00Z), the EU
// spring-forward instant (last Sunday of March: (20177 + 4) % 7 = 0).
constexpr std::int64_t kSpringForward = 1'743'296'400;
// 2025-10-26 = 20089 + 298 = day 20387; 20387 * 86400 + 3600 = 1761440400 s (01:00Z), the EU
// fall-back instant ((20387 + 4) % 7 = 0, last Sunday of October).
constexpr std::int64_t kFallBack = 1'761'440'400;
// 2025-01-15T12:00:00Z = (20089 + 14) * 86400 + 43200 = 1736942400 s.
constexpr std::int64_t kJanuary15Noon = 1'736'942'400;
// 2026-01-01 = 20089 + 365 = day 20454 = 1767225600 s.
constexpr std::int64_t kNewYear2026 = 1'767'225'600;
// 2025-03-09 = 20089 + 31 + 28 + 8 = day 20156 (second Sunday of March); 02:00 EST = 07:00Z:
// 20156 * 86400 + 25200 = 1741503600 s.
constexpr std::int64_t kNewYorkSpringForward = 1'741'503'600;
// 2025-04-06 03:00 AEDT (first Sunday of April) = 2025-04-05T16:00Z:
// 2025-04-05 = 20089 + 90 + 4 = day 20183; 20183 * 86400 + 57600 = 1743868800 s.
constexpr std::int64_t kSydneyFallBack = 1'743'868'800;

auto at(std::int64_t seconds) -> Timestamp {
  return Timestamp{std::chrono::seconds{seconds}};
}

auto at_ms(std::int64_t milliseconds) -> Timestamp {
  return Timestamp{std::chrono::milliseconds{milliseconds}};
}

auto wall(std::int64_t seconds) -> LocalTimestamp {
  return LocalTimestamp{std::chrono::seconds{seconds}};
}

auto ms(Timestamp t) -> std::int64_t {
  return t.time_since_epoch().count();
}

auto offset_s(const TimeZone& zone, std::int64_t seconds) -> std::int64_t {
  return zone.offset_at(at(seconds)).count();
}

// Milliseconds since the epoch of a text that must parse as an instant.
auto instant_ms(std::string_view text) -> std::optional<std::int64_t> {
  const auto parsed = dceff::parse_timestamp(text);
  if (!parsed || parsed->is_local) {
    return std::nullopt;
  }
  return parsed->instant.time_since_epoch().count();
}

// Milliseconds since the local epoch of a text that must parse as a local time.
auto local_ms(std::string_view text) -> std::optional<std::int64_t> {
  const auto parsed = dceff::parse_timestamp(text);
  if (!parsed || !parsed->is_local) {
    return std::nullopt;
  }
  return parsed->local.time_since_epoch().count();
}

// Minimal TZif writer for hand-made zones.
struct TzifSpec {
  char version = '2';
  std::vector<std::int64_t> times;
  std::vector<std::uint8_t> indices;
  std::vector<std::int32_t> offsets;
  std::string footer;
};

void put_be(std::string& out, std::uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

void put_block(std::string& out, const TzifSpec& spec, int time_bytes) {
  out += "TZif";
  out.push_back(spec.version);
  out.append(15, '\0');
  const std::uint64_t counts[] = {0, 0, 0, spec.times.size(), spec.offsets.size(), 4};
  for (const std::uint64_t count : counts) {
    put_be(out, count, 4);
  }
  for (const std::int64_t time : spec.times) {
    put_be(out, static_cast<std::uint64_t>(time), time_bytes);
  }
  for (const std::uint8_t index : spec.indices) {
    out.push_back(static_cast<char>(index));
  }
  for (const std::int32_t offset : spec.offsets) {
    put_be(out, static_cast<std::uint32_t>(offset), 4);
    out.push_back('\0');
    out.push_back('\0');
  }
  out.append("XYZ", 4);
}

auto tzif_bytes(const TzifSpec& spec) -> std::string {
  std::string out;
  put_block(out, spec, 4);
  if (spec.version != '\0') {
    put_block(out, spec, 8);
    out += '\n' + spec.footer + '\n';
  }
  return out;
}

// Points TZDIR at a fresh temporary directory for the lifetime of the object.
class TempZoneDir {
 public:
  TempZoneDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dceff-time-test-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    if (const char* old = std::getenv("TZDIR")) {
      old_ = old;
    }
    ::setenv("TZDIR", dir_.c_str(), 1);
  }
  TempZoneDir(const TempZoneDir&) = delete;
  auto operator=(const TempZoneDir&) -> TempZoneDir& = delete;
  ~TempZoneDir() {
    if (old_) {
      ::setenv("TZDIR", old_->c_str(), 1);
    } else {
      ::unsetenv("TZDIR");
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void write(const std::string& name, const std::string& bytes) const {
    const std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream{path, std::ios::binary} << bytes;
  }

  [[nodiscard]] auto path() const -> const std::filesystem::path& { return dir_; }

 private:
  std::filesystem::path dir_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("RFC 3339 instants parse with Z, offsets and either separator", "[time][parse]") {
  CHECK(instant_ms("2025-06-01T12:34:56Z") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01 12:34:56Z") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01t12:34:56z") == kJune1 * 1000);
  // Without seconds: 12:34:00 is 56 s earlier.
  CHECK(instant_ms("2025-06-01T12:34Z") == (kJune1 - 56) * 1000);
  // 14:34:56 at +02:00 is 12:34:56Z; 07:04:56 at -05:30 is 12:34:56Z.
  CHECK(instant_ms("2025-06-01T14:34:56+02:00") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T14:34:56+0200") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T14:34:56+02") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T07:04:56-05:30") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T07:04:56-0530") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T12:34:56+00:00") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T12:34:56-00:00") == kJune1 * 1000);
  // 18:00 is the largest offset allowed: 2025-06-02T06:34:56+18:00 is 12:34:56Z on June 1.
  CHECK(instant_ms("2025-06-02T06:34:56+18:00") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T06:34:56-18:00") == (kJune1 + 12 * 3600) * 1000);
}

TEST_CASE("fractional seconds keep milliseconds and truncate the rest", "[time][parse]") {
  CHECK(instant_ms("2025-06-01T12:34:56.7Z") == kJune1 * 1000 + 700);
  CHECK(instant_ms("2025-06-01T12:34:56.78Z") == kJune1 * 1000 + 780);
  CHECK(instant_ms("2025-06-01T12:34:56.789Z") == kJune1 * 1000 + 789);
  CHECK(instant_ms("2025-06-01T12:34:56.7899Z") == kJune1 * 1000 + 789);
  CHECK(instant_ms("2025-06-01T12:34:56.789999999Z") == kJune1 * 1000 + 789);
  CHECK(instant_ms("2025-06-01T12:34:56.000000001Z") == kJune1 * 1000);
  CHECK(instant_ms("2025-06-01T14:34:56.250+02:00") == kJune1 * 1000 + 250);
  CHECK(local_ms("2025-06-01 12:34:56.005") == kJune1 * 1000 + 5);
}

TEST_CASE("text without a zone designator is local time", "[time][parse]") {
  CHECK(local_ms("2025-06-01T12:34:56") == kJune1 * 1000);
  CHECK(local_ms("2025-06-01 12:34:56") == kJune1 * 1000);
  CHECK(local_ms("2025-06-01 12:34") == (kJune1 - 56) * 1000);
  // A date alone is local midnight: day 20240 * 86400 = 1748736000.
  CHECK(local_ms("2025-06-01") == kJune1Midnight * 1000);
  // 2024-02-29 = 19723 + 59 = day 19782 = 1709164800 s; 2000 is a leap year (divisible by 400).
  CHECK(local_ms("2024-02-29") == 1'709'164'800'000);
  CHECK(local_ms("2000-02-29").has_value());
  CHECK(local_ms("1970-01-01") == 0);
  CHECK(local_ms("9999-12-31 23:59:59.999") == 253'402'300'799'999);
}

TEST_CASE("24:00:00 is the next day's midnight", "[time][parse]") {
  // 2025-06-02 = day 20241 = 1748822400 s.
  CHECK(local_ms("2025-06-01T24:00:00") == 1'748'822'400'000);
  CHECK(local_ms("2025-06-01 24:00") == 1'748'822'400'000);
  CHECK(local_ms("2025-06-01T24:00:00.000") == 1'748'822'400'000);
  CHECK(instant_ms("2025-12-31T24:00:00Z") == kNewYear2026 * 1000);
  CHECK_FALSE(dceff::parse_timestamp("2025-06-01T24:00:01"));
  CHECK_FALSE(dceff::parse_timestamp("2025-06-01T24:01:00"));
  CHECK_FALSE(dceff::parse_timestamp("2025-06-01T24:00:00.001"));
  CHECK_FALSE(dceff::parse_timestamp("9999-12-31T24:00:00"));
}

TEST_CASE("all-digit text is Unix epoch seconds or milliseconds", "[time][parse]") {
  CHECK(instant_ms("1748781296") == kJune1 * 1000);
  CHECK(instant_ms("1748781296789") == kJune1 * 1000 + 789);
  CHECK(instant_ms("0") == 0);
  // 11 digits are still seconds, 12 are milliseconds.
  CHECK(instant_ms("99999999999") == 99'999'999'999'000);
  CHECK(instant_ms("100000000000") == 100'000'000'000);
  CHECK(instant_ms("000001748781296789") == kJune1 * 1000 + 789);
  CHECK(instant_ms("1700000000.5") == 1'700'000'000'500);
  CHECK(instant_ms("1700000000.123456789") == 1'700'000'000'123);
  // 9999-12-31T23:59:59.999Z = 253402300799999 ms is the last accepted instant.
  CHECK(instant_ms("253402300799999") == 253'402'300'799'999);
  CHECK_FALSE(dceff::parse_timestamp("253402300800000"));
  CHECK_FALSE(dceff::parse_timestamp("-1700000000"));
  CHECK_FALSE(dceff::parse_timestamp("+1700000000"));
  CHECK_FALSE(dceff::parse_timestamp("1700000000."));
  CHECK_FALSE(dceff::parse_timestamp("1700000000.1234567890"));
  CHECK_FALSE(dceff::parse_timestamp("1748781296789.5"));
  CHECK_FALSE(dceff::parse_timestamp("1234567890123456789"));
  CHECK_FALSE(dceff::parse_timestamp("17000x0000"));
}

TEST_CASE("malformed or out-of-range timestamps are rejected", "[time][parse]") {
  const char* const bad[] = {
      "",
      "2025-13-01T00:00:00Z",
      "2025-00-01T00:00:00Z",
      "2025-06-00",
      "2025-02-29",
      "2100-02-29",
      "2025-04-31",
      "2025-06-01T25:00:00Z",
      "2025-06-01T12:60:00Z",
      "2025-06-01T12:34:60Z",
      "2025-06-01T12:34:56Zjunk",
      "2025-06-01T12:34:56 ",
      " 2025-06-01T12:34:56",
      "2025-06-01T12:34:56.",
      "2025-06-01T12:34:56.1234567890",
      "2025-06-01T12:34:56+19:00",
      "2025-06-01T12:34:56+18:01",
      "2025-06-01T12:34:56+01:60",
      "2025-06-01T12:34:56+1",
      "2025-06-01T12:34:56+01:0",
      "2025-06-01T12:34:56+01:00:00",
      "2025-06-01T12:34:56GMT",
      "2025-06-01T12",
      "2025-06-01T12:3",
      "2025-06-01T12:34:5",
      "2025-06-01X12:34:56",
      "2025-06-01T",
      "2025-6-01T12:34:56",
      "2025/06/01 12:34:56",
      "1969-12-31T23:59:59Z",
      "1969-12-31",
      // 00:30 at +01:00 is still 1969 in UTC.
      "1970-01-01T00:30:00+01:00",
      "2025-06-01Z",
  };
  for (const char* text : bad) {
    INFO(text);
    CHECK_FALSE(dceff::parse_timestamp(text));
  }
}

TEST_CASE("the UTC zone works without a zoneinfo file", "[time][zone]") {
  const TempZoneDir empty;
  const TimeZone utc = TimeZone::load("UTC");
  CHECK(utc.name() == "UTC");
  CHECK(offset_s(utc, kJune1) == 0);
  CHECK(utc.boundary_step() == std::chrono::seconds{3600});
  const auto resolution = utc.resolve(wall(kJune1));
  CHECK(resolution.kind == Kind::kUnique);
  CHECK(ms(resolution.earlier) == kJune1 * 1000);
  CHECK(TimeZone::utc().name() == "UTC");
}

TEST_CASE("Europe/Berlin offsets follow the table and the footer rule", "[time][zone]") {
  const TimeZone berlin = TimeZone::load("Europe/Berlin");
  CHECK(berlin.name() == "Europe/Berlin");
  CHECK(offset_s(berlin, kSpringForward - 1) == 3600);
  CHECK(offset_s(berlin, kSpringForward) == 7200);
  CHECK(berlin.offset_at(at_ms(kSpringForward * 1000 - 1)) == std::chrono::hours{1});
  CHECK(offset_s(berlin, kFallBack - 1) == 7200);
  CHECK(offset_s(berlin, kFallBack) == 3600);
  // 1990-07-01T12:00Z = (7305 + 181) * 86400 + 43200 = 646833600 (CEST);
  // 1990-01-15T12:00Z = (7305 + 14) * 86400 + 43200 = 632404800 (CET).
  CHECK(offset_s(berlin, 646'833'600) == 7200);
  CHECK(offset_s(berlin, 632'404'800) == 3600);
  // 2080-03-31 = 40177 + 90 = day 40267, a Sunday ((40267 + 4) % 7 = 0) and the last in March:
  // the footer rule switches at 40267 * 86400 + 3600 = 3479072400.
  CHECK(offset_s(berlin, 3'479'072'400 - 1) == 3600);
  CHECK(offset_s(berlin, 3'479'072'400) == 7200);
  // 2600-03-31 = 230103 + 89 = day 230192, a Monday ((230192 + 4) % 7 = 1), so the last Sunday
  // is day 230191: 230191 * 86400 + 3600 = 19888506000 (beyond one 400-year cycle of the rule).
  CHECK(offset_s(berlin, 19'888'506'000 - 1) == 3600);
  CHECK(offset_s(berlin, 19'888'506'000) == 7200);
  // 9999-07-01T00:00Z = 253386403200.
  CHECK(offset_s(berlin, 253'386'403'200) == 7200);
  CHECK(berlin.to_local(at(kSpringForward)).time_since_epoch() ==
        std::chrono::seconds{kSpringForward + 7200});
}

TEST_CASE("resolve() finds unique, ambiguous and nonexistent local times", "[time][zone]") {
  const TimeZone berlin = TimeZone::load("Europe/Berlin");

  SECTION("an ordinary summer time is unique") {
    // 2025-06-01 14:34:56 local at +02:00 is 12:34:56Z.
    const auto r = berlin.resolve(wall(kJune1 + 7200));
    CHECK(r.kind == Kind::kUnique);
    CHECK(ms(r.earlier) == kJune1 * 1000);
    CHECK(ms(r.later) == kJune1 * 1000);
  }
  SECTION("the repeated hour in October is ambiguous") {
    // 2025-10-26 02:30 local = 20387 * 86400 + 9000 = 1761445800 on the local clock;
    // earlier under +02:00 = 00:30Z = 1761438600, later under +01:00 = 01:30Z = 1761442200.
    const auto r = berlin.resolve(wall(1'761'445'800));
    CHECK(r.kind == Kind::kAmbiguous);
    CHECK(ms(r.earlier) == 1'761'438'600'000);
    CHECK(ms(r.later) == 1'761'442'200'000);
    // 03:00 local is after the repeated hour: unique at +01:00 = 02:00Z.
    const auto after = berlin.resolve(wall(1'761'447'600));
    CHECK(after.kind == Kind::kUnique);
    CHECK(ms(after.earlier) == 1'761'444'000'000);
  }
  SECTION("the skipped hour in March does not exist") {
    // 2025-03-30 02:30 local = 20177 * 86400 + 9000 = 1743301800 on the local clock;
    // under the +01:00 in effect before the switch that is 01:30Z = 1743298200.
    const auto r = berlin.resolve(wall(1'743'301'800));
    CHECK(r.kind == Kind::kNonexistent);
    CHECK(ms(r.earlier) == 1'743'298'200'000);
    CHECK(ms(r.later) == 1'743'298'200'000);
    // 02:00 local is the first skipped instant, 03:00 the first one that exists again.
    CHECK(berlin.resolve(wall(1'743'300'000)).kind == Kind::kNonexistent);
    const auto three = berlin.resolve(wall(1'743'303'600));
    CHECK(three.kind == Kind::kUnique);
    CHECK(ms(three.earlier) == kSpringForward * 1000);
  }
  SECTION("footer-rule transitions resolve the same way") {
    // 2080-03-31 02:30 local = 40267 * 86400 + 9000 = 3479077800: skipped, 01:30Z under +01:00.
    const auto gap = berlin.resolve(wall(3'479'077'800));
    CHECK(gap.kind == Kind::kNonexistent);
    CHECK(ms(gap.earlier) == (3'479'072'400 + 1800) * 1000);
    // 2600-03-30 02:30 local = 230191 * 86400 + 9000: the same gap, far beyond the table.
    const auto far = berlin.resolve(wall(230'191LL * 86400 + 9000));
    CHECK(far.kind == Kind::kNonexistent);
    CHECK(ms(far.earlier) == (19'888'506'000 + 1800) * 1000);
    // 2080-10-27 is the last Sunday of October (40177 + 300 = day 40477, (40477 + 4) % 7 = 0):
    // 02:30 local repeats at 00:30Z and 01:30Z.
    const std::int64_t day = 40'477LL * 86400;
    const auto repeat = berlin.resolve(wall(day + 9000));
    CHECK(repeat.kind == Kind::kAmbiguous);
    CHECK(ms(repeat.earlier) == (day + 1800) * 1000);
    CHECK(ms(repeat.later) == (day + 5400) * 1000);
  }
}

TEST_CASE("America/New_York and Australia/Sydney switch on their own dates", "[time][zone]") {
  const TimeZone new_york = TimeZone::load("America/New_York");
  CHECK(offset_s(new_york, kNewYorkSpringForward - 1) == -5 * 3600);
  CHECK(offset_s(new_york, kNewYorkSpringForward) == -4 * 3600);
  CHECK(new_york.boundary_step() == std::chrono::seconds{3600});
  // 02:30 local that day does not exist: under -05:00 it is 07:30Z.
  const auto gap = new_york.resolve(wall(20'156LL * 86400 + 9000));
  CHECK(gap.kind == Kind::kNonexistent);
  CHECK(ms(gap.earlier) == (kNewYorkSpringForward + 1800) * 1000);

  const TimeZone sydney = TimeZone::load("Australia/Sydney");
  CHECK(offset_s(sydney, kSydneyFallBack - 1) == 11 * 3600);
  CHECK(offset_s(sydney, kSydneyFallBack) == 10 * 3600);
  // Southern summer: 2025-01-15 is daylight time, 2025-06-01 standard time.
  CHECK(offset_s(sydney, kJanuary15Noon) == 11 * 3600);
  CHECK(offset_s(sydney, kJune1) == 10 * 3600);
  // 2025-04-06 02:30 local = (20183 + 1) * 86400 + 9000 happens twice: 15:30Z and 16:30Z on
  // April 5.
  const auto repeat = sydney.resolve(wall(20'184LL * 86400 + 9000));
  CHECK(repeat.kind == Kind::kAmbiguous);
  CHECK(ms(repeat.earlier) == (kSydneyFallBack - 1800) * 1000);
  CHECK(ms(repeat.later) == (kSydneyFallBack + 1800) * 1000);
}

TEST_CASE("boundary_step() divides every offset in use since 1970", "[time][zone]") {
  CHECK(TimeZone::load("Europe/Berlin").boundary_step() == std::chrono::seconds{3600});
  CHECK(TimeZone::load("Asia/Kolkata").boundary_step() == std::chrono::seconds{1800});
  CHECK(TimeZone::load("Asia/Kathmandu").boundary_step() == std::chrono::seconds{900});
  CHECK(TimeZone::utc().boundary_step() == std::chrono::seconds{3600});
}

TEST_CASE("unknown or unsafe zone names are rejected with a helpful message", "[time][zone]") {
  using Catch::Matchers::Message;
  CHECK_THROWS_MATCHES(
      TimeZone::load("Mars/Olympus_Mons"), dceff::ConfigError,
      Message("unknown time zone 'Mars/Olympus_Mons' (expected an IANA name such as "
              "Europe/Berlin)"));
  CHECK_THROWS_MATCHES(
      TimeZone::load("../../etc/passwd"), dceff::ConfigError,
      Message("unknown time zone '../../etc/passwd' (expected an IANA name such as "
              "Europe/Berlin)"));
  CHECK_THROWS_AS(TimeZone::load("/etc/localtime"), dceff::ConfigError);
  CHECK_THROWS_AS(TimeZone::load("Europe/../Europe/Berlin"), dceff::ConfigError);
  CHECK_THROWS_AS(TimeZone::load("Europe/Berlin "), dceff::ConfigError);
  CHECK_THROWS_AS(TimeZone::load("Europe"), dceff::ConfigError);
  CHECK_THROWS_AS(TimeZone::load(""), dceff::ConfigError);
}

TEST_CASE("format_timestamp() prints RFC 3339 in the zone's local time", "[time][format]") {
  const TimeZone berlin = TimeZone::load("Europe/Berlin");
  CHECK(dceff::format_timestamp(at(kJune1), berlin) == "2025-06-01T14:34:56+02:00");
  CHECK(dceff::format_timestamp(at(kJanuary15Noon), berlin) == "2025-01-15T13:00:00+01:00");
  CHECK(dceff::format_timestamp(at(kSpringForward), berlin) == "2025-03-30T03:00:00+02:00");
  CHECK(dceff::format_timestamp(at(kSpringForward - 1), berlin) == "2025-03-30T01:59:59+01:00");
  CHECK(dceff::format_timestamp(at(kJune1), TimeZone::utc()) == "2025-06-01T12:34:56Z");
  CHECK(dceff::format_timestamp(at_ms(kJune1 * 1000 + 789), TimeZone::utc()) ==
        "2025-06-01T12:34:56.789Z");
  CHECK(dceff::format_timestamp(at_ms(kJune1 * 1000 + 5), berlin) ==
        "2025-06-01T14:34:56.005+02:00");
  // London in winter is at +00:00 but is not UTC.
  CHECK(dceff::format_timestamp(at(kJanuary15Noon), TimeZone::load("Europe/London")) ==
        "2025-01-15T12:00:00+00:00");
  CHECK(dceff::format_timestamp(at(kJune1), TimeZone::load("Asia/Kolkata")) ==
        "2025-06-01T18:04:56+05:30");
  CHECK(dceff::format_timestamp(at(kJune1), TimeZone::load("America/New_York")) ==
        "2025-06-01T08:34:56-04:00");
  CHECK(dceff::format_utc(at(kSpringForward)) == "2025-03-30T01:00:00Z");
  CHECK(dceff::format_utc(at_ms(10)) == "1970-01-01T00:00:00.010Z");
  CHECK(dceff::format_utc(at_ms(253'402'300'799'999)) == "9999-12-31T23:59:59.999Z");
}

TEST_CASE("TZDIR overrides the zoneinfo directory", "[time][zone][tzdir]") {
  (void)TimeZone::load("Europe/Berlin");
  const TempZoneDir dir;
  std::filesystem::create_directories(dir.path() / "Test");
  std::filesystem::copy_file("/usr/share/zoneinfo/Europe/Berlin", dir.path() / "Test" / "Copy");
  const TimeZone copy = TimeZone::load("Test/Copy");
  CHECK(copy.name() == "Test/Copy");
  CHECK(offset_s(copy, kSpringForward) == 7200);
  CHECK(dceff::format_timestamp(at(kJune1), copy) == "2025-06-01T14:34:56+02:00");
  // Loading again comes from the cache and behaves the same.
  CHECK(offset_s(TimeZone::load("Test/Copy"), kFallBack) == 3600);
  // Zones are looked up in TZDIR only, even if loaded from elsewhere before.
  dir.write("Europe/Other", "");
  CHECK_THROWS_AS(TimeZone::load("Europe/Berlin"), dceff::ConfigError);

  using Catch::Matchers::Message;
  dir.write("Bad/Garbage", "TZif2 this is not a time zone");
  CHECK_THROWS_MATCHES(TimeZone::load("Bad/Garbage"), dceff::ConfigError,
                       Message("time zone 'Bad/Garbage': invalid TZif data"));
  CHECK_THROWS_MATCHES(TimeZone::load("Europe/Other"), dceff::ConfigError,
                       Message("time zone 'Europe/Other': invalid TZif data"));
  // A truncated copy of a real file is corrupt too.
  std::string bytes;
  {
    std::ifstream in{"/usr/share/zoneinfo/Europe/Berlin", std::ios::binary};
    bytes.assign(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
  }
  for (std::size_t size = 0; size < bytes.size(); size += 97) {
    const std::string name = "Bad/Truncated" + std::to_string(size);
    dir.write(name, bytes.substr(0, size));
    CHECK_THROWS_MATCHES(TimeZone::load(name), dceff::ConfigError,
                         Message("time zone '" + name + "': invalid TZif data"));
  }
  dir.write("Bad/Footer", tzif_bytes(TzifSpec{'2', {}, {}, {0}, "not a rule"}));
  CHECK_THROWS_AS(TimeZone::load("Bad/Footer"), dceff::ConfigError);
}

TEST_CASE("POSIX footer rules in all their forms", "[time][zone][posix]") {
  const TempZoneDir dir;

  SECTION("a quoted name with a half-hour offset") {
    dir.write("Posix/Half", tzif_bytes(TzifSpec{'2', {}, {}, {0}, "<+0530>-5:30"}));
    const TimeZone zone = TimeZone::load("Posix/Half");
    CHECK(offset_s(zone, kJune1) == 19'800);
    CHECK(offset_s(zone, kJanuary15Noon) == 19'800);
    CHECK(zone.boundary_step() == std::chrono::seconds{1800});
    CHECK(dceff::format_timestamp(at(kJune1), zone) == "2025-06-01T18:04:56+05:30");
  }
  SECTION("month-week-day rules with negative (v3) transition times") {
    // America/Nuuk: -02 standard, -01 daylight from the last Sunday in March at -1:00 local
    // standard time (23:00 -02 on Saturday = 01:00Z) to the last Sunday in October at 0:00
    // local daylight time (= 01:00Z).
    dir.write("Posix/Nuuk",
              tzif_bytes(TzifSpec{'3', {}, {}, {0}, "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"}));
    const TimeZone zone = TimeZone::load("Posix/Nuuk");
    CHECK(offset_s(zone, kSpringForward - 1) == -7200);
    CHECK(offset_s(zone, kSpringForward) == -3600);
    CHECK(offset_s(zone, kFallBack - 1) == -3600);
    CHECK(offset_s(zone, kFallBack) == -7200);
  }
  SECTION("permanent daylight time with hours beyond 24") {
    // DST from Jan 1 00:00 to Dec 31 25:00 (= next Jan 1 00:00 standard time): always -04:00.
    dir.write("Posix/AllYear", tzif_bytes(TzifSpec{'3', {}, {}, {0}, "EST5EDT,0/0,J365/25"}));
    const TimeZone zone = TimeZone::load("Posix/AllYear");
    CHECK(offset_s(zone, kJanuary15Noon) == -4 * 3600);
    CHECK(offset_s(zone, kJune1) == -4 * 3600);
    // 2026-01-01T04:30Z, around the year boundary.
    CHECK(offset_s(zone, kNewYear2026 + 16'200) == -4 * 3600);
    const auto r = zone.resolve(wall(kNewYear2026));
    CHECK(r.kind == Kind::kUnique);
    CHECK(ms(r.earlier) == (kNewYear2026 + 4 * 3600) * 1000);
  }
  SECTION("Julian days: Jn skips February 29, n counts it") {
    // J60 is March 1 in every year; 02:00 at +01:00 = 01:00Z.
    // 2024-03-01 = 19723 + 60 = day 19783: 19783 * 86400 + 3600 = 1709254800.
    dir.write("Posix/Julian", tzif_bytes(TzifSpec{'2', {}, {}, {0}, "AAA-1BBB,J60/2,J300/3"}));
    const TimeZone julian = TimeZone::load("Posix/Julian");
    CHECK(offset_s(julian, 1'709'254'800 - 1) == 3600);
    CHECK(offset_s(julian, 1'709'254'800) == 7200);
    // Zero-based day 59 is February 29 in 2024 (day 19782: 1709164800 + 3600 = 1709168400)
    // and March 1 in 2025 (20089 + 59 = day 20148: 20148 * 86400 + 3600 = 1740790800).
    dir.write("Posix/Zero", tzif_bytes(TzifSpec{'2', {}, {}, {0}, "AAA-1BBB,59/2,299/3"}));
    const TimeZone zero = TimeZone::load("Posix/Zero");
    CHECK(offset_s(zero, 1'709'168'400 - 1) == 3600);
    CHECK(offset_s(zero, 1'709'168'400) == 7200);
    CHECK(offset_s(zero, 1'740'790'800 - 1) == 3600);
    CHECK(offset_s(zero, 1'740'790'800) == 7200);
  }
  SECTION("version 1 files use their 32-bit table") {
    // +01:00 standard, +02:00 between the 2025 EU transitions; no footer, so the last type
    // stays in effect afterwards.
    dir.write("Posix/V1",
              tzif_bytes(TzifSpec{'\0', {kSpringForward, kFallBack}, {1, 0}, {3600, 7200}, ""}));
    const TimeZone zone = TimeZone::load("Posix/V1");
    CHECK(offset_s(zone, kSpringForward - 1) == 3600);
    CHECK(offset_s(zone, kSpringForward) == 7200);
    CHECK(offset_s(zone, kFallBack) == 3600);
    CHECK(offset_s(zone, 3'479'072'400) == 3600);
    CHECK(zone.resolve(wall(1'761'445'800)).kind == Kind::kAmbiguous);
  }
}

TEST_CASE("zones can be loaded and queried from several threads", "[time][zone][threads]") {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (std::size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&ok, i] {
      bool good = true;
      for (int round = 0; round < 200; ++round) {
        const TimeZone zone = TimeZone::load("Europe/Berlin");
        good = good && offset_s(zone, kSpringForward) == 7200;
      }
      ok[i] = good ? 1 : 0;
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  CHECK(ok == std::vector<int>(4, 1));
}
