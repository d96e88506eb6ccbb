#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/weather/weather_year.hpp"
#include "dceff/whatif/facility_model.hpp"
#include "dceff/whatif/simulation.hpp"

namespace dceff::whatif {

/// One model over one weather year, to be simulated.
struct Run {
  const FacilityModel* model = nullptr;
  const weather::WeatherYear* weather = nullptr;
};

/// Simulates every run on up to `threads` threads (0 = one per core). Each run is independent and
/// its result lands in its own slot, so the results are bit-identical for any thread count.
/// @throws the first error (in run order) any simulation threw
[[nodiscard]] auto simulate_all(std::span<const Run> runs, unsigned threads)
    -> std::vector<Simulation>;

/// A mode whose hours changed between the baseline and a scenario.
struct ModeHoursChange {
  std::string_view mode;  ///< `free_cooling`, `dlc_trim`, `reuse_heat_pump`, ... (mode_name)
  std::size_t baseline_hours = 0;
  std::size_t scenario_hours = 0;
  [[nodiscard]] auto delta() const noexcept -> long long {
    return static_cast<long long>(scenario_hours) - static_cast<long long>(baseline_hours);
  }
};

/// A non-IT electricity use whose annual energy changed.
struct EnergyChange {
  Use use = Use::kIt;
  double baseline_kwh = 0.0;
  double scenario_kwh = 0.0;
  [[nodiscard]] auto delta_kwh() const noexcept -> double { return scenario_kwh - baseline_kwh; }
};

/// Why a scenario's figures differ from the baseline's: the mode hours and component energies
/// that changed most, and one line saying so.
struct Explanation {
  std::vector<ModeHoursChange> mode_hours;  ///< non-zero changes, largest first, at most 3
  std::vector<EnergyChange> energy;         ///< non-IT uses, largest |change| first, at most 3
  double e_reuse_delta_kwh = 0.0;           ///< change of E_reuse
  std::string text;  ///< `dPUE 1.123 -> 1.101 (-0.022): chiller -123.4 MWh, ...; hours: ...`
};

/// Compares a scenario's simulation with the baseline's (modes in the fixed order of the
/// mode enums break ties, so the explanation is deterministic).
[[nodiscard]] auto explain(const Simulation& baseline, const Simulation& scenario) -> Explanation;

}  // namespace dceff::whatif
