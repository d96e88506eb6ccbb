#include "aggregate.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/metrics/ratios.hpp"

#include "io/text_fields.hpp"

namespace dceff::detail {
namespace {

using model::Role;
using std::chrono::milliseconds;

enum Group : std::size_t {
  kFacilityInput,
  kFuel,
  kOnsite,
  kExcluded,
  kIt1,
  kIt2,
  kIt3,
  kCooling,
  kPowerDistribution,
  kOther,
  kHeatUpgrade,
  kReuse,
  kRenewable,
  kWater,
  kGroupCount,
};

// A meter as the KPIs see it: one channel, or a virtual meter's weighted channels.
struct Source {
  std::string id;
  std::vector<std::pair<std::uint32_t, double>> terms;
  std::optional<double> co2_kg_per_kwh;  // fuels only
};

auto group_of(const model::MeterSpec& spec) -> std::optional<Group> {
  switch (spec.role) {
    case Role::kFacilityInput:
      return spec.kind == model::MeterKind::kFuel ? kFuel : kFacilityInput;
    case Role::kOnsiteRenewable:
      return kOnsite;
    case Role::kExcludedLoad:
      return kExcluded;
    case Role::kIt:
      return static_cast<Group>(kIt1 + static_cast<std::size_t>(spec.category - 1));
    case Role::kCooling:
      return kCooling;
    case Role::kPowerDistribution:
      return kPowerDistribution;
    case Role::kOther:
      return kOther;
    case Role::kHeatUpgrade:
      return kHeatUpgrade;
    case Role::kReuse:
      return kReuse;
    case Role::kRenewable:
      return kRenewable;
    case Role::kWater:
      return kWater;
    case Role::kOutdoorTemperature:
    case Role::kInfo:
      return std::nullopt;
  }
  return std::nullopt;
}

// Sums of quanta need more than 64 bits: a 1 GW campus books 8.8e19 quanta (1e-9 kWh) a year.
__extension__ using Quanta = __int128;

// Sums over the buckets of one report bucket, in quanta (1e-9 kWh, 1e-9 m3).
struct Accumulator {
  std::int64_t span_ms = 0;
  std::int64_t covered_ms = 0;  // complete for the headline mask
  std::array<Quanta, kGroupCount> sums{};
  Quanta filled = 0;
  double co2_fuel_kg = 0.0;
  std::array<std::int64_t, 3> category_covered_ms{};
  std::array<Quanta, 3> category_it{};
  std::array<Quanta, 3> category_facility{};
  double temperature_integral = 0.0;
  std::int64_t temperature_ms = 0;

  void clear() { *this = Accumulator{}; }
};

auto kwh(Quanta quanta) -> double {
  return static_cast<double>(quanta) / ledger::kQuantaPerUnit;
}

auto join(const std::vector<std::string>& ids) -> std::string {
  std::string out;
  for (const auto& id : ids) {
    out += out.empty() ? "" : ", ";
    out += id;
  }
  return out.empty() ? "none" : out;
}

class Aggregator {
 public:
  Aggregator(const model::Site& site, const ledger::EnergyLedger& ledger,
             const std::map<std::string, std::uint32_t>& channels,
             const std::function<const model::MeterSpec&(std::uint32_t)>& spec_of,
             Diagnostics& diagnostics, report::Report& out)
      : site_{site},
        ledger_{ledger},
        channels_{channels},
        spec_of_{spec_of},
        diagnostics_{diagnostics},
        out_{out} {
    for (const auto& [id, channel] : channels) {
      const auto& spec = spec_of(channel);
      if (spec.role == Role::kOutdoorTemperature) {
        temperature_channels_.push_back(channel);
      }
      if (const auto group = group_of(spec)) {
        const double coefficient =
            spec.kind == model::MeterKind::kFuel ? spec.fuel_kwh_per_unit : 1.0;
        groups_[*group].push_back(Source{id, {{channel, coefficient}}, spec.co2_kg_per_kwh});
      }
    }
    for (const auto& spec : site.meters) {
      if (!spec.is_virtual()) {
        continue;
      }
      if (const auto group = group_of(spec)) {
        Source source{spec.pattern, {}, std::nullopt};
        for (const auto& term : spec.terms) {
          source.terms.emplace_back(channels.at(term.meter), term.coefficient);
        }
        groups_[*group].push_back(std::move(source));
      }
    }
    for (const auto& source : groups_[kFuel]) {
      if (!source.co2_kg_per_kwh) {
        fuel_factor_missing_ = true;
        if (site_.grid_carbon_kg_per_kwh) {
          diagnostics_.add(Severity::kWarning, "cue_unavailable", source.id, {out_.site_path, 0},
                           fmt::format("fuel meter '{}' has no co2_kg_per_kwh: CUE is not "
                                       "computed",
                                       source.id));
        }
      }
    }
    headline_ = choose_headline();
    out_.headline_category = headline_;
    for (std::size_t g = 0; g < kGroupCount; ++g) {
      const bool other_category =
          g >= kIt1 && g <= kIt3 && static_cast<int>(g - kIt1 + 1) != headline_;
      in_headline_mask_[g] = !other_category;
    }
  }

