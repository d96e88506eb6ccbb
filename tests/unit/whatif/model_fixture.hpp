#pragma once

#include <cmath>
#include <cstddef>

#include "dceff/weather/weather_year.hpp"
#include "dceff/whatif/facility_model.hpp"

namespace dceff::test {

/// A year of identical hours.
inline auto constant_year(double dry_bulb_c, double wet_bulb_c, double dew_point_c,
                          std::size_t hours = 8760) -> weather::WeatherYear {
  weather::WeatherYear year;
  year.source = "synthetic: constant";
  weather::Hour hour;
  hour.dry_bulb_c = dry_bulb_c;
  hour.wet_bulb_c = wet_bulb_c;
  hour.dew_point_c = dew_point_c;
  hour.relative_humidity_pct = 50.0;
  year.hours.assign(hours, hour);
  return year;
}

/// A smooth synthetic year: annual and daily cosines around `mean_c` (coldest mid-January,
/// warmest at 15:00), the wet bulb `depression_k` below the dry bulb (more in the afternoon), the
/// dew point 3 K below the wet bulb.
inline auto synthetic_year(double mean_c, double annual_amplitude_k, double daily_amplitude_k,
                           double depression_k) -> weather::WeatherYear {
  constexpr double kPi = 3.14159265358979323846;
  weather::WeatherYear year;
  year.source = "synthetic: cosines";
  year.hours.resize(8760);
  for (std::size_t h = 0; h < year.hours.size(); ++h) {
    const double t = static_cast<double>(h);
    const double annual = -std::cos(2.0 * kPi * (t - 15.0 * 24.0) / 8760.0);
    const double daily = std::cos(2.0 * kPi * (t - 15.0) / 24.0);
    auto& hour = year.hours[h];
    hour.dry_bulb_c = mean_c + annual_amplitude_k * annual + daily_amplitude_k * daily;
    hour.wet_bulb_c = hour.dry_bulb_c - depression_k * (1.0 + 0.3 * daily);
    hour.dew_point_c = hour.wet_bulb_c - 3.0;
    hour.relative_humidity_pct = 50.0;
  }
  return year;
}

/// A 1 MW air-cooled hall: 2N UPS, PDUs, transformer, water-cooled chiller with a water-side
/// economiser at 14/20 degC. Every physics parameter holds its default.
inline auto air_cooled_hall() -> whatif::FacilityModel {
  whatif::FacilityModel m;
  m.name = "air-cooled hall";
  m.it_load.kw = 1000.0;
  auto& chain = m.power_chain;
  chain.transformer.enabled = true;
  chain.transformer.capacity_kw = 2000.0;
  chain.transformer.redundancy = whatif::Redundancy::k2N;
  chain.ups.enabled = true;
  chain.ups.capacity_kw = 1200.0;
  chain.ups.units = 2.0;
  chain.ups.redundancy = whatif::Redundancy::k2N;
  chain.pdu.enabled = true;
  chain.pdu.capacity_kw = 1200.0;
  chain.pdu.units = 12.0;
  chain.pdu.redundancy = whatif::Redundancy::k2N;
  m.air_path.chilled_water.supply_c = 14.0;
  m.air_path.chilled_water.return_c = 20.0;
  m.air_path.chiller.enabled = true;
  m.air_path.heat_rejection = whatif::HeatRejection::kCoolingTower;
  m.air_path.economiser = whatif::Economiser::kWaterSide;
  m.fixed_loads.lighting_kw = 10.0;
  return m;
}

/// The air-cooled hall with `share` of the IT load on warm-water DLC at 40/50 degC, dry coolers
/// with adiabatic spray and a trim chiller.
inline auto dlc_hall(double share) -> whatif::FacilityModel {
  auto m = air_cooled_hall();
  m.name = "dlc hall";
  m.dlc.share = share;
  m.dlc.supply_c = 40.0;
  m.dlc.return_c = 50.0;
  m.dlc.adiabatic.enabled = true;
  m.dlc.trim_chiller.enabled = true;
  return m;
}

}  // namespace dceff::test
