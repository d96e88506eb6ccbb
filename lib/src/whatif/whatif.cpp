#include "dceff/whatif/whatif.hpp"

#include <fmt/format.h>

#include "dceff/analyze.hpp"
#include "dceff/error.hpp"
#include "dceff/weather/default_climate.hpp"
#include "dceff/weather/read_weather.hpp"
#include "dceff/whatif/scenario_file.hpp"

namespace dceff::whatif {
namespace {

// Loads each weather file once; "" is the built-in climate.
class WeatherCache {
 public:
  explicit WeatherCache(std::vector<weather::WeatherYear>& years) : years_{years} {}

  auto index(const std::string& path) -> std::size_t {
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      if (paths_[i] == path) {
        return i;
      }
    }
    years_.push_back(path.empty() ? weather::default_climate() : weather::read_weather(path));
    paths_.push_back(path);
    return paths_.size() - 1;
  }

 private:
  std::vector<weather::WeatherYear>& years_;
  std::vector<std::string> paths_;
};

}  // namespace

auto run_whatif(const WhatIfRequest& request) -> WhatIfResult {
  if (!request.model_path && !request.scenarios_path) {
    throw ConfigError("whatif: no model given (expected --model MODEL.json or --scenarios S.json)");
  }
  if (request.sweep && request.scenarios_path) {
    throw ConfigError(
        "whatif: --sweep varies the baseline alone (expected --sweep or --scenarios, not both)");
  }
  if (request.sweep && request.hourly) {
    // 8760 rows a point: a 1000-point sweep would write 8.76 M rows (about 4 GB).
    throw ConfigError(
        "whatif: --hourly with --sweep would write 8760 rows per sweep point (expected --hourly "
        "with --scenarios or a single model)");
  }
  const auto set = request.scenarios_path
                       ? load_scenario_file(*request.scenarios_path, request.model_path)
                       : baseline_only(*request.model_path);
  WhatIfResult result;
  result.tool_version = std::string{version()};
  result.source = set.source;
  result.model_name = set.scenarios.front().model.name;
  WeatherCache cache{result.weather};
  const std::string baseline_weather = request.weather_path.value_or(set.weather_path);
  (void)cache.index(baseline_weather);

  for (const auto& s : set.scenarios) {
    ScenarioResult r;
    r.name = s.name;
    r.description = s.description;
    r.changes = s.changes;
    r.weather = cache.index(s.weather_path.empty() ? baseline_weather : s.weather_path);
    r.model = s.model;
    result.scenarios.push_back(std::move(r));
  }
  if (request.sweep) {
    const auto& baseline = result.scenarios.front().model;
    auto spec = parse_sweep(*request.sweep, baseline);
    auto models = sweep_models(spec, baseline);
    for (std::size_t i = 0; i < models.size(); ++i) {
      ScenarioResult r;
      r.name = fmt::format("{}={}", spec.path, spec.values[i]);
      r.changes = {std::string{spec.path}};
      r.weather = 0;
      r.sweep_value = spec.values[i];
      r.model = std::move(models[i]);
      result.scenarios.push_back(std::move(r));
    }
    result.sweep = std::move(spec);
  }

  std::vector<Run> runs;
  runs.reserve(result.scenarios.size());
  for (const auto& r : result.scenarios) {
    runs.push_back({&r.model, &result.weather[r.weather]});
  }
  auto sims = simulate_all(runs, request.threads);
  for (std::size_t i = 0; i < sims.size(); ++i) {
    result.scenarios[i].simulation = std::move(sims[i]);
  }
  const auto& baseline = result.scenarios.front().simulation;
  for (std::size_t i = 1; i < result.scenarios.size(); ++i) {
    result.scenarios[i].why = explain(baseline, result.scenarios[i].simulation);
  }
  if (request.sensitivity) {
    result.sensitivity_run = true;
    result.sensitivity =
        sensitivity(result.scenarios.front().model, result.weather.front(), request.threads);
  }
  return result;
}

}  // namespace dceff::whatif