  void run(const ledger::LedgerOptions& options) {
    determine_period(options);
    const std::int64_t bucket_ms = ledger_.bucket_length().count() * 1000;
    const auto from_ms = out_.from.time_since_epoch().count();
    const auto to_ms = out_.to.time_since_epoch().count();
    const auto first = floor_div(from_ms, bucket_ms);
    const auto last = floor_div(to_ms - 1, bucket_ms);
    // The trailing twelve months start with the base bucket that holds `to` less one local
    // year, so they cover 12 months plus less than one bucket (none without 12 months of data).
    const auto ttm_first =
        out_.twelve_months
            ? std::max(first, floor_div(ttm_from_.time_since_epoch().count(), bucket_ms))
            : last + 1;
    const Timestamp ttm_from{milliseconds{std::max(ttm_first * bucket_ms, from_ms)}};

    Accumulator total;
    Accumulator ttm;
    Accumulator bucket;
    Accumulator hour;
    std::optional<std::int64_t> bucket_key;
    std::optional<std::int64_t> hour_key;
    Timestamp bucket_from{};
    std::vector<double> hourly_pue;

    for (auto b = first; b <= last; ++b) {
      const auto start = std::max(b * bucket_ms, from_ms);
      const auto end = std::min((b + 1) * bucket_ms, to_ms);
      const Timestamp start_time{milliseconds{start}};
      const auto key = period_key(start_time, out_.period);
      if (bucket_key && *bucket_key != key) {
        out_.buckets.push_back(figures(bucket, bucket_from, start_time, out_.period));
        bucket.clear();
      }
      if (!bucket_key || *bucket_key != key) {
        bucket_key = key;
        bucket_from = start_time;
      }
      const auto hkey = period_key(start_time, report::Period::kHour);
      if (hour_key && *hour_key != hkey) {
        collect_hour(hour, hourly_pue);
        hour.clear();
      }
      hour_key = hkey;
      add_bucket(b, end - start, total, bucket, hour, b >= ttm_first ? &ttm : nullptr);
    }
    if (bucket_key) {
      out_.buckets.push_back(figures(bucket, bucket_from, out_.to, out_.period));
    }
    if (hour_key) {
      collect_hour(hour, hourly_pue);
    }
    out_.total = figures(total, out_.from, out_.to, out_.period);
    out_.total.label = "total";
    if (out_.twelve_months) {
      out_.trailing_twelve_months = figures(ttm, ttm_from, out_.to, out_.period);
      out_.trailing_twelve_months->label = "ttm";
    }
    distribution(hourly_pue);
    check_physical(out_.total);
    for (const auto& fig : out_.buckets) {
      check_physical(fig);
    }
    warn_negative_remainder(out_.total);
    meters();
  }

 private:
  static auto floor_div(std::int64_t a, std::int64_t b) noexcept -> std::int64_t {
    const auto q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  }

