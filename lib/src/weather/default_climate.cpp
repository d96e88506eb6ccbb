#include "dceff/weather/default_climate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <vector>

#include "dceff/weather/psychrometrics.hpp"

namespace dceff::weather {
namespace {

constexpr std::size_t kDays = 365;
constexpr std::size_t kHoursPerDay = 24;

/// a0 + sum over k = 1, 2 of (a_k cos(2 pi k t / 365) + b_k sin(2 pi k t / 365)), t in days
/// since 1 January 00:00; coefficients fitted to the Aachen file's daily values [D].
struct AnnualCurve {
  double mean = 0.0;
  std::array<double, 4> harmonics{};  // a1, b1, a2, b2

  [[nodiscard]] auto at(double day) const noexcept -> double {
    const double angle = 2.0 * std::numbers::pi * day / static_cast<double>(kDays);
    return mean + harmonics[0] * std::cos(angle) + harmonics[1] * std::sin(angle) +
           harmonics[2] * std::cos(2.0 * angle) + harmonics[3] * std::sin(2.0 * angle);
  }
};

// Daily mean dry bulb, daily range (max - min) and daily mean dew point of
// DEU_NW_Aachen.105010_TMYx.epw, degC and K.
constexpr AnnualCurve kDryBulbMean{9.739543, {-7.475031, -2.791150, 0.053924, 0.967093}};
constexpr AnnualCurve kDailyRange{6.672603, {-1.796977, -0.054006, 0.197686, 0.347840}};
constexpr AnnualCurve kDewPointMean{5.452660, {-6.105939, -3.158506, -0.198579, 0.932227}};
// Day-to-day anomalies about those curves.
constexpr double kAnomalyLag1 = 0.714022;
constexpr double kDryBulbAnomalyK = 3.685334;
constexpr double kDewPointOnDryBulb = 0.768326;  // regression slope of the dew-point anomaly
constexpr double kDewPointOwnAnomalyK = 2.142854;
constexpr double kPeakHour = 14.5;  // warmest half hour of Aachen's mean daily cycle
constexpr double kPressurePa = 98883.0;
// Seed 4 of 1..6 tried: the closest maximum and hours above 25 degC to the Aachen file's.
constexpr std::uint64_t kSeed = 4;

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, and the same sequence on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) noexcept : state_{seed} {}
  auto next() noexcept -> std::uint64_t {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  /// Uniform in [0, 1).
  auto uniform() noexcept -> double { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
  /// Approximately standard normal: the sum of 12 uniforms minus 6 (Irwin-Hall), no libm.
  auto normal() noexcept -> double {
    double sum = 0.0;
    for (int i = 0; i < 12; ++i) {
      sum += uniform();
    }
    return sum - 6.0;
  }

 private:
  std::uint64_t state_;
};

/// Centres a series on zero and scales it to `deviation` over the first kDays values.
void normalise(std::vector<double>& values, double deviation) {
  double sum = 0.0;
  for (std::size_t d = 0; d < kDays; ++d) {
    sum += values[d];
  }
  const double mean = sum / static_cast<double>(kDays);
  double squares = 0.0;
  for (std::size_t d = 0; d < kDays; ++d) {
    squares += (values[d] - mean) * (values[d] - mean);
  }
  const double scale = deviation / std::sqrt(squares / static_cast<double>(kDays));
  for (double& value : values) {
    value = (value - mean) * scale;
  }
}

/// The value at `day` (days since 1 January 00:00), linear between day centres.
auto between_day_centres(const std::vector<double>& daily, double day) -> double {
  const double position = std::clamp(day - 0.5, 0.0, static_cast<double>(kDays - 1));
  const auto index = static_cast<std::size_t>(position);
  const double fraction = position - static_cast<double>(index);
  const std::size_t following = std::min(index + 1, daily.size() - 1);
  return daily[index] + (daily[following] - daily[index]) * fraction;
}

}  // namespace

auto default_climate() -> WeatherYear {
  // kDays + 1 values so the last day's second half has a following centre.
  std::vector<double> dry_bulb_anomaly(kDays + 1);
  std::vector<double> dew_point_anomaly(kDays + 1);
  SplitMix64 random{kSeed};
  const double innovation = std::sqrt(1.0 - kAnomalyLag1 * kAnomalyLag1);
  double dry = kDryBulbAnomalyK * random.normal();
  double dew = kDewPointOwnAnomalyK * random.normal();
  for (std::size_t d = 0; d <= kDays; ++d) {
    dry_bulb_anomaly[d] = dry;
    dew_point_anomaly[d] = dew;
    dry = kAnomalyLag1 * dry + kDryBulbAnomalyK * innovation * random.normal();
    dew = kAnomalyLag1 * dew + kDewPointOwnAnomalyK * innovation * random.normal();
  }
  normalise(dry_bulb_anomaly, kDryBulbAnomalyK);
  normalise(dew_point_anomaly, kDewPointOwnAnomalyK);

  WeatherYear year;
  year.source = kDefaultClimateSource;
  year.location = "temperate oceanic (Cfb), fitted to Aachen, NW, DEU";
  year.latitude_deg = 50.7983;
  year.longitude_deg = 6.0244;
  year.elevation_m = 232.0;
  year.utc_offset_h = 1.0;
  year.hours.resize(kDays * kHoursPerDay);
  for (std::size_t h = 0; h < year.hours.size(); ++h) {
    const double day = (static_cast<double>(h) + 0.5) / static_cast<double>(kHoursPerDay);
    const double hour_of_day = static_cast<double>(h % kHoursPerDay) + 0.5;
    const double anomaly = between_day_centres(dry_bulb_anomaly, day);
    const double daily_cycle = 0.5 * kDailyRange.at(day) *
                               std::cos(2.0 * std::numbers::pi * (hour_of_day - kPeakHour) /
                                        static_cast<double>(kHoursPerDay));
    Hour& hour = year.hours[h];
    hour.dry_bulb_c = kDryBulbMean.at(day) + anomaly + daily_cycle;
    hour.dew_point_c =
        std::min(hour.dry_bulb_c, kDewPointMean.at(day) + kDewPointOnDryBulb * anomaly +
                                      between_day_centres(dew_point_anomaly, day));
    hour.relative_humidity_pct =
        relative_humidity_from_dew_point_pct(hour.dry_bulb_c, hour.dew_point_c);
    hour.pressure_pa = kPressurePa;
    hour.wet_bulb_c = wet_bulb_from_dew_point_c(hour.dry_bulb_c, hour.dew_point_c, kPressurePa);
  }
  year.notes.push_back(
      "built-in temperate climate: synthetic, fitted to the Aachen TMYx EPW (annual and daily "
      "cycles, day-to-day anomalies, humidity) [D]; give the site's own weather file for site "
      "figures");
  return year;
}

}  // namespace dceff::weather
