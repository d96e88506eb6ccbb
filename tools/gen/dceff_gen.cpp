// dceff-gen: deterministic, physically consistent telemetry for the site in samples/site.json.
//
// Standalone on purpose (std, fmt, CLI11 only): the generator must not share code with the
// analyzer it is used to test, so a bug in the library cannot hide itself in the test data.
//
// Reproducibility: the PRNG (splitmix64 + xoshiro256**), the Gaussian approximation and the
// trigonometry are implemented here from +, -, *, / and sqrt only, which IEEE 754 defines
// exactly; std::*_distribution and libm's sin/cos/exp may differ between platforms.

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace {

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

auto splitmix64(std::uint64_t& state) -> std::uint64_t {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

// 53 random bits mapped exactly onto [0, 1).
auto to_unit(std::uint64_t bits) -> double {
  return static_cast<double>(bits >> 11U) * 0x1.0p-53;
}

// Irwin-Hall sum of four uniforms, rescaled to mean 0 and variance 1: close enough to a normal
// for sensor noise, bounded (|x| <= 3.46) and free of log/cos, so identical everywhere.
constexpr double kSqrt3 = 1.7320508075688772;
auto irwin_hall(double u1, double u2, double u3, double u4) -> double {
  return (u1 + u2 + u3 + u4 - 2.0) * kSqrt3;
}

class Xoshiro256 {
 public:
  explicit Xoshiro256(std::uint64_t seed) {
    for (auto& word : s_) {
      word = splitmix64(seed);
    }
  }

  auto next() -> std::uint64_t {
    const std::uint64_t result = rotl(s_[1] * 5U, 7) * 9U;
    const std::uint64_t t = s_[1] << 17U;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  auto uniform() -> double { return to_unit(next()); }
  auto normal() -> double { return irwin_hall(uniform(), uniform(), uniform(), uniform()); }

 private:
  static auto rotl(std::uint64_t x, int k) -> std::uint64_t {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
  }
  std::array<std::uint64_t, 4> s_{};
};

// Independent streams per physical signal, so that e.g. adding PDUs (more draws on the PDU
// stream) leaves every other signal, and thus the PUE, unchanged.
enum class Channel : std::uint64_t {
  kWeather = 1,
  kWeatherFast,
  kOatNoise,
  kItSlow,
  kItNoise,
  kSideSplit,
  kSideNoise,
  kPduWeight,
  kPduNoise,
  kCoolingNoise,
  kChillerSplit,
  kLighting,
  kOffice,
  kHeatNoise,
  kCloud,
  kPvNoise,
};

auto stream_seed(std::uint64_t seed, Channel channel) -> std::uint64_t {
  std::uint64_t state = seed ^ (static_cast<std::uint64_t>(channel) * 0xD1B54A32D192ED03ULL);
  return splitmix64(state);
}

// Counter-based draw: the same (seed, channel, index) always gives the same value, whatever the
// start time or step, so slow "weather" is a fixed function of absolute time.
auto hashed_normal(std::uint64_t seed, Channel channel, std::int64_t index) -> double {
  std::uint64_t state =
      stream_seed(seed, channel) ^ (static_cast<std::uint64_t>(index) * 0x9E3779B97F4A7C15ULL);
  const double u1 = to_unit(splitmix64(state));
  const double u2 = to_unit(splitmix64(state));
  const double u3 = to_unit(splitmix64(state));
  const double u4 = to_unit(splitmix64(state));
  return irwin_hall(u1, u2, u3, u4);
}

auto floor_div(std::int64_t a, std::int64_t b) -> std::int64_t {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

auto floor_mod(std::int64_t a, std::int64_t b) -> std::int64_t {
  return a - floor_div(a, b) * b;
}

// Smoothly interpolated value noise with knots every `knot_s` seconds (sd ~0.7..1).
auto smooth_noise(std::uint64_t seed, Channel channel, std::int64_t t, std::int64_t knot_s)
    -> double {
  const std::int64_t i = floor_div(t, knot_s);
  const double u = static_cast<double>(t - i * knot_s) / static_cast<double>(knot_s);
  const double w = u * u * (3.0 - 2.0 * u);
  const double a = hashed_normal(seed, channel, i);
  const double b = hashed_normal(seed, channel, i + 1);
  return a + (b - a) * w;
}

// ---------------------------------------------------------------------------------------------
// Deterministic trigonometry, argument in turns (1 turn = 2 pi): the reduction to [0, 1/8] is
// exact, and the Taylor polynomials are accurate to ~1e-15 there.

constexpr double kTwoPi = 6.283185307179586;

auto cos_poly(double x) -> double {
  const double x2 = x * x;
  return 1.0 + x2 * (-1.0 / 2 +
                     x2 * (1.0 / 24 +
                           x2 * (-1.0 / 720 +
                                 x2 * (1.0 / 40320 +
                                       x2 * (-1.0 / 3628800 + x2 * (1.0 / 479001600 +
                                                                    x2 * (-1.0 / 87178291200)))))));
}

auto sin_poly(double x) -> double {
  const double x2 = x * x;
  return x * (1.0 +
              x2 * (-1.0 / 6 +
                    x2 * (1.0 / 120 + x2 * (-1.0 / 5040 + x2 * (1.0 / 362880 +
                                                                x2 * (-1.0 / 39916800 +
                                                                      x2 * (1.0 / 6227020800)))))));
}

auto cos_turns(double turns) -> double {
  double x = turns - std::floor(turns);  // [0, 1)
  if (x > 0.5) {
    x = 1.0 - x;  // cos is even
  }
  double sign = 1.0;
  if (x > 0.25) {
    x = 0.5 - x;  // cos(pi - a) = -cos(a)
    sign = -1.0;
  }
  if (x > 0.125) {
    return sign * sin_poly(kTwoPi * (0.25 - x));
  }
  return sign * cos_poly(kTwoPi * x);
}

auto sin_turns(double turns) -> double {
  return cos_turns(turns - 0.25);
}

// ---------------------------------------------------------------------------------------------
// Calendar and the Europe/Berlin rules (no tz database: the EU rule has been fixed since 1996)

constexpr std::int64_t kDaySeconds = 86400;

struct Civil {
  std::int64_t year = 1970;
  int month = 1;
  int day = 1;
};

// Howard Hinnant's days_from_civil / civil_from_days.
auto days_from_civil(std::int64_t y, int m, int d) -> std::int64_t {
  if (m <= 2) {
    --y;
  }
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = m > 2 ? m - 3 : m + 9;
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

auto civil_from_days(std::int64_t z) -> Civil {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{yoe + era * 400 + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d)};
}

auto is_leap(std::int64_t y) -> bool {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

auto days_in_month(std::int64_t y, int m) -> int {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// 0 = Sunday; 1970-01-01 was a Thursday.
auto weekday(std::int64_t days) -> std::int64_t {
  return floor_mod(days + 4, 7);
}

// Last Sunday of a 31-day month at 01:00 UTC: when EU clocks change.
auto eu_switch_utc(std::int64_t year, int month) -> std::int64_t {
  const std::int64_t last = days_from_civil(year, month, 31);
  return (last - weekday(last)) * kDaySeconds + 3600;
}

// Berlin offset (local - UTC) in seconds at a UTC instant.
auto berlin_offset(std::int64_t t) -> std::int64_t {
  const std::int64_t year = civil_from_days(floor_div(t, kDaySeconds)).year;
  const bool summer = t >= eu_switch_utc(year, 3) && t < eu_switch_utc(year, 10);
  return summer ? 7200 : 3600;
}

// A Berlin wall-clock time to UTC: the earlier instant in the repeated autumn hour, the
// standard-time reading of a wall time that the spring change skips.
auto berlin_to_utc(std::int64_t local) -> std::int64_t {
  if (berlin_offset(local - 7200) == 7200) {
    return local - 7200;
  }
  return local - 3600;
}

// RFC 3339 `YYYY-MM-DDTHH:MM:SS[.000]` with `Z` or `+HH:MM`/`-HH:MM`, to Unix seconds.
auto parse_rfc3339(std::string_view s) -> std::optional<std::int64_t> {
  std::size_t pos = 0;
  auto number = [&](std::size_t width, int& out) -> bool {
    if (pos + width > s.size()) {
      return false;
    }
    out = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const char c = s[pos + i];
      if (c < '0' || c > '9') {
        return false;
      }
      out = out * 10 + (c - '0');
    }
    pos += width;
    return true;
  };
  auto literal = [&](std::string_view options) -> bool {
    if (pos < s.size() && options.find(s[pos]) != std::string_view::npos) {
      ++pos;
      return true;
    }
    return false;
  };
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!number(4, year) || !literal("-") || !number(2, month) || !literal("-") || !number(2, day) ||
      !literal("Tt ") || !number(2, hour) || !literal(":") || !number(2, minute) || !literal(":") ||
      !number(2, second)) {
    return std::nullopt;
  }
  if (literal(".")) {
    // Sub-second starts are refused rather than silently truncated.
    const std::size_t first = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (s[pos] != '0') {
        return std::nullopt;
      }
      ++pos;
    }
    if (pos == first) {
      return std::nullopt;
    }
  }
  std::int64_t offset = 0;
  if (!literal("Zz")) {
    if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) {
      return std::nullopt;
    }
    const bool negative = s[pos] == '-';
    ++pos;
    int oh = 0;
    int om = 0;
    if (!number(2, oh) || !literal(":") || !number(2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (negative ? -1 : 1) * (oh * 3600 + om * 60);
  }
  if (pos != s.size() || year < 1970 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  return days_from_civil(year, month, day) * kDaySeconds + hour * 3600 + minute * 60 + second -
         offset;
}

// ---------------------------------------------------------------------------------------------
// Text output

enum class Format { kLong, kWide, kNdjson, kJson };
enum class TimeStyle { kUtc, kLocal, kOffset, kEpochMs, kEpochS };

auto put2(char* p, std::int64_t v) -> char* {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}

// `YYYY-MM-DD<sep>HH:MM:SS` for seconds since the epoch on some wall clock.
auto put_datetime(char* p, std::int64_t secs, char sep) -> char* {
  const std::int64_t days = floor_div(secs, kDaySeconds);
  const std::int64_t sod = secs - days * kDaySeconds;
  const Civil c = civil_from_days(days);
  p = put2(p, c.year / 100);
  p = put2(p, c.year % 100);
  *p++ = '-';
  p = put2(p, c.month);
  *p++ = '-';
  p = put2(p, c.day);
  *p++ = sep;
  p = put2(p, sod / 3600);
  *p++ = ':';
  p = put2(p, sod / 60 % 60);
  *p++ = ':';
  return put2(p, sod % 60);
}

struct Stamp {
  std::array<char, 40> text{};
  std::size_t size = 0;
  [[nodiscard]] auto view() const -> std::string_view { return {text.data(), size}; }
};

auto make_stamp(std::int64_t t, TimeStyle style) -> Stamp {
  Stamp st;
  char* const begin = st.text.data();
  char* const end = begin + st.text.size();
  char* p = begin;
  switch (style) {
    case TimeStyle::kUtc:
      p = put_datetime(p, t, 'T');
      *p++ = 'Z';
      break;
    case TimeStyle::kOffset: {
      const std::int64_t off = berlin_offset(t);
      p = put_datetime(p, t + off, 'T');
      *p++ = off < 0 ? '-' : '+';
      const std::int64_t abs_off = off < 0 ? -off : off;
      p = put2(p, abs_off / 3600);
      *p++ = ':';
      p = put2(p, abs_off / 60 % 60);
      break;
    }
    case TimeStyle::kLocal:
      p = put_datetime(p, t + berlin_offset(t), ' ');
      break;
    case TimeStyle::kEpochMs:
      p = std::to_chars(p, end, t * 1000).ptr;
      break;
    case TimeStyle::kEpochS:
      p = std::to_chars(p, end, t).ptr;
      break;
  }
  st.size = static_cast<std::size_t>(p - begin);
  return st;
}

constexpr std::array<std::int64_t, 4> kPow10{1, 10, 100, 1000};

// Fixed-point decimal via an integer: fast, locale-free ('.' always) and never "-0.00".
auto put_fixed(char* p, char* end, double value, int decimals) -> char* {
  const std::int64_t unit = kPow10[static_cast<std::size_t>(decimals)];
  std::int64_t scaled = std::llround(value * static_cast<double>(unit));
  if (scaled < 0) {
    *p++ = '-';
    scaled = -scaled;
  }
  p = std::to_chars(p, end, scaled / unit).ptr;
  if (decimals > 0) {
    *p++ = '.';
    std::int64_t frac = scaled % unit;
    for (int i = decimals - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    p += decimals;
  }
  return p;
}

// Buffers output and writes it in blocks, so memory stays bounded for year-long runs.
class Sink {
 public:
  static constexpr std::size_t kBlockBytes = std::size_t{4} << 20U;

  Sink(std::FILE* file, std::string name) : file_{file}, name_{std::move(name)} {
    buf_.reserve(kBlockBytes + (std::size_t{1} << 20U));
  }

  auto buf() -> std::string& { return buf_; }

  void maybe_flush() {
    if (buf_.size() >= kBlockBytes) {
      flush();
    }
  }

  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      throw std::runtime_error(fmt::format("cannot write {}: {}", name_, std::strerror(errno)));
    }
    buf_.clear();
  }

 private:
  std::FILE* file_;
  std::string name_;
  std::string buf_;
};

// ---------------------------------------------------------------------------------------------
// The site's meters

enum class Signal {
  kGrid,
  kGensetFuel,
  kOffice,
  kUpsA,
  kUpsB,
  kPduA,
  kPduB,
  kChiller1,
  kChiller2,
  kCrahFans,
  kLighting,
  kHeatExport,
  kPv,
  kWater,
  kOat,
};

struct Meter {
  std::string id;
  Signal signal = Signal::kGrid;
  std::size_t pdu_index = 0;  // within its side, for kPduA / kPduB
  int decimals = 3;
};

constexpr int kBaseMeterCount = 17;
constexpr int kBasePdusPerSide = 2;

// site.json's meters with the globs expanded, in its order; extra PDUs alternate a3, b3, a4, ...
auto make_meters(int count) -> std::vector<Meter> {
  const int extra = count - kBaseMeterCount;
  const int pdu_a = kBasePdusPerSide + (extra + 1) / 2;
  const int pdu_b = kBasePdusPerSide + extra / 2;
  std::vector<Meter> meters;
  meters.reserve(static_cast<std::size_t>(count));
  meters.push_back({"grid.main.kwh", Signal::kGrid, 0, 3});
  meters.push_back({"genset.fuel", Signal::kGensetFuel, 0, 3});
  meters.push_back({"office", Signal::kOffice, 0, 3});
  meters.push_back({"ups.out.a", Signal::kUpsA, 0, 3});
  meters.push_back({"ups.out.b", Signal::kUpsB, 0, 3});
  for (int i = 0; i < pdu_a; ++i) {
    meters.push_back(
        {fmt::format("pdu.a{}", i + 1), Signal::kPduA, static_cast<std::size_t>(i), 3});
  }
  for (int i = 0; i < pdu_b; ++i) {
    meters.push_back(
        {fmt::format("pdu.b{}", i + 1), Signal::kPduB, static_cast<std::size_t>(i), 3});
  }
  meters.push_back({"chiller.1", Signal::kChiller1, 0, 3});
  meters.push_back({"chiller.2", Signal::kChiller2, 0, 3});
  meters.push_back({"crah.fans", Signal::kCrahFans, 0, 3});
  meters.push_back({"lighting", Signal::kLighting, 0, 3});
  meters.push_back({"heat.export", Signal::kHeatExport, 0, 3});
  meters.push_back({"pv.roof", Signal::kPv, 0, 3});
  meters.push_back({"water.makeup", Signal::kWater, 0, 3});
  meters.push_back({"oat", Signal::kOat, 0, 2});
  return meters;
}

// ---------------------------------------------------------------------------------------------
// Plant physics

// A half-open UTC interval [begin, end).
struct Window {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  [[nodiscard]] auto contains(std::int64_t t) const -> bool { return t >= begin && t < end; }
};

constexpr std::int64_t kEpoch2000 = 946684800;  // 2000-01-01T00:00:00Z
constexpr double kYearDays = 365.2425;
constexpr double kLatitudeDeg = 50.11;  // Frankfurt am Main
constexpr double kLongitudeDeg = 8.68;

constexpr double kOatMeanC = 10.0;
constexpr double kOatSeasonalK = 9.0;
constexpr double kOatDiurnalK = 5.0;
constexpr double kColdestDay = 14.0;  // days after 1 January

constexpr double kItMeanKw = 668.0;
constexpr double kItDiurnalKw = 42.0;
constexpr double kItMinKw = 600.0;
constexpr double kItMaxKw = 750.0;
constexpr double kCablingFactor = 1.003;
constexpr double kPduEfficiency = 0.985;
constexpr double kUpsRatedKw = 1200.0;

constexpr double kLiquidShare = 0.4;
constexpr double kEvaporatorK = 12.0 + 273.15;
constexpr double kCondenserApproachK = 8.0;
constexpr double kCopMin = 2.5;
constexpr double kCopMax = 12.0;
constexpr double kHeatExportBelowC = 15.0;

constexpr double kLightingKw = 12.0;
constexpr double kPvPeakKw = 95.0;
constexpr double kPvInverterKw = 85.0;

constexpr double kGensetKw = 300.0;
constexpr double kDieselKwhPerL = 9.9;
constexpr double kGensetEfficiency = 0.35;
constexpr double kFuelStartL = 12345.6;
constexpr double kWaterStartM3 = 5000.0;
constexpr double kWaterLPerKwh = 1.5;

constexpr double kRolloverKwh = 1'000'000.0;
constexpr double kGridStartKwh = 123456.789;

struct PlantConfig {
  std::uint64_t seed = 1;
  std::size_t pdu_a = 2;
  std::size_t pdu_b = 2;
  std::int64_t step_s = 300;
  Window genset_test;
  double grid_start_kwh = kGridStartKwh;
};

// Everything one time step reports; counters hold their value at the sample's instant.
struct Snapshot {
  double oat = 0.0;
  double office = 0.0;
  double ups_a = 0.0;
  double ups_b = 0.0;
  std::vector<double> pdu_a;
  std::vector<double> pdu_b;
  double chiller_1 = 0.0;
  double chiller_2 = 0.0;
  double crah_fans = 0.0;
  double lighting = 0.0;
  double heat_export = 0.0;
  double pv = 0.0;
  double grid_register = 0.0;
  double fuel_l = 0.0;
  double water_m3 = 0.0;
};

auto ups_loss(double out_kw) -> double {
  const double x = out_kw / kUpsRatedKw;
  return kUpsRatedKw * (0.010 + 0.015 * x + 0.010 * x * x);
}

// A register that counts kWh modulo 1,000,000, to the printed 0.001 kWh, so that it never
// shows 1000000.000.
auto wrap_register(double total_kwh) -> double {
  constexpr std::int64_t kModMilli = 1'000'000'000;
  return static_cast<double>(floor_mod(std::llround(total_kwh * 1000.0), kModMilli)) / 1000.0;
}

class Plant {
 public:
  explicit Plant(const PlantConfig& cfg)
      : cfg_{cfg},
        oat_rng_{stream_seed(cfg.seed, Channel::kOatNoise)},
        it_rng_{stream_seed(cfg.seed, Channel::kItNoise)},
        side_rng_{stream_seed(cfg.seed, Channel::kSideNoise)},
        pdu_rng_{stream_seed(cfg.seed, Channel::kPduNoise)},
        cooling_rng_{stream_seed(cfg.seed, Channel::kCoolingNoise)},
        lighting_rng_{stream_seed(cfg.seed, Channel::kLighting)},
        office_rng_{stream_seed(cfg.seed, Channel::kOffice)},
        heat_rng_{stream_seed(cfg.seed, Channel::kHeatNoise)},
        pv_rng_{stream_seed(cfg.seed, Channel::kPvNoise)},
        grid_kwh_{cfg.grid_start_kwh},
        sin_lat_{sin_turns(kLatitudeDeg / 360.0)},
        cos_lat_{cos_turns(kLatitudeDeg / 360.0)} {
    // Fixed per-PDU shares (racks are not evenly loaded), +-15 %.
    for (std::size_t i = 0; i < cfg.pdu_a + cfg.pdu_b; ++i) {
      const double u =
          0.5 +
          hashed_normal(cfg.seed, Channel::kPduWeight, static_cast<std::int64_t>(i)) / (2.0 * 3.5);
      weights_.push_back(0.85 + 0.30 * u);
    }
  }

  // Unwrapped grid energy since the start of the run (plus the register's start value).
  [[nodiscard]] auto grid_energy_kwh() const -> double { return grid_kwh_; }

  void sample(std::int64_t t, Snapshot& s) {
    const double dt_h = static_cast<double>(cfg_.step_s) / 3600.0;
    const double days_2000 = static_cast<double>(t - kEpoch2000) / static_cast<double>(kDaySeconds);
    // Apparent solar time (longitude only): weather and sun follow it, people follow the clock.
    const double solar_h =
        static_cast<double>(floor_mod(t, kDaySeconds)) / 3600.0 + kLongitudeDeg / 15.0;
    const std::int64_t local = t + berlin_offset(t);
    const double local_h = static_cast<double>(floor_mod(local, kDaySeconds)) / 3600.0;
    const std::int64_t dow = weekday(floor_div(local, kDaySeconds));
    const bool weekend = dow == 0 || dow == 6;

    // Outdoor air: season + day + synoptic weather + sensor noise; physics uses the printed value
    // so that e.g. "no heat export above 15 degC" holds exactly in the data.
    const double oat_raw =
        kOatMeanC - kOatSeasonalK * cos_turns((days_2000 - kColdestDay) / kYearDays) +
        kOatDiurnalK * cos_turns((solar_h - 15.0) / 24.0) +
        3.0 * smooth_noise(cfg_.seed, Channel::kWeather, t, 12 * 3600) +
        0.8 * smooth_noise(cfg_.seed, Channel::kWeatherFast, t, 3 * 3600) + 0.1 * oat_rng_.normal();
    const double oat = static_cast<double>(std::llround(oat_raw * 100.0)) / 100.0;
    s.oat = oat;

    // IT load at the server inputs.
    const double it3 = std::clamp(
        kItMeanKw + kItDiurnalKw * cos_turns((local_h - 15.0) / 24.0) - (weekend ? 12.0 : 0.0) +
            10.0 * smooth_noise(cfg_.seed, Channel::kItSlow, t, 6 * 3600) + 3.0 * it_rng_.normal(),
        kItMinKw, kItMaxKw);
    const double pdu_total = it3 * kCablingFactor;
    const double share_a = 0.5 + 0.01 * smooth_noise(cfg_.seed, Channel::kSideSplit, t, 8 * 3600) +
                           0.003 * side_rng_.normal();
    const double side_a = pdu_total * share_a;
    const double side_b = pdu_total - side_a;
    split(side_a, 0, s.pdu_a, cfg_.pdu_a);
    split(side_b, cfg_.pdu_a, s.pdu_b, cfg_.pdu_b);
    s.ups_a = side_a / kPduEfficiency;
    s.ups_b = side_b / kPduEfficiency;
    const double loss_a = ups_loss(s.ups_a);
    const double loss_b = ups_loss(s.ups_b);
    const double ups_in = s.ups_a + s.ups_b + loss_a + loss_b;

    // Cooling: 40 % of the IT heat leaves in warm water (dry coolers or district heating), the
    // rest plus the power-chain losses goes through the chillers.
    const double q_air = (1.0 - kLiquidShare) * it3 + (pdu_total - it3) +
                         (s.ups_a + s.ups_b - pdu_total) + loss_a + loss_b;
    const double lift_k = oat + kCondenserApproachK + 273.15 - kEvaporatorK;
    const double cop =
        lift_k <= 0.0 ? kCopMax : std::clamp(0.5 * kEvaporatorK / lift_k, kCopMin, kCopMax);
    const double compressors = q_air / cop;
    const double q_liquid = kLiquidShare * it3;
    const double cold = std::clamp((kHeatExportBelowC - oat) / kHeatExportBelowC, 0.0, 1.0);
    s.heat_export = std::clamp(q_liquid * cold * (1.0 + 0.01 * heat_rng_.normal()), 0.0, q_liquid);
    const double dry_coolers =
        (q_liquid - s.heat_export) * (0.015 + 0.0015 * std::max(0.0, oat - 10.0));
    const double pumps = 0.012 * q_liquid + 0.004 * q_air;
    // chiller.1/.2 meter the plant boards: compressors, pumps and dry coolers.
    const double plant = (compressors + dry_coolers + pumps) * (1.0 + 0.01 * cooling_rng_.normal());
    const double lead_share =
        0.55 + 0.03 * smooth_noise(cfg_.seed, Channel::kChillerSplit, t, 6 * 3600);
    s.chiller_1 = plant * lead_share;
    s.chiller_2 = plant - s.chiller_1;
    // Fans move the air-side heat; warm weather adds flow (warmer supply-air set points).
    s.crah_fans = std::clamp(
        20.0 + 0.02 * q_air + 0.35 * std::max(0.0, oat - 5.0) + 0.4 * cooling_rng_.normal(), 25.0,
        40.0);

    s.lighting = kLightingKw + 0.25 * lighting_rng_.normal();
    // Offices: occupied 07:00-19:00 on weekdays.
    const double occupied =
        local_h > 7.0 && local_h < 19.0 ? 0.5 - 0.5 * cos_turns((local_h - 7.0) / 12.0) : 0.0;
    s.office = std::clamp(23.0 + (weekend ? 4.0 : 35.0) * occupied + 0.8 * office_rng_.normal(),
                          20.0, 60.0);

    // Roof PV: clear-sky from the solar elevation, damped at low sun, times cloudiness.
    const double decl_deg = -23.44 * cos_turns((days_2000 + 10.0) / kYearDays);
    const double sin_elev =
        sin_lat_ * sin_turns(decl_deg / 360.0) +
        cos_lat_ * cos_turns(decl_deg / 360.0) * cos_turns((solar_h - 12.0) / 24.0);
    const double clear =
        std::clamp(0.72 + 0.35 * smooth_noise(cfg_.seed, Channel::kCloud, t, 3 * 3600), 0.12, 1.0);
    const double pv_noise = 1.0 + 0.02 * pv_rng_.normal();
    s.pv = sin_elev > 0.0 ? std::min(kPvInverterKw, kPvPeakKw * sin_elev * (0.4 + 0.6 * sin_elev) *
                                                        clear * pv_noise)
                          : 0.0;

    const double genset = cfg_.genset_test.contains(t) ? kGensetKw : 0.0;
    const double facility =
        ups_in + s.chiller_1 + s.chiller_2 + s.crah_fans + s.lighting + s.office;
    const double grid = facility - s.pv - genset;

    s.grid_register = wrap_register(grid_kwh_);
    s.fuel_l = fuel_l_;
    s.water_m3 = water_m3_;
    // Left-Riemann: this sample's rates hold until the next sample.
    grid_kwh_ += grid * dt_h;
    fuel_l_ += genset / (kDieselKwhPerL * kGensetEfficiency) * dt_h;
    water_m3_ += kWaterLPerKwh * (q_air + compressors) / 1000.0 * dt_h;
  }

 private:
  // Splits one UPS side over its PDUs: fixed shares with a little independent jitter.
  void split(double total, std::size_t first_weight, std::vector<double>& out, std::size_t n) {
    out.resize(n);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = weights_[first_weight + i] * (1.0 + 0.01 * pdu_rng_.normal());
      sum += out[i];
    }
    for (double& v : out) {
      v = total * v / sum;
    }
  }

  PlantConfig cfg_;
  Xoshiro256 oat_rng_;
  Xoshiro256 it_rng_;
  Xoshiro256 side_rng_;
  Xoshiro256 pdu_rng_;
  Xoshiro256 cooling_rng_;
  Xoshiro256 lighting_rng_;
  Xoshiro256 office_rng_;
  Xoshiro256 heat_rng_;
  Xoshiro256 pv_rng_;
  double grid_kwh_;
  double fuel_l_ = kFuelStartL;
  double water_m3_ = kWaterStartM3;
  double sin_lat_;
  double cos_lat_;
  std::vector<double> weights_;
};

auto value_of(const Meter& m, const Snapshot& s) -> double {
  switch (m.signal) {
    case Signal::kGrid:
      return s.grid_register;
    case Signal::kGensetFuel:
      return s.fuel_l;
    case Signal::kOffice:
      return s.office;
    case Signal::kUpsA:
      return s.ups_a;
    case Signal::kUpsB:
      return s.ups_b;
    case Signal::kPduA:
      return s.pdu_a[m.pdu_index];
    case Signal::kPduB:
      return s.pdu_b[m.pdu_index];
    case Signal::kChiller1:
      return s.chiller_1;
    case Signal::kChiller2:
      return s.chiller_2;
    case Signal::kCrahFans:
      return s.crah_fans;
    case Signal::kLighting:
      return s.lighting;
    case Signal::kHeatExport:
      return s.heat_export;
    case Signal::kPv:
      return s.pv;
    case Signal::kWater:
      return s.water_m3;
    case Signal::kOat:
      return s.oat;
  }
  return 0.0;
}

// ---------------------------------------------------------------------------------------------
// Scenario: where the gaps and the generator test go

struct Run {
  std::int64_t start = 0;
  std::int64_t step_s = 300;
  std::int64_t steps = 0;
  [[nodiscard]] auto end() const -> std::int64_t { return start + steps * step_s; }
};

// The scenario is written for 3 days; the design span its positions are scaled from.
constexpr std::int64_t kDesignSpanS = 3 * kDaySeconds;

// `day` (1-based, counted from the start's Berlin date) at hh:mm Berlin time. When that does not
// fit in the run (fewer days, or a late start), the position is scaled into the run instead.
auto place_event(const Run& run, int day, int hour, int minute, std::int64_t duration_s) -> Window {
  const std::int64_t start_local_day = floor_div(run.start + berlin_offset(run.start), kDaySeconds);
  const std::int64_t wall_s = (day - 1) * kDaySeconds + hour * 3600 + minute * 60;
  const std::int64_t anchor = berlin_to_utc(start_local_day * kDaySeconds + wall_s);
  if (anchor >= run.start && anchor + duration_s <= run.end()) {
    return {anchor, anchor + duration_s};
  }
  const double span = static_cast<double>(run.end() - run.start);
  const double frac = static_cast<double>(wall_s) / static_cast<double>(kDesignSpanS);
  std::int64_t pos = run.start + static_cast<std::int64_t>(frac * span) / run.step_s * run.step_s;
  // Keep at least one sample on either side, so the gap is visible as a gap.
  const std::int64_t latest = std::max(run.start + run.step_s, run.end() - duration_s - run.step_s);
  pos = std::clamp(pos, run.start + run.step_s, latest);
  return {pos, pos + duration_s};
}

// ---------------------------------------------------------------------------------------------
// Writers

struct Options {
  std::string start = "2025-10-25T00:00:00+02:00";
  double days = 3.0;
  std::int64_t step_s = 300;
  int meters = kBaseMeterCount;
  std::uint64_t seed = 1;
  std::string format = "long";
  std::string time_style = "utc";
  bool gaps = false;
  bool rollover_halfway = false;
  std::string output;
};

auto parse_format(const std::string& s) -> Format {
  if (s == "wide") {
    return Format::kWide;
  }
  if (s == "ndjson") {
    return Format::kNdjson;
  }
  if (s == "json") {
    return Format::kJson;
  }
  return Format::kLong;
}

auto parse_time_style(const std::string& s) -> TimeStyle {
  if (s == "local") {
    return TimeStyle::kLocal;
  }
  if (s == "offset") {
    return TimeStyle::kOffset;
  }
  if (s == "epoch-ms") {
    return TimeStyle::kEpochMs;
  }
  if (s == "epoch-s") {
    return TimeStyle::kEpochS;
  }
  return TimeStyle::kUtc;
}

// Finds where the register must start so that it wraps between the two middle samples.
auto halfway_register_start(const PlantConfig& cfg, const Run& run) -> double {
  PlantConfig probe = cfg;
  probe.grid_start_kwh = 0.0;
  Plant plant{probe};
  Snapshot s;
  const std::int64_t half = run.steps / 2;
  double before_prev = 0.0;  // energy at sample half-1
  for (std::int64_t k = 0; k < half; ++k) {
    before_prev = plant.grid_energy_kwh();
    plant.sample(run.start + k * run.step_s, s);
  }
  // Mid-way between the two readings, so neither shows exactly 0 or 1,000,000.
  const double mid = 0.5 * (before_prev + plant.grid_energy_kwh());
  const double start = kRolloverKwh - std::fmod(mid, kRolloverKwh);
  return static_cast<double>(std::llround(start * 1000.0)) / 1000.0;
}

void generate(const Options& opt, const Run& run, std::FILE* file, const std::string& name) {
  const Format format = parse_format(opt.format);
  const TimeStyle style = parse_time_style(opt.time_style);
  const std::vector<Meter> meters = make_meters(opt.meters);
  const std::size_t n = meters.size();

  PlantConfig cfg;
  cfg.seed = opt.seed;
  cfg.step_s = run.step_s;
  cfg.pdu_a = static_cast<std::size_t>(std::count_if(
      meters.begin(), meters.end(), [](const Meter& m) { return m.signal == Signal::kPduA; }));
  cfg.pdu_b = static_cast<std::size_t>(std::count_if(
      meters.begin(), meters.end(), [](const Meter& m) { return m.signal == Signal::kPduB; }));
  cfg.genset_test = place_event(run, 2, 10, 0, 3600);
  if (opt.rollover_halfway) {
    cfg.grid_start_kwh = halfway_register_start(cfg, run);
  }

  // Without --gaps the windows are empty.
  Window pdu_gap;
  Window oat_gap;
  Window outage;
  if (opt.gaps) {
    pdu_gap = place_event(run, 1, 14, 0, 40 * 60);
    oat_gap = place_event(run, 2, 3, 0, 2 * 3600);
    outage = place_event(run, 3, 9, 0, 20 * 60);
  }
  std::size_t pdu_b2 = n;
  std::size_t oat_index = n;
  for (std::size_t i = 0; i < n; ++i) {
    pdu_b2 = meters[i].id == "pdu.b2" ? i : pdu_b2;
    oat_index = meters[i].signal == Signal::kOat ? i : oat_index;
  }

  // Per-meter text that surrounds a value, prepared once.
  const bool quoted = style != TimeStyle::kEpochMs && style != TimeStyle::kEpochS;
  std::vector<std::string> mid(n);
  for (std::size_t i = 0; i < n; ++i) {
    switch (format) {
      case Format::kLong:
        mid[i] = fmt::format(",{},", meters[i].id);
        break;
      case Format::kNdjson:
      case Format::kJson:
        mid[i] = fmt::format("{},\"meter\":\"{}\",\"value\":", quoted ? "\"" : "", meters[i].id);
        break;
      case Format::kWide:
        mid[i] = ",";
        break;
    }
  }

  Sink sink{file, name};
  std::string& out = sink.buf();
  switch (format) {
    case Format::kLong:
      out += "timestamp,meter,value\n";
      break;
    case Format::kWide:
      out += "timestamp";
      for (const Meter& m : meters) {
        out += ',';
        out += m.id;
      }
      out += '\n';
      break;
    case Format::kJson:
      out += "[\n";
      break;
    case Format::kNdjson:
      break;
  }

  Plant plant{cfg};
  Snapshot snap;
  std::vector<char> missing(n, 0);
  std::array<char, 48> value{};
  bool first_object = true;
  const std::string_view object_open = quoted ? R"({"timestamp":")" : R"({"timestamp":)";
  for (std::int64_t k = 0; k < run.steps; ++k) {
    const std::int64_t t = run.start + k * run.step_s;
    plant.sample(t, snap);
    const bool all_missing = outage.contains(t);
    for (std::size_t i = 0; i < n; ++i) {
      missing[i] = static_cast<char>(all_missing || (i == pdu_b2 && pdu_gap.contains(t)) ||
                                     (i == oat_index && oat_gap.contains(t)));
    }
    if (all_missing) {
      continue;  // an export outage: no rows at all, not even an empty wide row
    }
    const Stamp stamp = make_stamp(t, style);
    const std::string_view ts = stamp.view();
    if (format == Format::kWide) {
      out += ts;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (missing[i] != 0) {
        if (format == Format::kWide) {
          out += ',';
        }
        continue;
      }
      char* const vend = put_fixed(value.data(), value.data() + value.size(),
                                   value_of(meters[i], snap), meters[i].decimals);
      const std::string_view v{value.data(), static_cast<std::size_t>(vend - value.data())};
      switch (format) {
        case Format::kLong:
          out += ts;
          out += mid[i];
          out += v;
          out += '\n';
          break;
        case Format::kWide:
          out += mid[i];
          out += v;
          break;
        case Format::kJson:
          if (!first_object) {
            out += ",\n";
          }
          first_object = false;
          out += object_open;
          out += ts;
          out += mid[i];
          out += v;
          out += '}';
          break;
        case Format::kNdjson:
          out += object_open;
          out += ts;
          out += mid[i];
          out += v;
          out += "}\n";
          break;
      }
    }
    if (format == Format::kWide) {
      out += '\n';
    }
    sink.maybe_flush();
  }
  if (format == Format::kJson) {
    out += first_object ? "]\n" : "\n]\n";
  }
  sink.flush();
}

}  // namespace

auto main(int argc, char** argv) -> int {
  Options opt;
  CLI::App app{
      "Generates deterministic, physically consistent telemetry for samples/site.json "
      "(Europe/Berlin, 1 MW hall).",
      "dceff-gen"};
  app.add_option("--start", opt.start, "first sample, RFC 3339 with Z or an offset")
      ->capture_default_str();
  app.add_option("--days", opt.days, "length of the run in days")->capture_default_str();
  app.add_option("--step-s", opt.step_s, "sampling interval in seconds")->capture_default_str();
  app.add_option("--meters", opt.meters,
                 "number of meters; above 17 extra PDUs (pdu.a3, pdu.b3, ...) share the IT load")
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "PRNG seed")->capture_default_str();
  app.add_option("--format", opt.format, "output format")
      ->check(CLI::IsMember({"long", "wide", "ndjson", "json"}))
      ->capture_default_str();
  app.add_option("--time-style", opt.time_style, "timestamp style (local/offset: Europe/Berlin)")
      ->check(CLI::IsMember({"utc", "local", "offset", "epoch-ms", "epoch-s"}))
      ->capture_default_str();
  app.add_flag("--gaps", opt.gaps, "inject a PDU dropout, an oat dropout and an export outage");
  app.add_flag("--rollover-halfway", opt.rollover_halfway,
               "start the grid register so that it wraps at 1,000,000 kWh half-way");
  app.add_option("-o,--output", opt.output, "output file (default: stdout)");
  CLI11_PARSE(app, argc, argv);

  auto fail = [](const std::string& message) {
    fmt::print(stderr, "dceff-gen: error: {}\n", message);
    return 2;
  };
  const std::optional<std::int64_t> start = parse_rfc3339(opt.start);
  if (!start) {
    return fail(
        fmt::format("--start '{}' is not an RFC 3339 time with Z or an offset, e.g. "
                    "2025-10-25T00:00:00+02:00 (year >= 1970, whole seconds)",
                    opt.start));
  }
  if (opt.step_s < 1 || opt.step_s > kDaySeconds) {
    return fail(fmt::format("--step-s {} must be between 1 and 86400", opt.step_s));
  }
  if (!(opt.days > 0.0) || opt.days > 3660.0) {
    return fail(fmt::format("--days {} must be greater than 0 and at most 3660", opt.days));
  }
  if (opt.meters < kBaseMeterCount || opt.meters > 100000) {
    return fail(fmt::format(
        "--meters {}: the site has {} base meters (grid.main.kwh ... oat); N must be between {} "
        "and 100000 (extra meters are additional PDUs)",
        opt.meters, kBaseMeterCount, kBaseMeterCount));
  }
  Run run;
  run.start = *start;
  run.step_s = opt.step_s;
  run.steps = static_cast<std::int64_t>(opt.days * static_cast<double>(kDaySeconds)) / opt.step_s;
  if (run.steps < 2) {
    return fail("--days and --step-s leave fewer than 2 samples");
  }
  if (civil_from_days(floor_div(run.end(), kDaySeconds)).year > 9999) {
    return fail("the run would end after the year 9999");
  }

  std::FILE* file = stdout;
  const std::string name = opt.output.empty() ? std::string{"<stdout>"} : opt.output;
  if (!opt.output.empty()) {
    file = std::fopen(opt.output.c_str(), "wb");
    if (file == nullptr) {
      return fail(fmt::format("cannot open {}: {}", opt.output, std::strerror(errno)));
    }
  }
  try {
    generate(opt, run, file, name);
  } catch (const std::exception& e) {
    fmt::print(stderr, "dceff-gen: error: {}\n", e.what());
    if (file != stdout) {
      std::fclose(file);
    }
    return 1;
  }
  if ((file == stdout ? std::fflush(file) : std::fclose(file)) != 0) {
    fmt::print(stderr, "dceff-gen: error: cannot write {}: {}\n", name, std::strerror(errno));
    return 1;
  }
  return 0;
}