  auto choose_headline() const -> int {
    if (site_.headline_category) {
      return *site_.headline_category;
    }
    // The most precise category with data (category 3 meters IT closest to the load); a
    // category whose meters are declared but have no reading is the headline only when no
    // category has data, so that the missing IT meters show as missing coverage.
    const auto has_data = [&](const Source& source) {
      return std::any_of(source.terms.begin(), source.terms.end(), [&](const auto& term) {
        return ledger_.quality(term.first).first.has_value();
      });
    };
    for (const bool need_data : {true, false}) {
      for (int c = 3; c >= 1; --c) {
        const auto& sources = groups_[kIt1 + static_cast<std::size_t>(c - 1)];
        if (need_data ? std::any_of(sources.begin(), sources.end(), has_data) : !sources.empty()) {
          return c;
        }
      }
    }
    return 0;
  }

  void determine_period(const ledger::LedgerOptions& options) {
    std::optional<Timestamp> first;
    std::optional<Timestamp> last;
    for (std::uint32_t c = 0; c < ledger_.channel_count(); ++c) {
      const auto& q = ledger_.quality(c);
      if (q.first && (!first || *q.first < *first)) {
        first = q.first;
      }
      if (q.last && (!last || *q.last > *last)) {
        last = q.last;
      }
    }
    if (!options.from && !first) {
      const auto where = out_.inputs.empty() ? std::string{"input"} : out_.inputs.front().path;
      if (out_.unmapped.empty()) {
        throw InputError(
            fmt::format("{}: no readings for any meter the site file declares", where));
      }
      // The usual cause: ids spelt differently from the site file (case, prefix, a renamed
      // point); name one the data holds so the user can compare.
      const auto& example = out_.unmapped.front();
      throw InputError(fmt::format(
          "{}: no readings for any meter the site file declares; the data holds {} other meter "
          "id{}, such as '{}' first seen at {}:{} (expected the ids exactly as the site file "
          "names them)",
          where, out_.unmapped.size(), out_.unmapped.size() == 1 ? "" : "s",
          io::detail::quote(example.id), example.first_seen.file, example.first_seen.line));
    }
    out_.from = options.from.value_or(first.value_or(Timestamp{}));
    out_.to = options.to.value_or(last.value_or(out_.from));
    if (out_.to <= out_.from) {
      throw InputError(fmt::format("the data cover no time: the only readings are at {}",
                                   format_timestamp(out_.from, site_.zone)));
    }
    // ISO/IEC 30134-2: a PUE needs 12 months; anything shorter is an interim PUE.
    const auto local_from = site_.zone.to_local(out_.from);
    const auto day = std::chrono::floor<std::chrono::days>(local_from);
    std::chrono::year_month_day ymd{day};
    auto next = ymd + std::chrono::years{1};
    if (!next.ok()) {  // 29 February: a year later is 1 March
      next = next.year() / std::chrono::March / 1;
    }
    const auto one_year_later = std::chrono::local_days{next} + (local_from - day);
    // An export of a calendar year usually ends with the 23:59 reading; falling short by less
    // than one maximum gap still counts as the 12 months.
    const auto local_to = site_.zone.to_local(out_.to);
    out_.twelve_months = local_to + options.max_gap >= one_year_later;
    auto ttm_local = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(local_to)} -
                     std::chrono::years{1};
    if (!ttm_local.ok()) {
      ttm_local = ttm_local.year() / std::chrono::March / 1;
    }
    const auto ttm_day = std::chrono::local_days{ttm_local} +
                         (local_to - std::chrono::floor<std::chrono::days>(local_to));
    ttm_from_ = site_.zone.resolve(ttm_day).earlier;
    // A calendar year: from local 1 January 00:00 to the next, short by less than a maximum gap.
    const auto jan1 = std::chrono::local_days{ymd.year() / std::chrono::January / 1};
    const auto next_jan1 =
        std::chrono::local_days{(ymd.year() + std::chrono::years{1}) / std::chrono::January / 1};
    if (local_from == jan1 && local_to <= next_jan1 && local_to + options.max_gap >= next_jan1) {
      out_.calendar_year = static_cast<int>(ymd.year());
    }
  }

