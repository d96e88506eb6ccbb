#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dceff::whatif {

/// An hourly series read from a CSV file (IT load, heat demand, grid carbon), one value per
/// weather hour, first hour first.
struct HourlySeries {
  std::vector<double> values;
  std::string where;  ///< `model.json: /it_load/profile_csv` for messages; empty when unused
};

/// IT load: a constant or an hourly profile, times a growth factor.
struct ItLoad {
  double kw = 0.0;             ///< constant IT power; ignored when `profile` has values
  HourlySeries profile;        ///< hourly IT kW (`profile_csv`), one per weather hour
  double growth_factor = 1.0;  ///< multiplies every hour's IT power (1 = as given)
  /// IT power the installed fans and pumps were sized for; 0 = the peak of the load before growth.
  double design_kw = 0.0;
};

/// How many units of a stage share its load: N, N+1 or 2N of the N units the design needs.
enum class Redundancy : std::uint8_t { kN, kNPlus1, k2N };

/// One stage of the power chain (transformer, UPS or PDU). Each unit loses
/// `unit_rating * (a + b*x + c*x^2)` at load fraction x; the stage's `units` (N) make up
/// `capacity_kw` and the redundancy sets how many of them share the load, hence x.
struct PowerStage {
  bool enabled = false;
  double capacity_kw = 0.0;  ///< N capacity: what the design load needs, without redundancy
  double units = 1.0;        ///< N, a whole number >= 1
  Redundancy redundancy = Redundancy::kN;
  double loss_a = 0.0;  ///< no-load loss, fraction of a unit's rating
  double loss_b = 0.0;  ///< proportional loss, fraction of rating per unit of x
  double loss_c = 0.0;  ///< square-law loss, fraction of rating per unit of x^2
};

/// Utility -> transformer -> UPS -> PDU -> IT. The transformer also feeds the mechanical plant,
/// lighting and other loads; the heat pump has its own feed. UPS and PDU losses are released in
/// air-cooled rooms (they load the air path), transformer losses outdoors.
struct PowerChain {
  /// Losses [U]: no-load 0.2 %, copper 0.8 % of rating at full load (not in domain.md).
  PowerStage transformer{.loss_a = 0.002, .loss_b = 0.0, .loss_c = 0.008};
  /// domain.md section 9 UPS curve [D]: 96.6 / 96.2 / 95.1 / 89.6 % at 100 / 50 / 30 / 10 %.
  PowerStage ups{.loss_a = 0.010, .loss_b = 0.015, .loss_c = 0.010};
  /// Losses [U]: no-load 0.3 %, square-law 1.2 % (not in domain.md).
  PowerStage pdu{.loss_a = 0.003, .loss_b = 0.0, .loss_c = 0.012};
  bool ups_eco_mode = false;         ///< UPS in bypass (eco) mode: loss = output * (1/eta - 1)
  double ups_eco_efficiency = 0.99;  ///< [U] vendor eco-mode claims, not in domain.md
};

/// CRAH/CRAC fans: full-speed power proportional to the installed air-cooling capacity, speed
/// following the air-path heat, power following the affinity law.
struct Fans {
  double kw_per_kw_th = 0.04;      ///< full-speed fan power per kW of installed air cooling [U]
  double capacity_margin = 1.25;   ///< installed air cooling / design air heat [U]
  double min_speed = 0.25;         ///< domain.md section 9: 20-30 % [U]
  double affinity_exponent = 2.7;  ///< domain.md section 9 [D]
};

/// Chilled-water loop between the CRAH coils and the plant.
struct ChilledWater {
  double supply_c = 0.0;         ///< design input
  double return_c = 0.0;         ///< design input, above the supply
  double pump_head_kpa = 200.0;  ///< [U]
  double pump_efficiency = 0.7;  ///< wire-to-water [U]
};

/// Vapour-compression chiller: COP = eta * T_evap / (T_cond - T_evap), evaporating at the chilled
/// water supply temperature (the AHRI-derived eta of domain.md section 9 uses that convention).
struct Chiller {
  bool enabled = false;
  double eta = 0.5;                        ///< domain.md section 9 [D]
  double min_lift_k = 10.0;                ///< [U]
  double air_condenser_approach_k = 15.0;  ///< air-cooled: T_cond = T_db + this [U]
  /// water-cooled: T_cond = T_wb + tower approach + this (condenser range + refrigerant
  /// approach; AHRI 85/95 degF rating) [U]
  double condenser_water_rise_k = 7.0;
};

