#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dceff/diagnostics.hpp"
#include "dceff/time.hpp"

namespace dceff::report {

/// Granularity of the per-bucket series, in the site's local time.
enum class Period { kHour, kDay, kMonth, kYear };

[[nodiscard]] auto period_name(Period period) noexcept -> std::string_view;
/// `hour`, `day`, `month` or `year`. @throws Error for any other name.
[[nodiscard]] auto parse_period(std::string_view name) -> Period;

/// Energy sums over the buckets in which every meter entering the headline KPIs has complete
/// data. kWh unless the name says otherwise.
struct Energy {
  double facility_kwh = 0.0;        ///< E_DC = facility inputs - excluded loads
  double facility_input_kwh = 0.0;  ///< electricity, fuels (calorific) and on-site generation
  double fuel_kwh = 0.0;            ///< part of facility_input_kwh
  double onsite_renewable_kwh = 0.0;
  double excluded_kwh = 0.0;
  double it_kwh = 0.0;  ///< at the headline category
  double cooling_kwh = 0.0;
  double power_distribution_kwh = 0.0;
  double other_kwh = 0.0;
  /// Sub-metered part of E_DC that exclusively upgrades waste heat (role heat_upgrade); empty
  /// when the site has no such meter. Left out only of the EnEfG §11(2) new-DC PUE.
  std::optional<double> heat_upgrade_kwh;
  double unmetered_kwh = 0.0;  ///< E_DC - IT - metered parts: power-chain losses and the rest
  double reuse_kwh = 0.0;
  double renewable_kwh = 0.0;  ///< contracted + on-site
  double water_m3 = 0.0;
  double filled_kwh = 0.0;       ///< facility and IT energy booked by the gap policy
  std::optional<double> co2_kg;  ///< empty when an emission factor is missing
  /// IT energy per measurement category 1..3 (index 0..2), each over its own complete buckets.
  std::array<std::optional<double>, 3> it_by_category_kwh{};
};

struct Kpis {
  std::optional<double> pue;  ///< at the headline category
  std::optional<double> dcie;
  std::optional<double> ere;
  std::optional<double> erf;
  std::optional<double> ref;
  std::optional<double> cue;  ///< kg CO2e / kWh
  std::optional<double> wue;  ///< L / kWh
  std::optional<double> ppue_cooling;
  std::optional<double> ppue_power_distribution;
  std::optional<double> ppue_other;
  std::array<std::optional<double>, 3> pue_by_category{};
  std::array<double, 3> coverage_by_category{};
};

/// The figures for one period or bucket.
struct Figures {
  Timestamp from{};
  Timestamp to{};
  std::string label;      ///< local start: `2025-10-26`, `2025-10`, `2025-10-26T02:00+01:00`
  double coverage = 0.0;  ///< share of the time with complete data for the headline KPIs
  std::optional<double> outdoor_temperature_c;  ///< time-weighted mean, information only
  Energy energy;
  Kpis kpis;

  /// filled_kwh / facility_kwh: the share of E_DC booked by the gap policy, not measured.
  /// Empty with no E_DC: a share of nothing is no figure (no complete time at all).
  [[nodiscard]] auto filled_share() const noexcept -> std::optional<double> {
    if (energy.facility_kwh > 0.0) {
      return energy.filled_kwh / energy.facility_kwh;
    }
    return std::nullopt;
  }
};

/// Distribution of hourly PUE over complete hours: information only, never the headline.
struct Distribution {
  std::uint64_t hours = 0;
  std::optional<double> p5;
  std::optional<double> p50;
  std::optional<double> p95;
};

struct MeterSummary {
  std::string id;
  std::string declared_as;  ///< the site file's key (id or glob)
  std::string kind;
  std::string role;
  int category = 0;
  std::string unit;    ///< canonical unit of `total`
  double total = 0.0;  ///< integrated over the whole period, gaps excluded
  double coverage = 0.0;
  std::uint64_t rows = 0;
  std::uint64_t missing_values = 0;
  std::uint64_t gaps = 0;
  double longest_gap_h = 0.0;
  std::uint64_t filled_gaps = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t conflicting_duplicates = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t negative = 0;
  std::uint64_t rollovers = 0;
  std::uint64_t resets = 0;
  std::uint64_t implausible = 0;
  std::uint64_t flatlines = 0;
  std::uint64_t spikes = 0;
  std::optional<Timestamp> first;
  std::optional<Timestamp> last;
};

struct UnmappedMeter {
  std::string id;
  std::uint64_t rows = 0;
  SourceLocation first_seen;
};

struct InputProvenance {
  std::string path;
  std::string format;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
  std::string sha256;
};

/// A value dceff applied that the result depends on, with where it comes from.
struct Assumption {
  std::string name;
  std::string value;
  std::string source;
};

struct Report {
  std::string tool_version;
  std::string site_name;
  std::string site_path;
  std::string site_sha256;
  std::string timezone;
  Timestamp from{};
  Timestamp to{};
  bool twelve_months = false;  ///< the period covers at least 12 months: PUE, else iPUE
  /// The local calendar year the period is, when it runs from 1 January 00:00 to the next
  /// (short by less than the maximum gap, as twelve_months).
  std::optional<int> calendar_year;
  int headline_category = 0;  ///< 0 when no IT meter has data
  Period period = Period::kDay;
  Figures total;
  /// The trailing twelve months ending at `to` (from the base bucket holding `to` less one
  /// local year); empty when the period is shorter than 12 months.
  std::optional<Figures> trailing_twelve_months;
  std::vector<Figures> buckets;
  Distribution hourly_pue;
  std::vector<MeterSummary> meters;
  std::vector<UnmappedMeter> unmapped;
  std::vector<std::string> declarations_without_data;
  std::vector<Diagnostic> diagnostics;
  std::vector<InputProvenance> inputs;
  std::vector<Assumption> assumptions;

  /// `PUE` for 12 months or more, `iPUE` (interim) for less (ISO/IEC 30134-2).
  [[nodiscard]] auto pue_variant() const -> std::string_view {
    return twelve_months ? "PUE" : "iPUE";
  }
  /// E.g. `iPUE, category 2 (E_IT at PDU output)`.
  [[nodiscard]] auto pue_label() const -> std::string;
};

/// Where E_IT is measured for a category: "UPS output", "PDU output", "IT equipment input".
[[nodiscard]] auto category_point(int category) noexcept -> std::string_view;

}  // namespace dceff::report