  auto period_key(Timestamp start, report::Period period) const -> std::int64_t {
    const auto local = site_.zone.to_local(start);
    switch (period) {
      case report::Period::kHour:
        // The UTC start of the local hour: distinct for the two 02:00 hours of a fall-back day.
        return (start - (local - std::chrono::floor<std::chrono::hours>(local)))
            .time_since_epoch()
            .count();
      case report::Period::kDay:
        return std::chrono::floor<std::chrono::days>(local).time_since_epoch().count();
      case report::Period::kMonth: {
        const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
        return static_cast<int>(ymd.year()) * 12 + static_cast<int>(unsigned{ymd.month()});
      }
      case report::Period::kYear: {
        const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
        return static_cast<int>(ymd.year());
      }
    }
    return 0;
  }

  auto label(Timestamp start, report::Period period) const -> std::string {
    const auto local = site_.zone.to_local(start);
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
    const int y = static_cast<int>(ymd.year());
    const unsigned m = unsigned{ymd.month()};
    const unsigned d = unsigned{ymd.day()};
    switch (period) {
      case report::Period::kHour:
        return format_timestamp(start - (local - std::chrono::floor<std::chrono::hours>(local)),
                                site_.zone);
      case report::Period::kDay:
        return fmt::format("{:04}-{:02}-{:02}", y, m, d);
      case report::Period::kMonth:
        return fmt::format("{:04}-{:02}", y, m);
      case report::Period::kYear:
        return fmt::format("{:04}", y);
    }
    return "";
  }

  void add_bucket(std::int64_t b, std::int64_t span_ms, Accumulator& total, Accumulator& bucket,
                  Accumulator& hour, Accumulator* ttm) {
    std::array<Quanta, kGroupCount> sums{};
    std::array<bool, kGroupCount> complete{};
    Quanta filled = 0;
    double co2_fuel = 0.0;
    for (std::size_t g = 0; g < kGroupCount; ++g) {
      complete[g] = true;
      for (const auto& source : groups_[g]) {
        Quanta quanta = 0;
        for (const auto& [channel, coefficient] : source.terms) {
          const auto cell = ledger_.amount(channel, b);
          complete[g] = complete[g] && cell.covered_ms == static_cast<std::uint32_t>(span_ms);
          // Unit coefficients stay in integers; others (fuel factors, virtual meters) round once.
          const Quanta amount = coefficient == 1.0
                                    ? Quanta{cell.amount}
                                    : static_cast<Quanta>(std::llround(
                                          coefficient * static_cast<double>(cell.amount)));
          quanta += amount;
          // The filled share is of facility energy: E_DC's inputs (IT is a part of them).
          if (g == kFacilityInput || g == kFuel || g == kOnsite) {
            filled += coefficient == 1.0 ? Quanta{cell.filled}
                                         : static_cast<Quanta>(std::llround(
                                               coefficient * static_cast<double>(cell.filled)));
          }
        }
        sums[g] += quanta;
        if (g == kFuel) {
          if (source.co2_kg_per_kwh) {
            co2_fuel += kwh(quanta) * *source.co2_kg_per_kwh;
          }
        }
      }
    }
    bool headline_complete = span_ms > 0;
    for (std::size_t g = 0; g < kGroupCount; ++g) {
      headline_complete = headline_complete && (!in_headline_mask_[g] || complete[g]);
    }
    const auto facility = sums[kFacilityInput] + sums[kFuel] + sums[kOnsite] - sums[kExcluded];
    double temperature = 0.0;
    std::int64_t temperature_ms = 0;
    for (const auto channel : temperature_channels_) {
      const auto cell = ledger_.amount(channel, b);
      temperature += static_cast<double>(cell.amount) / ledger::kQuantaPerUnit;
      temperature_ms += cell.covered_ms;
    }
    for (auto* acc : {&total, &bucket, &hour, ttm}) {
      if (acc == nullptr) {
        continue;
      }
      acc->span_ms += span_ms;
      acc->temperature_integral += temperature;
      acc->temperature_ms += temperature_ms;
      if (headline_complete) {
        acc->covered_ms += span_ms;
        for (std::size_t g = 0; g < kGroupCount; ++g) {
          acc->sums[g] += sums[g];
        }
        acc->filled += filled;
        acc->co2_fuel_kg += co2_fuel;
        for (std::size_t c = 0; c < 3; ++c) {
          if (!groups_[kIt1 + c].empty() && complete[kIt1 + c]) {
            acc->category_covered_ms[c] += span_ms;
            acc->category_it[c] += sums[kIt1 + c];
            acc->category_facility[c] += facility;
          }
        }
      }
    }
  }