/// Where the air path's plant rejects heat: an evaporative cooling tower (water-cooled chiller,
/// economiser at wet bulb) or dry coolers (air-cooled chiller, economiser at dry bulb).
enum class HeatRejection : std::uint8_t { kCoolingTower, kDryCooler };

/// Cooling tower (air path only).
struct CoolingTower {
  double approach_k = 4.0;  ///< leaving water above wet bulb, incl. the economiser HX; 3-6 K [U]
  double range_k = 5.6;     ///< condenser-water temperature difference (85/95 degF) [U]
  double fan_kw_per_kw_th = 0.013;         ///< [U]
  double evaporation_l_per_kwh_th = 1.26;  ///< domain.md section 9 [D]
  double cycles_of_concentration = 4.0;    ///< domain.md section 9 [U]
  double pump_head_kpa = 150.0;            ///< condenser-water pump [U]
  double pump_efficiency = 0.7;            ///< [U]
};

/// Dry cooler (air-to-water heat exchanger with fans).
struct DryCooler {
  double approach_k = 5.0;         ///< leaving water above dry bulb; 3-6 K [U]
  double fan_kw_per_kw_th = 0.02;  ///< [U]
};

/// Economiser of the air path.
enum class Economiser : std::uint8_t {
  kNone,
  kWaterSide,  ///< tower or dry cooler cools the chilled water when the weather allows
  kAirSide,    ///< outside air cools the room when dry bulb and dew point allow
};

/// Air-side economiser limits (room supply and return air, humidity).
struct AirSideLimits {
  double supply_air_c = 0.0;      ///< design input
  double return_air_c = 0.0;      ///< design input, above the supply
  double max_dew_point_c = 15.0;  ///< ASHRAE recommended envelope upper dew point [U]
};

/// Heat that reaches the air: IT heat not captured by liquid, UPS and PDU losses, lighting and
/// the fans themselves, removed by CRAH coils and a chilled-water plant.
struct AirPath {
  Fans fans;
  ChilledWater chilled_water;
  Chiller chiller;  ///< disabled = chiller-less: hours the economiser cannot cover are `air_unmet`
  HeatRejection heat_rejection = HeatRejection::kCoolingTower;
  CoolingTower tower;
  DryCooler dry_cooler;
  Economiser economiser = Economiser::kNone;
  AirSideLimits air_side;
};

/// Evaporative (adiabatic) pre-cooling of the DLC dry coolers.
struct Adiabatic {
  bool enabled = false;
  double approach_k = 4.0;  ///< leaving water above wet bulb [U]
  /// Water per kWh_th rejected while spraying: the tower figure, an upper bound [U].
  double water_l_per_kwh_th = 1.26;
};

/// Trim chiller on the DLC loop: cools what the dry coolers leave; its condenser rejects to
/// the dry coolers.
struct TrimChiller {
  bool enabled = false;
  double eta = 0.5;               ///< domain.md section 9 [D]
  double min_lift_k = 10.0;       ///< [U]
  double condenser_rise_k = 7.0;  ///< T_cond = dry-cooler sink + this [U]
};

/// Warm-water direct liquid cooling of a share of the IT load.
struct LiquidCooling {
  double share = 0.0;            ///< share of IT power on DLC racks, 0 = no DLC loop
  double capture_ratio = 0.85;   ///< domain.md section 9 [S]; the rest goes to the air path
  double supply_c = 0.0;         ///< design input
  double return_c = 0.0;         ///< design input, above the supply
  double pump_head_kpa = 250.0;  ///< [U]
  double pump_efficiency = 0.7;  ///< [U]
  DryCooler dry_cooler;
  Adiabatic adiabatic;
  TrimChiller trim_chiller;
};

