#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/weather/weather_year.hpp"
#include "dceff/whatif/facility_model.hpp"
#include "dceff/whatif/parameters.hpp"

namespace dceff::whatif {

/// Electricity uses, each a column of the hourly output and a line of the annual energy.
enum class Use : std::uint8_t {
  kIt,
  kTransformerLoss,
  kUpsLoss,
  kPduLoss,
  kCrahFans,
  kChiller,      ///< air-path chiller compressor
  kTrimChiller,  ///< DLC trim chiller compressor
  kChilledWaterPumps,
  kCondenserPumps,
  kDlcPumps,
  kDryCoolerFans,  ///< air-path and DLC dry coolers
  kTowerFans,
  kHeatPump,  ///< inside E_DC only with HeatPumpBoundary::kInside
  kLighting,
  kOther,
};
inline constexpr std::size_t kUseCount = 15;

/// `it`, `transformer_loss`, `ups_loss`, ... (snake_case keys for outputs).
[[nodiscard]] auto use_name(Use use) noexcept -> std::string_view;
/// Power-chain losses (transformer, UPS, PDU): the uses behind pPUE of power.
[[nodiscard]] auto is_power_loss(Use use) noexcept -> bool;
/// Fans, chillers, pumps, dry coolers and towers: the uses behind pPUE of cooling.
[[nodiscard]] auto is_cooling(Use use) noexcept -> bool;

/// How the air path's heat was removed in an hour.
enum class AirMode : std::uint8_t {
  kChiller,            ///< chiller carries it all
  kPartialEconomiser,  ///< economiser pre-cools, chiller trims
  kFreeCooling,        ///< economiser alone
  kUnmet,              ///< chiller-less and the economiser cannot hold the set point
};
inline constexpr std::size_t kAirModeCount = 4;

/// How the DLC loop's heat (after reuse) was rejected in an hour.
enum class LiquidMode : std::uint8_t {
  kNone,       ///< no DLC loop
  kFree,       ///< dry coolers alone (`dlc_free`)
  kAdiabatic,  ///< dry coolers with spray (`dlc_adiabatic`)
  kTrim,       ///< trim chiller runs (`dlc_trim`)
  kUnmet,      ///< no trim chiller and the ambient is too warm: supply temperature not held
};
inline constexpr std::size_t kLiquidModeCount = 5;

/// How heat was exported in an hour.
enum class ReuseMode : std::uint8_t {
  kNone,      ///< no export (no heat reuse, no demand)
  kDirect,    ///< through a heat exchanger
  kHeatPump,  ///< through the heat pump
};
inline constexpr std::size_t kReuseModeCount = 3;

/// `chiller`, `partial_economiser`, `free_cooling`, `air_unmet`.
[[nodiscard]] auto mode_name(AirMode mode) noexcept -> std::string_view;
/// `none`, `dlc_free`, `dlc_adiabatic`, `dlc_trim`, `dlc_unmet`.
[[nodiscard]] auto mode_name(LiquidMode mode) noexcept -> std::string_view;
/// `none`, `reuse_direct`, `reuse_heat_pump`.
[[nodiscard]] auto mode_name(ReuseMode mode) noexcept -> std::string_view;

/// One simulated hour. Powers are hour means, so kW equals kWh for the hour.
struct HourResult {
  std::size_t hour = 0;                      ///< 0-based index into the weather year
  std::array<double, kUseCount> power_kw{};  ///< by Use
  double grid_kw = 0.0;           ///< electricity in at the transformer input (heat pump excluded)
  double e_dc_kw = 0.0;           ///< grid, plus the heat pump when booked inside
  double heat_it_kw = 0.0;        ///< IT heat (= IT power)
  double heat_captured_kw = 0.0;  ///< IT heat taken by the DLC cold plates
  double heat_to_air_kw = 0.0;    ///< heat the air path removes (IT rest, losses, lighting, fans)
  double heat_rejected_kw = 0.0;  ///< to ambient by towers, dry coolers, condensers, outside air
  double heat_released_kw = 0.0;  ///< outside cooled rooms: transformer, other loads, fan motors
  double heat_reused_kw = 0.0;    ///< delivered to the consumer (heat-pump output when it runs)
  double heat_pump_source_kw = 0.0;  ///< taken from the DLC loop for export
  double heat_demand_kw = 0.0;
  double e_reuse_kw = 0.0;     ///< heat export counted as E_reuse under the declared boundary
  double water_l = 0.0;        ///< tower make-up and adiabatic spray
  double chiller_cop = 0.0;    ///< 0 when the chiller does not run
  double heat_pump_cop = 0.0;  ///< 0 when the heat pump does not run
  AirMode air_mode = AirMode::kChiller;
  LiquidMode liquid_mode = LiquidMode::kNone;
  ReuseMode reuse_mode = ReuseMode::kNone;
};

/// Sums over the year. Energies in kWh.
struct AnnualTotals {
  std::array<double, kUseCount> energy_kwh{};  ///< by Use
  double e_dc_kwh = 0.0;                       ///< facility energy inside the boundary
  double e_it_kwh = 0.0;
  double e_reuse_kwh = 0.0;
  double e_cooling_kwh = 0.0;       ///< sum of the cooling uses
  double e_power_losses_kwh = 0.0;  ///< sum of the power-chain losses
  double grid_kwh = 0.0;            ///< at the transformer input
  double heat_rejected_kwh = 0.0;
  double heat_reused_kwh = 0.0;
  double heat_demand_kwh = 0.0;
  double water_m3 = 0.0;
  double paid_electricity_kwh = 0.0;       ///< grid plus the heat pump unless it is outside
  std::optional<double> electricity_cost;  ///< paid kWh x tariff; empty without a tariff
  std::optional<double> water_cost;
  std::optional<double> heat_revenue;  ///< heat delivered x heat price
  std::optional<double> cost;          ///< electricity + water (water when priced)
  std::optional<double> co2_kg;        ///< paid electricity x grid factor
  std::optional<double> e_dc_co2_kg;   ///< E_DC x grid factor (for CUE)
  std::array<std::size_t, kAirModeCount> air_mode_hours{};
  std::array<std::size_t, kLiquidModeCount> liquid_mode_hours{};
  std::array<std::size_t, kReuseModeCount> reuse_mode_hours{};
  std::size_t fans_over_capacity_hours = 0;   ///< air heat above the installed fan capacity
  std::size_t power_over_capacity_hours = 0;  ///< a power stage above its N capacity
  double mean_it_kw = 0.0;
  double it_load_fraction = 0.0;              ///< mean IT / design IT (domain.md gotcha 13)
  double max_electricity_imbalance_kw = 0.0;  ///< |electricity in - sum of uses|, worst hour
  double max_heat_imbalance_kw = 0.0;         ///< |heat in - heat out|, worst hour
};

/// Annual KPIs, each a ratio of annual energy sums; empty when the denominator is zero.
struct Kpis {
  std::optional<double> dpue;            ///< design PUE: E_DC / E_IT (never a measured PUE)
  std::optional<double> ppue_cooling;    ///< (E_IT + E_cooling) / E_IT
  std::optional<double> ppue_power;      ///< (E_IT + E_power_losses) / E_IT
  std::optional<double> ere;             ///< (E_DC - E_reuse) / E_IT
  std::optional<double> erf;             ///< E_reuse / E_DC
  std::optional<double> wue_l_per_kwh;   ///< water / E_IT
  std::optional<double> cue_kg_per_kwh;  ///< CO2 of E_DC / E_IT; empty without a grid factor
};

/// The result of simulating one model over one weather year.
struct Simulation {
  std::size_t hours = 0;
  AnnualTotals totals;
  Kpis kpis;
  HeatPumpBoundary heat_pump_boundary = HeatPumpBoundary::kInside;  ///< print it with every result
  std::vector<DefaultUsed> defaults_used;
  /// Findings worth printing (unmet hours, over-capacity hours), one line each.
  std::vector<std::string> notes;
};

/// Receives each hour as it is simulated (to stream `--hourly` without storing the year).
using HourSink = std::function<void(const HourResult&)>;

/// Simulates `model` over every hour of `weather`. Checks the model first (check_model) and
/// that hourly series have one value per weather hour. Energy balance closes every hour
/// (electricity in = sum of uses; heat in = heat rejected + released + reused); a violation is an
/// internal error (std::logic_error). No allocation per hour.
/// @throws ConfigError for an invalid model or an hourly series of the wrong length
[[nodiscard]] auto simulate(const FacilityModel& model, const weather::WeatherYear& weather)
    -> Simulation;

/// As above, calling `sink` with every hour in order.
[[nodiscard]] auto simulate(const FacilityModel& model, const weather::WeatherYear& weather,
                            const HourSink& sink) -> Simulation;

/// Simulates one hour (for tests and single operating points): `it_kw` already includes growth,
/// `heat_demand_kw` is the hour's demand. Does not check the model; `hour` is 0.
[[nodiscard]] auto simulate_hour(const FacilityModel& model, const weather::Hour& weather_hour,
                                 double it_kw, double heat_demand_kw) -> HourResult;

/// How a heat-pump export is booked: E_DC contribution of the heat pump's electricity, E_reuse
/// and the electricity the operator pays (domain.md section 4.3 example 3).
struct HeatPumpBooking {
  double e_dc_kw = 0.0;
  double e_reuse_kw = 0.0;
  double paid_kw = 0.0;
};
/// Books a heat pump that takes `source_kw` from the DC and delivers `output_kw` using
/// `electricity_kw` (output = source + electricity).
[[nodiscard]] constexpr auto book_heat_pump(HeatPumpBoundary boundary, double source_kw,
                                            double output_kw, double electricity_kw) noexcept
    -> HeatPumpBooking {
  switch (boundary) {
    case HeatPumpBoundary::kInside:
      return {electricity_kw, output_kw, electricity_kw};
    case HeatPumpBoundary::kOutside:
      return {0.0, source_kw, 0.0};
    case HeatPumpBoundary::kExcluded:
      return {0.0, source_kw, electricity_kw};
  }
  return {};
}

}  // namespace dceff::whatif