  auto figures(const Accumulator& acc, Timestamp from, Timestamp to, report::Period period) const
      -> report::Figures {
    report::Figures fig;
    fig.from = from;
    fig.to = to;
    fig.label = label(from, period);
    fig.coverage = acc.span_ms > 0
                       ? static_cast<double>(acc.covered_ms) / static_cast<double>(acc.span_ms)
                       : 0.0;
    if (acc.temperature_ms > 0) {
      fig.outdoor_temperature_c =
          acc.temperature_integral / (static_cast<double>(acc.temperature_ms) / 3.6e6);
    }
    auto& e = fig.energy;
    const auto& s = acc.sums;
    e.facility_input_kwh = kwh(s[kFacilityInput] + s[kFuel] + s[kOnsite]);
    e.fuel_kwh = kwh(s[kFuel]);
    e.onsite_renewable_kwh = kwh(s[kOnsite]);
    e.excluded_kwh = kwh(s[kExcluded]);
    e.facility_kwh = kwh(s[kFacilityInput] + s[kFuel] + s[kOnsite] - s[kExcluded]);
    const auto it_quanta =
        headline_ > 0 ? s[kIt1 + static_cast<std::size_t>(headline_ - 1)] : Quanta{0};
    e.it_kwh = kwh(it_quanta);
    e.cooling_kwh = kwh(s[kCooling]);
    e.power_distribution_kwh = kwh(s[kPowerDistribution]);
    e.other_kwh = kwh(s[kOther]);
    if (!groups_[kHeatUpgrade].empty()) {
      e.heat_upgrade_kwh = kwh(s[kHeatUpgrade]);
    }
    e.unmetered_kwh = kwh(s[kFacilityInput] + s[kFuel] + s[kOnsite] - s[kExcluded] - it_quanta -
                          s[kCooling] - s[kPowerDistribution] - s[kOther] - s[kHeatUpgrade]);
    e.reuse_kwh = kwh(s[kReuse]);
    e.renewable_kwh = kwh(s[kRenewable] + s[kOnsite]);
    e.water_m3 = kwh(s[kWater]);
    e.filled_kwh = kwh(acc.filled);
    if (site_.grid_carbon_kg_per_kwh && !fuel_factor_missing_) {
      const double grid_kwh = kwh(s[kFacilityInput] - s[kExcluded]);
      e.co2_kg = std::max(0.0, grid_kwh) * *site_.grid_carbon_kg_per_kwh + acc.co2_fuel_kg;
    }
    for (std::size_t c = 0; c < 3; ++c) {
      if (!groups_[kIt1 + c].empty() && acc.category_covered_ms[c] > 0) {
        e.it_by_category_kwh[c] = kwh(acc.category_it[c]);
        fig.kpis.pue_by_category[c] = metrics::pue(KilowattHours{kwh(acc.category_facility[c])},
                                                   KilowattHours{kwh(acc.category_it[c])});
      }
      fig.kpis.coverage_by_category[c] =
          acc.span_ms > 0
              ? static_cast<double>(acc.category_covered_ms[c]) / static_cast<double>(acc.span_ms)
              : 0.0;
    }
    if (acc.covered_ms == 0 || headline_ == 0) {
      return fig;
    }
    const KilowattHours facility{e.facility_kwh};
    const KilowattHours it{e.it_kwh};
    auto& k = fig.kpis;
    k.pue = metrics::pue(facility, it);
    k.dcie = metrics::dcie(facility, it);
    if (!groups_[kCooling].empty()) {
      k.ppue_cooling = metrics::ppue(KilowattHours{e.cooling_kwh}, it);
    }
    if (!groups_[kPowerDistribution].empty()) {
      k.ppue_power_distribution = metrics::ppue(KilowattHours{e.power_distribution_kwh}, it);
    }
    if (!groups_[kOther].empty()) {
      k.ppue_other = metrics::ppue(KilowattHours{e.other_kwh}, it);
    }
    if (!groups_[kReuse].empty()) {
      k.erf = metrics::erf(KilowattHours{e.reuse_kwh}, facility);
      k.ere = metrics::ere(facility, KilowattHours{e.reuse_kwh}, it);
    }
    if (!groups_[kRenewable].empty() || !groups_[kOnsite].empty()) {
      k.ref = metrics::ref(KilowattHours{e.renewable_kwh}, facility);
    }
    if (!groups_[kWater].empty()) {
      k.wue = metrics::wue(e.water_m3, it);
    }
    if (e.co2_kg) {
      k.cue = metrics::cue(*e.co2_kg, it);
    }
    return fig;
  }