/// Where the heat pump's electricity is booked (domain.md section 4.2). Printed in every result.
enum class HeatPumpBoundary : std::uint8_t {
  kInside,    ///< in E_DC (ISO/IEC 30134); E_reuse is the heat delivered
  kOutside,   ///< owned by the heat utility; E_reuse is the low-temperature heat leaving the DC
  kExcluded,  ///< EnEfG section 11(2): left out of E_DC, paid by the operator; E_reuse as outside
};

/// Heat demand of the consumer: degree-hours from the dry bulb, or an hourly CSV.
struct HeatDemand {
  HourlySeries hourly;       ///< hourly kW; when empty, the degree-hour model below applies
  double peak_kw = 0.0;      ///< design input: demand at and below the design temperature
  double design_c = 0.0;     ///< design input
  double base_c = 15.0;      ///< heating limit temperature [U]
  double baseload_kw = 0.0;  ///< demand at any temperature (hot water), 0 = none
};

/// Heat pump lifting DLC return water to the network's supply temperature.
struct HeatPump {
  bool enabled = false;
  double eta = 0.45;            ///< domain.md section 9 [D]
  double approach_k = 5.0;      ///< refrigerant approach each side, domain.md section 9 [D]
  double capacity_kw_th = 0.0;  ///< heat output limit, 0 = no limit
};

/// Export of the DLC loop's heat to a consumer outside the boundary (E_reuse).
struct HeatReuse {
  bool enabled = false;
  HeatPumpBoundary boundary = HeatPumpBoundary::kInside;
  double network_supply_c = 0.0;   ///< design input
  double direct_approach_k = 3.0;  ///< direct use when DLC return - this >= network supply [U]
  HeatDemand demand;
  HeatPump heat_pump;  ///< disabled: heat is used only when the return water is hot enough
};

/// Loads that do not follow the IT load.
struct FixedLoads {
  double lighting_kw = 0.0;  ///< its heat loads the air path
  double other_kw = 0.0;     ///< inside E_DC, its heat leaves outside the cooled rooms
};

/// Prices and factors for cost and CO2; a result is `n/a` when its price is missing.
struct Prices {
  std::string currency;                  ///< e.g. `EUR`; printed only
  double electricity_per_kwh = -1.0;     ///< < 0 = not given
  double water_per_m3 = -1.0;            ///< < 0 = not given
  double heat_per_kwh = -1.0;            ///< revenue for exported heat; < 0 = not given
  double grid_carbon_kg_per_kwh = -1.0;  ///< < 0 = not given (unless `grid_carbon_hourly`)
  HourlySeries grid_carbon_hourly;       ///< kg/kWh per hour; overrides the constant
};

/// Properties of water [T]/[S] (domain.md section 9).
struct WaterProperties {
  double cp_kj_per_kg_k = 4.18;
  double density_kg_per_m3 = 1000.0;  ///< 1 kg/L is within 2 % over 20-60 degC
};

/// The whole facility the what-if engine simulates. A default-constructed model holds every
/// documented default (see whatif/parameters.hpp) and no components; `io/model_config.hpp`
/// reads one from JSON. Parameters are addressed by their JSON pointer in the model file
/// (`/dlc/capture_ratio`).
struct FacilityModel {
  std::string name;
  std::string source;  ///< model file path (for messages), or empty
  ItLoad it_load;
  PowerChain power_chain;
  AirPath air_path;
  LiquidCooling dlc;
  HeatReuse heat_reuse;
  FixedLoads fixed_loads;
  Prices prices;
  WaterProperties water;
  /// Paths of the parameters the model file (or a sweep) set explicitly, sorted; the others hold
  /// their defaults and are listed as defaults used.
  std::vector<std::string> explicit_parameters;
};

/// `N`, `N+1`, `2N`.
[[nodiscard]] auto redundancy_name(Redundancy redundancy) noexcept -> std::string_view;
/// `cooling_tower`, `dry_cooler`.
[[nodiscard]] auto heat_rejection_name(HeatRejection rejection) noexcept -> std::string_view;
/// `none`, `water_side`, `air_side`.
[[nodiscard]] auto economiser_name(Economiser economiser) noexcept -> std::string_view;
/// `inside`, `outside`, `excluded`.
[[nodiscard]] auto boundary_name(HeatPumpBoundary boundary) noexcept -> std::string_view;

}  // namespace dceff::whatif
