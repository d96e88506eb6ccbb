#include "dceff/time.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"

namespace dceff {

struct TimeZone::Data {
  std::string name;
  // Offset changes: from instant `times[i]` (ms since the epoch) on, the UT offset is
  // `offsets[i]` seconds. Ascending, and every entry really changes the offset.
  std::vector<std::int64_t> times;
  std::vector<std::int32_t> offsets;
  std::int32_t initial_offset = 0;
  // A footer rule with DST is expanded into the table for one whole 400-year Gregorian cycle
  // [cycle_begin, cycle_end) (plus a margin). The rule repeats exactly with that cycle, so
  // later instants, and earlier ones when the rule governs all time, are shifted into it.
  bool periodic = false;
  bool periodic_before = false;
  std::int64_t cycle_begin = 0;
  std::int64_t cycle_end = 0;
  std::int64_t step_seconds = 3600;
};

namespace {

constexpr std::int64_t kMsPerSecond = 1000;
constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kMsPerDay = kSecondsPerDay * kMsPerSecond;
constexpr std::int64_t kDaysPer400Years = 146'097;
constexpr std::int64_t kMsPer400Years = kDaysPer400Years * kMsPerDay;
constexpr std::int64_t kMaxTimestampMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z
constexpr unsigned kMinYear = 1970;
constexpr unsigned kMaxOffsetMinutes = 18 * 60;
constexpr int kEpochMillisecondDigits = 12;
constexpr int kMaxEpochDigits = 18;
constexpr int kMaxFractionDigits = 9;

// RFC 8536 bounds for a UT offset; the local-time search window in resolve() relies on them.
constexpr std::int32_t kMinUtOffset = -89'999;
constexpr std::int32_t kMaxUtOffset = 93'599;
constexpr std::int64_t kSearchWindowMs = 26 * kSecondsPerHour * kMsPerSecond;
// Keeps TZif times such as the "big bang" -2^59 representable in milliseconds.
constexpr std::int64_t kMaxTzifSeconds = 1'000'000'000'000'000;

// --- Calendar arithmetic (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms") ---

[[nodiscard]] constexpr auto floor_div(std::int64_t a, std::int64_t b) noexcept -> std::int64_t {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

[[nodiscard]] constexpr auto days_from_civil(std::int64_t year, unsigned month,
                                             unsigned day) noexcept -> std::int64_t {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * kDaysPer400Years + static_cast<std::int64_t>(day_of_era) - 719'468;
}

struct CivilDate {
  std::int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
};

[[nodiscard]] constexpr auto civil_from_days(std::int64_t days) noexcept -> CivilDate {
  days += 719'468;
  const std::int64_t era = (days >= 0 ? days : days - (kDaysPer400Years - 1)) / kDaysPer400Years;
  const auto day_of_era = static_cast<unsigned>(days - era * kDaysPer400Years);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400;
  return CivilDate{month <= 2 ? year + 1 : year, month, day};
}

[[nodiscard]] constexpr auto is_leap_year(std::int64_t year) noexcept -> bool {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

[[nodiscard]] constexpr auto days_in_month(std::int64_t year, unsigned month) noexcept -> unsigned {
  constexpr unsigned kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kLengths[month - 1];
}

// 0 = Sunday.
[[nodiscard]] constexpr auto weekday_from_days(std::int64_t days) noexcept -> unsigned {
  return static_cast<unsigned>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

[[nodiscard]] constexpr auto year_of_ms(std::int64_t ms) noexcept -> std::int64_t {
  return civil_from_days(floor_div(ms, kMsPerDay)).year;
}

// --- Timestamp text ---

// Greater than 9 for anything but an ASCII digit.
[[nodiscard]] constexpr auto digit_value(char c) noexcept -> unsigned {
  return static_cast<unsigned>(static_cast<unsigned char>(c)) - static_cast<unsigned>('0');
}

[[nodiscard]] inline auto two_digits(const char* p, unsigned& out) noexcept -> bool {
  const unsigned high = digit_value(p[0]);
  const unsigned low = digit_value(p[1]);
  out = high * 10 + low;
  return high <= 9 && low <= 9;
}

struct Fraction {
  unsigned milliseconds = 0;
  bool nonzero = false;
};

// Reads 1..9 digits after a decimal point, keeping whole milliseconds (truncated).
[[nodiscard]] inline auto parse_fraction(const char*& p, const char* end, Fraction& out) noexcept
    -> bool {
  const char* const begin = p;
  unsigned milliseconds = 0;
  bool nonzero = false;
  while (p != end) {
    const unsigned digit = digit_value(*p);
    if (digit > 9) {
      break;
    }
    if (p - begin < 3) {
      milliseconds = milliseconds * 10 + digit;
    }
    nonzero = nonzero || digit != 0;
    ++p;
  }
  const auto count = p - begin;
  if (count < 1 || count > kMaxFractionDigits) {
    return false;
  }
  for (auto i = count; i < 3; ++i) {
    milliseconds *= 10;
  }
  out = Fraction{milliseconds, nonzero};
  return true;
}

[[nodiscard]] inline auto make_instant(std::int64_t ms) noexcept -> std::optional<ParsedTimestamp> {
  if (ms < 0 || ms > kMaxTimestampMs) {
    return std::nullopt;
  }
  ParsedTimestamp result;
  result.instant = Timestamp{std::chrono::milliseconds{ms}};
  return result;
}

[[nodiscard]] inline auto make_local(std::int64_t ms) noexcept -> std::optional<ParsedTimestamp> {
  if (ms > kMaxTimestampMs) {
    return std::nullopt;
  }
  ParsedTimestamp result;
  result.is_local = true;
  result.local = LocalTimestamp{std::chrono::milliseconds{ms}};
  return result;
}

[[nodiscard]] auto parse_epoch(const char* p, const char* end) noexcept
    -> std::optional<ParsedTimestamp> {
  std::uint64_t value = 0;
  int count = 0;
  while (p != end) {
    const unsigned digit = digit_value(*p);
    if (digit > 9) {
      break;
    }
    if (++count > kMaxEpochDigits) {
      return std::nullopt;
    }
    value = value * 10 + digit;
    ++p;
  }
  if (count == 0) {
    return std::nullopt;
  }
  const auto whole = static_cast<std::int64_t>(value);
  if (p == end) {
    return make_instant(count >= kEpochMillisecondDigits ? whole : whole * kMsPerSecond);
  }
  if (*p != '.' || count >= kEpochMillisecondDigits) {
    return std::nullopt;
  }
  ++p;
  Fraction fraction;
  if (!parse_fraction(p, end, fraction) || p != end) {
    return std::nullopt;
  }
  return make_instant(whole * kMsPerSecond + fraction.milliseconds);
}

// `text` has at least 10 characters.
[[nodiscard]] auto parse_calendar(std::string_view text) noexcept
    -> std::optional<ParsedTimestamp> {
  const char* p = text.data();
  const char* const end = p + text.size();
  unsigned century = 0;
  unsigned year_in_century = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (!two_digits(p, century) || !two_digits(p + 2, year_in_century) || p[4] != '-' ||
      !two_digits(p + 5, month) || p[7] != '-' || !two_digits(p + 8, day)) {
    return std::nullopt;
  }
  const unsigned year = century * 100 + year_in_century;
  if (year < kMinYear || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return std::nullopt;
  }
  const std::int64_t midnight = days_from_civil(year, month, day) * kMsPerDay;
  p += 10;
  if (p == end) {
    return make_local(midnight);
  }
  if (*p != 'T' && *p != 't' && *p != ' ') {
    return std::nullopt;
  }
  ++p;
  unsigned hour = 0;
  unsigned minute = 0;
  if (end - p < 5 || !two_digits(p, hour) || p[2] != ':' || !two_digits(p + 3, minute)) {
    return std::nullopt;
  }
  p += 5;
  unsigned second = 0;
  Fraction fraction;
  if (end - p >= 3 && *p == ':') {
    if (!two_digits(p + 1, second)) {
      return std::nullopt;
    }
    p += 3;
    if (p != end && *p == '.') {
      ++p;
      if (!parse_fraction(p, end, fraction)) {
        return std::nullopt;
      }
    }
  }
  // 24:00:00 (end of day, as some BMS exports write it) is the next day's midnight.
  if (minute > 59 || second > 59 ||
      (hour > 23 && (hour != 24 || minute != 0 || second != 0 || fraction.nonzero))) {
    return std::nullopt;
  }
  const std::int64_t wall =
      midnight + static_cast<std::int64_t>((hour * 3600 + minute * 60 + second) * 1000 +
                                           fraction.milliseconds);
  if (p == end) {
    return make_local(wall);
  }
  const char designator = *p++;
  if (designator == 'Z' || designator == 'z') {
    return p == end ? make_instant(wall) : std::nullopt;
  }
  if (designator != '+' && designator != '-') {
    return std::nullopt;
  }
  unsigned offset_hours = 0;
  unsigned offset_minutes = 0;
  if (end - p < 2 || !two_digits(p, offset_hours)) {
    return std::nullopt;
  }
  p += 2;
  if (p != end) {
    if (*p == ':') {
      ++p;
    }
    if (end - p != 2 || !two_digits(p, offset_minutes)) {
      return std::nullopt;
    }
  }
  const unsigned total_minutes = offset_hours * 60 + offset_minutes;
  if (offset_minutes > 59 || total_minutes > kMaxOffsetMinutes) {
    return std::nullopt;
  }
  const auto offset_ms = static_cast<std::int64_t>(total_minutes) * 60 * kMsPerSecond;
  return make_instant(designator == '-' ? wall + offset_ms : wall - offset_ms);
}

// --- POSIX TZ rule (TZif footer) ---

struct RuleDate {
  enum class Kind : std::uint8_t {
    kJulianNoLeap,  // Jn: 1..365, February 29 is never counted
    kZeroBased,     // n: 0..365, February 29 is counted
    kMonthWeekDay,  // Mm.w.d
  };
  Kind kind = Kind::kMonthWeekDay;
  unsigned day = 0;
  unsigned month = 0;
  unsigned week = 0;
  unsigned weekday = 0;
  std::int64_t time = 2 * kSecondsPerHour;  // local time of day; v3+ allows -167..167 hours
};

struct PosixRule {
  std::int32_t std_offset = 0;  // UT offsets (local - UTC), seconds
  std::int32_t dst_offset = 0;
  bool has_dst = false;
  RuleDate start;
  RuleDate end;
};

class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : p_{text.data()}, end_{text.data() + text.size()} {}

  auto parse() -> std::optional<PosixRule> {
    PosixRule rule;
    std::int64_t value = 0;
    if (!zone_name() || !time_value(24, value)) {
      return std::nullopt;
    }
    rule.std_offset = static_cast<std::int32_t>(-value);
    if (p_ == end_) {
      return valid(rule);
    }
    if (!zone_name()) {
      return std::nullopt;
    }
    rule.has_dst = true;
    rule.dst_offset = rule.std_offset + static_cast<std::int32_t>(kSecondsPerHour);
    if (p_ != end_ && *p_ != ',') {
      if (!time_value(24, value)) {
        return std::nullopt;
      }
      rule.dst_offset = static_cast<std::int32_t>(-value);
    }
    if (p_ == end_) {
      // POSIX leaves a missing rule to the implementation; tzcode uses the US rule.
      rule.start = RuleDate{RuleDate::Kind::kMonthWeekDay, 0, 3, 2, 0, 2 * kSecondsPerHour};
      rule.end = RuleDate{RuleDate::Kind::kMonthWeekDay, 0, 11, 1, 0, 2 * kSecondsPerHour};
      return valid(rule);
    }
    if (!accept(',') || !date(rule.start) || !accept(',') || !date(rule.end) || p_ != end_) {
      return std::nullopt;
    }
    return valid(rule);
  }

 private:
  [[nodiscard]] static auto valid(const PosixRule& rule) -> std::optional<PosixRule> {
    const auto in_range = [](std::int32_t offset) {
      return offset >= kMinUtOffset && offset <= kMaxUtOffset;
    };
    if (!in_range(rule.std_offset) || !in_range(rule.dst_offset)) {
      return std::nullopt;
    }
    return rule;
  }

  auto accept(char c) -> bool {
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  auto number(unsigned max_value, unsigned& out) -> bool {
    const char* const begin = p_;
    unsigned value = 0;
    while (p_ != end_ && digit_value(*p_) <= 9) {
      value = value * 10 + digit_value(*p_);
      if (value > max_value) {
        return false;
      }
      ++p_;
    }
    out = value;
    return p_ != begin;
  }

  auto zone_name() -> bool {
    const char* const begin = p_;
    if (accept('<')) {
      while (p_ != end_ && (is_alpha(*p_) || digit_value(*p_) <= 9 || *p_ == '+' || *p_ == '-')) {
        ++p_;
      }
      return p_ - begin > 1 && accept('>');
    }
    while (p_ != end_ && is_alpha(*p_)) {
      ++p_;
    }
    return p_ - begin >= 3;
  }

  // [+|-]hh[:mm[:ss]] in seconds.
  auto time_value(unsigned max_hours, std::int64_t& out) -> bool {
    const bool negative = accept('-');
    if (!negative) {
      accept('+');
    }
    unsigned hours = 0;
    unsigned minutes = 0;
    unsigned seconds = 0;
    if (!number(max_hours, hours)) {
      return false;
    }
    if (accept(':') && (!number(59, minutes) || (accept(':') && !number(59, seconds)))) {
      return false;
    }
    const auto total = static_cast<std::int64_t>(hours * 3600 + minutes * 60 + seconds);
    out = negative ? -total : total;
    return true;
  }

  auto date(RuleDate& out) -> bool {
    out = RuleDate{};
    if (accept('J')) {
      out.kind = RuleDate::Kind::kJulianNoLeap;
      if (!number(365, out.day) || out.day < 1) {
        return false;
      }
    } else if (accept('M')) {
      out.kind = RuleDate::Kind::kMonthWeekDay;
      if (!number(12, out.month) || out.month < 1 || !accept('.') || !number(5, out.week) ||
          out.week < 1 || !accept('.') || !number(6, out.weekday)) {
        return false;
      }
    } else {
      out.kind = RuleDate::Kind::kZeroBased;
      if (!number(365, out.day)) {
        return false;
      }
    }
    return !accept('/') || time_value(167, out.time);
  }

  [[nodiscard]] static auto is_alpha(char c) -> bool {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  const char* p_;
  const char* end_;
};

[[nodiscard]] auto rule_day(const RuleDate& date, std::int64_t year) -> std::int64_t {
  switch (date.kind) {
    case RuleDate::Kind::kJulianNoLeap: {
      const std::int64_t jan1 = days_from_civil(year, 1, 1);
      const bool after_february = is_leap_year(year) && date.day >= 60;
      return jan1 + date.day - (after_february ? 0 : 1);
    }
    case RuleDate::Kind::kZeroBased:
      return days_from_civil(year, 1, 1) + date.day;
    case RuleDate::Kind::kMonthWeekDay:
      break;
  }
  const std::int64_t first = days_from_civil(year, date.month, 1);
  const unsigned first_weekday = weekday_from_days(first);
  unsigned day_of_month = 1 + (date.weekday + 7 - first_weekday) % 7 + 7 * (date.week - 1);
  // Week 5 means the last such weekday of the month.
  while (day_of_month > days_in_month(year, date.month)) {
    day_of_month -= 7;
  }
  return first + day_of_month - 1;
}

struct Change {
  std::int64_t at_ms = 0;
  std::int32_t offset = 0;
};

// Offset changes of a DST rule for rule years [first, last], in time order; where two coincide
// (a year's end of DST meeting the next year's start), the later year's wins.
[[nodiscard]] auto rule_changes(const PosixRule& rule, std::int64_t first, std::int64_t last)
    -> std::vector<Change> {
  std::vector<Change> changes;
  changes.reserve(static_cast<std::size_t>(2 * (last - first + 1)));
  for (std::int64_t year = first; year <= last; ++year) {
    const std::int64_t start =
        rule_day(rule.start, year) * kSecondsPerDay + rule.start.time - rule.std_offset;
    const std::int64_t end =
        rule_day(rule.end, year) * kSecondsPerDay + rule.end.time - rule.dst_offset;
    changes.push_back(Change{start * kMsPerSecond, rule.dst_offset});
    changes.push_back(Change{end * kMsPerSecond, rule.std_offset});
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.at_ms < b.at_ms; });
  return changes;
}

// Appends changes in non-decreasing time order, keeping only real changes of the offset.
class TableBuilder {
 public:
  explicit TableBuilder(TimeZone::Data& data) : data_{data} {}

  void add(std::int64_t at_ms, std::int32_t offset) {
    if (!data_.times.empty() && data_.times.back() == at_ms) {
      data_.times.pop_back();
      data_.offsets.pop_back();
    }
    if (offset != current()) {
      data_.times.push_back(at_ms);
      data_.offsets.push_back(offset);
    }
  }

  [[nodiscard]] auto current() const -> std::int32_t {
    return data_.offsets.empty() ? data_.initial_offset : data_.offsets.back();
  }

 private:
  TimeZone::Data& data_;
};

// --- TZif (RFC 8536) ---

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_{bytes} {}

  [[nodiscard]] auto remaining() const -> std::size_t { return bytes_.size() - pos_; }
  [[nodiscard]] auto rest() const -> std::string_view { return bytes_.substr(pos_); }

  auto skip(std::size_t count) -> bool {
    if (remaining() < count) {
      return false;
    }
    pos_ += count;
    return true;
  }

  auto u8() -> std::uint8_t { return static_cast<std::uint8_t>(bytes_[pos_++]); }

  auto be(std::size_t size) -> std::uint64_t {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i) {
      value = (value << 8) | u8();
    }
    return value;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

struct TzifHeader {
  char version = 0;
  std::uint32_t isutcnt = 0;
  std::uint32_t isstdcnt = 0;
  std::uint32_t leapcnt = 0;
  std::uint32_t timecnt = 0;
  std::uint32_t typecnt = 0;
  std::uint32_t charcnt = 0;

  [[nodiscard]] auto data_size(std::size_t time_size) const -> std::size_t {
    return std::size_t{timecnt} * (time_size + 1) + std::size_t{typecnt} * 6 + charcnt +
           std::size_t{leapcnt} * (time_size + 4) + isstdcnt + isutcnt;
  }
};

constexpr std::size_t kTzifHeaderSize = 44;

[[nodiscard]] auto read_header(ByteReader& in, TzifHeader& out) -> bool {
  if (in.remaining() < kTzifHeaderSize || in.rest().substr(0, 4) != "TZif") {
    return false;
  }
  in.skip(4);
  out.version = static_cast<char>(in.u8());
  in.skip(15);
  out.isutcnt = static_cast<std::uint32_t>(in.be(4));
  out.isstdcnt = static_cast<std::uint32_t>(in.be(4));
  out.leapcnt = static_cast<std::uint32_t>(in.be(4));
  out.timecnt = static_cast<std::uint32_t>(in.be(4));
  out.typecnt = static_cast<std::uint32_t>(in.be(4));
  out.charcnt = static_cast<std::uint32_t>(in.be(4));
  return (out.version == 0 || out.version >= '2') && out.typecnt != 0 &&
         (out.isutcnt == 0 || out.isutcnt == out.typecnt) &&
         (out.isstdcnt == 0 || out.isstdcnt == out.typecnt);
}

struct TzifData {
  std::vector<std::int64_t> times;  // seconds
  std::vector<std::int32_t> offsets;
  std::vector<std::int32_t> type_offsets;
};

[[nodiscard]] auto read_data(ByteReader& in, const TzifHeader& header, std::size_t time_size,
                             TzifData& out) -> bool {
  if (in.remaining() < header.data_size(time_size)) {
    return false;
  }
  out.times.resize(header.timecnt);
  for (auto& time : out.times) {
    const std::uint64_t raw = in.be(time_size);
    time = time_size == 4 ? std::int64_t{static_cast<std::int32_t>(raw)}
                          : static_cast<std::int64_t>(raw);
  }
  if (std::adjacent_find(out.times.begin(), out.times.end(), std::greater_equal<>{}) !=
      out.times.end()) {
    return false;
  }
  std::vector<std::uint8_t> indices(header.timecnt);
  for (auto& index : indices) {
    index = in.u8();
    if (index >= header.typecnt) {
      return false;
    }
  }
  out.type_offsets.resize(header.typecnt);
  for (auto& offset : out.type_offsets) {
    offset = static_cast<std::int32_t>(in.be(4));
    const std::uint8_t is_dst = in.u8();
    const std::uint8_t designation = in.u8();
    if (offset < kMinUtOffset || offset > kMaxUtOffset || is_dst > 1 ||
        designation >= header.charcnt) {
      return false;
    }
  }
  out.offsets.resize(header.timecnt);
  for (std::size_t i = 0; i < indices.size(); ++i) {
    out.offsets[i] = out.type_offsets[indices[i]];
  }
  // Designations, leap seconds (ignored: dceff works in POSIX time) and the std/ut indicators.
  in.skip(std::size_t{header.charcnt} + std::size_t{header.leapcnt} * (time_size + 4) +
          header.isstdcnt + header.isutcnt);
  return true;
}

[[nodiscard]] auto gcd_step(std::int64_t step, std::int32_t offset) -> std::int64_t {
  return std::gcd(step, std::int64_t{offset});
}

[[nodiscard]] auto table_offset(const TimeZone::Data& data, std::int64_t ms) noexcept
    -> std::int32_t {
  const auto it = std::upper_bound(data.times.begin(), data.times.end(), ms);
  return it == data.times.begin() ? data.initial_offset
                                  : *(data.offsets.begin() + (it - data.times.begin() - 1));
}

// Whole 400-year cycles to subtract from `ms` to bring it into the table's explicit range.
[[nodiscard]] auto cycle_shift(const TimeZone::Data& data, std::int64_t ms) noexcept
    -> std::int64_t {
  if (!data.periodic ||
      (ms < data.cycle_end && (ms >= data.cycle_begin || !data.periodic_before))) {
    return 0;
  }
  return floor_div(ms - data.cycle_begin, kMsPer400Years) * kMsPer400Years;
}

[[nodiscard]] auto build_zone(std::string name, const TzifData& tzif,
                              const std::optional<PosixRule>& rule)
    -> std::shared_ptr<TimeZone::Data> {
  auto data = std::make_shared<TimeZone::Data>();
  data->name = std::move(name);
  data->initial_offset = tzif.type_offsets.front();
  const bool has_transitions = !tzif.times.empty();
  if (!has_transitions && rule) {
    data->initial_offset = rule->std_offset;
  }
  std::int64_t last_ms = std::numeric_limits<std::int64_t>::min();
  if (has_transitions) {
    TableBuilder table{*data};
    for (std::size_t i = 0; i < tzif.times.size(); ++i) {
      last_ms = std::clamp(tzif.times[i], -kMaxTzifSeconds, kMaxTzifSeconds) * kMsPerSecond;
      table.add(last_ms, tzif.offsets[i]);
    }
  }
  if (rule && rule->has_dst) {
    // Start the cycle a few years after the last explicit transition so that everything in it
    // (and in the margin the resolve() window needs) comes from the rule alone.
    const std::int64_t cycle_year = has_transitions ? year_of_ms(last_ms) + 3 : kMinYear;
    const std::int64_t first_year = has_transitions ? year_of_ms(last_ms) - 1 : cycle_year - 2;
    if (!has_transitions) {
      data->initial_offset = rule_changes(*rule, first_year - 1, first_year - 1).back().offset;
    }
    TableBuilder table{*data};
    for (const Change& change : rule_changes(*rule, first_year, cycle_year + 401)) {
      if (change.at_ms > last_ms) {
        table.add(change.at_ms, change.offset);
      }
    }
    data->periodic = true;
    data->periodic_before = !has_transitions;
    data->cycle_begin = days_from_civil(cycle_year, 1, 1) * kMsPerDay;
    data->cycle_end = data->cycle_begin + kMsPer400Years;
  }

  // Offsets only used before 1970 (local mean time, mostly) do not matter: dceff rejects such data.
  std::int64_t step = gcd_step(kSecondsPerHour, table_offset(*data, 0));
  for (std::size_t i = 0; i < data->times.size(); ++i) {
    if (data->times[i] > 0) {
      step = gcd_step(step, data->offsets[i]);
    }
  }
  if (rule) {
    step = gcd_step(step, rule->std_offset);
    step = rule->has_dst ? gcd_step(step, rule->dst_offset) : step;
  }
  data->step_seconds = step;
  return data;
}

[[nodiscard]] auto parse_tzif(std::string_view bytes, std::string name)
    -> std::shared_ptr<TimeZone::Data> {
  ByteReader in{bytes};
  TzifHeader header;
  if (!read_header(in, header)) {
    return nullptr;
  }
  TzifData tzif;
  if (header.version == 0) {
    if (!read_data(in, header, 4, tzif)) {
      return nullptr;
    }
    return build_zone(std::move(name), tzif, std::nullopt);
  }
  if (!in.skip(header.data_size(4)) || !read_header(in, header) || header.version < '2' ||
      !read_data(in, header, 8, tzif)) {
    return nullptr;
  }
  const std::string_view rest = in.rest();
  const std::size_t footer_end = rest.find('\n', 1);
  if (rest.empty() || rest.front() != '\n' || footer_end == std::string_view::npos) {
    return nullptr;
  }
  const std::string_view footer = rest.substr(1, footer_end - 1);
  std::optional<PosixRule> rule;
  if (!footer.empty()) {
    rule = PosixParser{footer}.parse();
    if (!rule) {
      return nullptr;
    }
  }
  return build_zone(std::move(name), tzif, rule);
}

// --- Loading and caching ---

[[nodiscard]] auto is_valid_zone_name(std::string_view name) -> bool {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '+' || c == '-' || c == '/';
  });
}

[[nodiscard]] auto unknown_zone(std::string_view name) -> ConfigError {
  return ConfigError{
      fmt::format("unknown time zone '{}' (expected an IANA name such as Europe/Berlin)", name)};
}

[[nodiscard]] auto read_file(const std::string& path) -> std::optional<std::string> {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return std::nullopt;
  }
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    return std::nullopt;
  }
  std::string bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (in.bad()) {
    return std::nullopt;
  }
  return bytes;
}

struct ZoneCache {
  std::mutex mutex;
  // Keyed by file path, not name alone, so that a changed TZDIR is honoured.
  std::map<std::string, std::shared_ptr<const TimeZone::Data>, std::less<>> zones;
};

[[nodiscard]] auto zone_cache() -> ZoneCache& {
  static ZoneCache cache;
  return cache;
}

// The format function sees only the public interface, so "a UTC zone" means one of its names.
[[nodiscard]] auto is_utc_name(std::string_view name) -> bool {
  constexpr std::string_view kNames[] = {"UTC",       "Etc/UTC",       "UCT",  "Etc/UCT",
                                         "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

void append_wall_time(fmt::memory_buffer& out, std::int64_t ms) {
  const std::int64_t days = floor_div(ms, kMsPerDay);
  const std::int64_t in_day = ms - days * kMsPerDay;
  const CivilDate date = civil_from_days(days);
  const std::int64_t seconds = in_day / kMsPerSecond;
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", date.year,
                 date.month, date.day, seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (const std::int64_t millis = in_day % kMsPerSecond; millis != 0) {
    fmt::format_to(std::back_inserter(out), ".{:03}", millis);
  }
}

}  // namespace

auto parse_timestamp(std::string_view text) noexcept -> std::optional<ParsedTimestamp> {
  if (text.size() >= 10 && text[4] == '-') {
    return parse_calendar(text);
  }
  return parse_epoch(text.data(), text.data() + text.size());
}

auto TimeZone::utc() -> TimeZone {
  static const std::shared_ptr<const Data> kUtc = [] {
    auto data = std::make_shared<Data>();
    data->name = "UTC";
    return data;
  }();
  return TimeZone{kUtc};
}

auto TimeZone::load(std::string_view name) -> TimeZone {
  if (name == "UTC") {
    return utc();
  }
  if (!is_valid_zone_name(name)) {
    throw unknown_zone(name);
  }
  const char* directory = std::getenv("TZDIR");
  std::string path = directory != nullptr && *directory != '\0' ? directory : "/usr/share/zoneinfo";
  path += '/';
  path += name;
  ZoneCache& cache = zone_cache();
  {
    const std::lock_guard lock{cache.mutex};
    if (const auto it = cache.zones.find(path); it != cache.zones.end()) {
      return TimeZone{it->second};
    }
  }
  const std::optional<std::string> bytes = read_file(path);
  if (!bytes) {
    throw unknown_zone(name);
  }
  std::shared_ptr<const Data> data = parse_tzif(*bytes, std::string{name});
  if (!data) {
    throw ConfigError{fmt::format("time zone '{}': invalid TZif data", name)};
  }
  const std::lock_guard lock{cache.mutex};
  return TimeZone{cache.zones.try_emplace(std::move(path), std::move(data)).first->second};
}

auto TimeZone::name() const noexcept -> const std::string& {
  return data_->name;
}

auto TimeZone::offset_at(Timestamp instant) const -> std::chrono::seconds {
  const std::int64_t ms = instant.time_since_epoch().count();
  return std::chrono::seconds{table_offset(*data_, ms - cycle_shift(*data_, ms))};
}

auto TimeZone::resolve(LocalTimestamp local) const -> Resolution {
  const Data& data = *data_;
  const std::int64_t shift = cycle_shift(data, local.time_since_epoch().count() - kSearchWindowMs);
  const std::int64_t wall = local.time_since_epoch().count() - shift;
  const std::int64_t window_end = wall + kSearchWindowMs;

  // Walk the offset intervals overlapping [wall - window, wall + window]: an instant t maps to
  // `wall` when t = wall - offset lies inside the interval that has that offset.
  auto index = static_cast<std::size_t>(
      std::upper_bound(data.times.begin(), data.times.end(), wall - kSearchWindowMs) -
      data.times.begin());
  std::int32_t offset = index == 0 ? data.initial_offset : data.offsets[index - 1];
  std::int64_t interval_begin = std::numeric_limits<std::int64_t>::min();
  std::optional<std::int64_t> earlier;
  std::optional<std::int64_t> later;
  std::optional<std::int64_t> skipped;
  for (;;) {
    const bool has_next = index < data.times.size();
    const std::int64_t interval_end =
        has_next ? data.times[index] : std::numeric_limits<std::int64_t>::max();
    const std::int64_t candidate = wall - offset * kMsPerSecond;
    if (candidate >= interval_begin && candidate < interval_end) {
      if (!earlier) {
        earlier = candidate;
      }
      later = candidate;
    }
    if (!has_next || interval_end > window_end) {
      break;
    }
    const std::int32_t next_offset = data.offsets[index];
    if (!skipped && next_offset > offset && wall >= interval_end + offset * kMsPerSecond &&
        wall < interval_end + next_offset * kMsPerSecond) {
      skipped = candidate;
    }
    interval_begin = interval_end;
    offset = next_offset;
    ++index;
  }

  const auto at = [shift](std::int64_t ms) {
    return Timestamp{std::chrono::milliseconds{ms + shift}};
  };
  Resolution result;
  if (earlier) {
    result.kind = *earlier == *later ? Resolution::Kind::kUnique : Resolution::Kind::kAmbiguous;
    result.earlier = at(*earlier);
    result.later = at(*later);
  } else {
    result.kind = Resolution::Kind::kNonexistent;
    result.earlier = at(skipped.value_or(wall - offset * kMsPerSecond));
    result.later = result.earlier;
  }
  return result;
}

auto TimeZone::boundary_step() const noexcept -> std::chrono::seconds {
  return std::chrono::seconds{data_->step_seconds};
}

auto format_timestamp(Timestamp instant, const TimeZone& zone) -> std::string {
  const std::chrono::seconds offset = zone.offset_at(instant);
  fmt::memory_buffer out;
  append_wall_time(out, (instant.time_since_epoch() + offset).count());
  const std::int64_t seconds = offset.count();
  if (seconds == 0 && is_utc_name(zone.name())) {
    out.push_back('Z');
    return fmt::to_string(out);
  }
  const std::int64_t magnitude = seconds < 0 ? -seconds : seconds;
  fmt::format_to(std::back_inserter(out), "{}{:02}:{:02}", seconds < 0 ? '-' : '+',
                 magnitude / 3600, magnitude / 60 % 60);
  // Only pre-1970 local mean time has seconds; RFC 3339 cannot express them, so extend it.
  if (magnitude % 60 != 0) {
    fmt::format_to(std::back_inserter(out), ":{:02}", magnitude % 60);
  }
  return fmt::to_string(out);
}

auto format_utc(Timestamp instant) -> std::string {
  fmt::memory_buffer out;
  append_wall_time(out, instant.time_since_epoch().count());
  out.push_back('Z');
  return fmt::to_string(out);
}

}  // namespace dceff