  void collect_hour(const Accumulator& hour, std::vector<double>& values) const {
    if (hour.span_ms == 0 || hour.covered_ms != hour.span_ms || headline_ == 0) {
      return;
    }
    const auto facility =
        hour.sums[kFacilityInput] + hour.sums[kFuel] + hour.sums[kOnsite] - hour.sums[kExcluded];
    const auto it = hour.sums[kIt1 + static_cast<std::size_t>(headline_ - 1)];
    if (const auto value = metrics::pue(KilowattHours{kwh(facility)}, KilowattHours{kwh(it)})) {
      values.push_back(*value);
    }
  }

  // Nearest-rank percentiles: every reported value is an hour that happened.
  void distribution(std::vector<double>& values) {
    out_.hourly_pue.hours = values.size();
    if (values.empty()) {
      return;
    }
    std::sort(values.begin(), values.end());
    const auto rank = [&](double p) {
      const auto n = static_cast<double>(values.size());
      const auto r = static_cast<std::size_t>(std::ceil(p * n));
      return values[std::clamp<std::size_t>(r, 1, values.size()) - 1];
    };
    out_.hourly_pue.p5 = rank(0.05);
    out_.hourly_pue.p50 = rank(0.50);
    out_.hourly_pue.p95 = rank(0.95);
  }

  auto ids(std::initializer_list<Group> groups) const -> std::vector<std::string> {
    std::vector<std::string> out;
    for (const auto g : groups) {
      for (const auto& source : groups_[g]) {
        out.push_back(source.id);
      }
    }
    return out;
  }

  void check_physical(const report::Figures& fig) const {
    constexpr double kTolerance = 1e-9;
    const auto where = fig.label == "total"
                           ? fmt::format("{}..{}", format_timestamp(out_.from, site_.zone),
                                         format_timestamp(out_.to, site_.zone))
                           : fig.label;
    const auto facility_ids = join(ids({kFacilityInput, kFuel, kOnsite}));
    const auto excluded_ids = join(ids({kExcluded}));
    for (std::size_t c = 0; c < 3; ++c) {
      const auto& value = fig.kpis.pue_by_category[c];
      if (value && *value < 1.0 - kTolerance) {
        throw ConfigError(fmt::format(
            "{}: pue {:.4f} < 1 for {} (category {}): IT energy {:.3f} kWh ({}) exceeds facility "
            "energy {:.3f} kWh (inputs {}; excluded {}); a PUE below 1 is impossible: check that "
            "every facility input is mapped, that no facility-side load is mapped as IT or "
            "excluded, and the meters' units",
            out_.site_path, *value, where, c + 1, fig.energy.it_by_category_kwh[c].value_or(0.0),
            join(ids({static_cast<Group>(kIt1 + c)})),
            fig.energy.it_by_category_kwh[c].value_or(0.0) * *value, facility_ids, excluded_ids));
      }
    }
    if (fig.kpis.erf && *fig.kpis.erf > 1.0 + kTolerance) {
      throw ConfigError(fmt::format(
          "{}: erf {:.4f} > 1 for {}: reused heat {:.3f} kWh ({}) exceeds facility energy "
          "{:.3f} kWh ({}); check the reuse meters' units and that they meter heat leaving the "
          "boundary",
          out_.site_path, *fig.kpis.erf, where, fig.energy.reuse_kwh, join(ids({kReuse})),
          fig.energy.facility_kwh, facility_ids));
    }
    if (fig.kpis.ere && *fig.kpis.ere < -kTolerance) {
      throw ConfigError(
          fmt::format("{}: ere {:.4f} < 0 for {}: reused heat ({}) exceeds facility energy ({})",
                      out_.site_path, *fig.kpis.ere, where, join(ids({kReuse})), facility_ids));
    }
    if (fig.energy.facility_kwh < -kTolerance && fig.coverage > 0.0) {
      throw ConfigError(fmt::format(
          "{}: facility energy is negative ({:.3f} kWh) for {}: excluded loads ({}) exceed the "
          "facility inputs ({})",
          out_.site_path, fig.energy.facility_kwh, where, excluded_ids, facility_ids));
    }
  }

  void warn_negative_remainder(const report::Figures& fig) const {
    if (fig.energy.unmetered_kwh < -1e-6 && fig.coverage > 0.0) {
      diagnostics_.add(
          Severity::kWarning, "negative_remainder", "", {out_.site_path, 0},
          fmt::format("IT energy and the metered parts exceed facility energy by "
                      "{:.3f} kWh: a part may be double counted ({})",
                      -fig.energy.unmetered_kwh,
                      join(ids({kCooling, kPowerDistribution, kOther, kHeatUpgrade}))));
    }
  }

  void meters() {
    const auto span_ms = static_cast<double>((out_.to - out_.from).count());
    for (const auto& [id, channel] : channels_) {
      const auto& spec = spec_of_(channel);
      const auto& q = ledger_.quality(channel);
      report::MeterSummary m;
      m.id = id;
      m.declared_as = spec.pattern;
      m.kind = std::string{model::kind_name(spec.kind)};
      m.role = std::string{model::role_name(spec.role)};
      m.category = spec.category;
      const bool integrates_rate = spec.reading == model::ReadingKind::kRate;
      m.unit = spec.kind == model::MeterKind::kTemperature
                   ? "degC*h"
                   : std::string{canonical_symbol(integrates_rate ? Quantity::kEnergy
                                                                  : spec.unit.quantity)};
      Quanta amount = 0;
      std::int64_t covered = 0;
      for (auto b = ledger_.first_bucket(); b < ledger_.end_bucket(); ++b) {
        const auto cell = ledger_.amount(channel, b);
        amount += cell.amount;
        covered += cell.covered_ms;
      }
      m.total = kwh(amount);
      m.coverage = span_ms > 0 ? static_cast<double>(covered) / span_ms : 0.0;
      m.rows = q.rows;
      m.missing_values = q.missing_values;
      m.gaps = q.gaps;
      m.longest_gap_h = static_cast<double>(q.longest_gap_ms) / 3.6e6;
      m.filled_gaps = q.filled_gaps;
      m.duplicates = q.duplicates;
      m.conflicting_duplicates = q.conflicting_duplicates;
      m.out_of_order = q.out_of_order;
      m.negative = q.negative;
      m.rollovers = q.rollovers;
      m.resets = q.resets;
      m.implausible = q.implausible;
      m.flatlines = q.flatlines;
      m.spikes = q.spikes;
      m.first = q.first;
      m.last = q.last;
      out_.meters.push_back(std::move(m));
    }
  }

  const model::Site& site_;
  const ledger::EnergyLedger& ledger_;
  const std::map<std::string, std::uint32_t>& channels_;
  const std::function<const model::MeterSpec&(std::uint32_t)>& spec_of_;
  Diagnostics& diagnostics_;
  report::Report& out_;
  std::array<std::vector<Source>, kGroupCount> groups_;
  std::array<bool, kGroupCount> in_headline_mask_{};
  std::vector<std::uint32_t> temperature_channels_;
  Timestamp ttm_from_{};
  int headline_ = 0;
  bool fuel_factor_missing_ = false;
};

}  // namespace

void aggregate(const model::Site& site, const ledger::EnergyLedger& ledger,
               const std::map<std::string, std::uint32_t>& channels,
               const std::function<const model::MeterSpec&(std::uint32_t)>& spec_of,
               const ledger::LedgerOptions& options, Diagnostics& diagnostics,
               report::Report& out) {
  Aggregator aggregator{site, ledger, channels, spec_of, diagnostics, out};
  aggregator.run(options);
}

}  // namespace dceff::detail
