#include "dceff/whatif/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/whatif/comparison.hpp"

namespace dceff::whatif {
namespace {

constexpr std::string_view kForm =
    "expected PARAM=FROM:TO:STEP, e.g. dlc.supply_c=30:50:5 or /dlc/supply_c=30:50:5";

auto parse_number(std::string_view text, double& value) -> bool {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc{} && ptr == end && std::isfinite(value);
}

auto round12(double v) -> double {
  const auto text = fmt::format("{:.12g}", v);
  double out = v;
  (void)parse_number(text, out);
  return out;
}

}  // namespace

auto parse_sweep(std::string_view text, const FacilityModel& model) -> SweepSpec {
  const auto fail = [&](std::string_view what) -> void {
    throw ConfigError(fmt::format("--sweep '{}': {}", text, what));
  };
  SweepSpec spec;
  spec.text = std::string{text};
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    fail(fmt::format("missing '=' ({})", kForm));
  }
  std::string path{text.substr(0, eq)};
  if (path.front() != '/') {
    std::replace(path.begin(), path.end(), '.', '/');
    path.insert(path.begin(), '/');
  }
  const auto* parameter = find_parameter(path);
  if (parameter == nullptr) {
    fail(
        fmt::format("unknown parameter '{}' (expected a model path such as dlc.supply_c or "
                    "/air_path/chilled_water/supply_c; the model file reference lists them)",
                    text.substr(0, eq)));
  }
  spec.path = parameter->path;
  const auto range = text.substr(eq + 1);
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (true) {
    const auto colon = range.find(':', at);
    parts.push_back(range.substr(at, colon == std::string_view::npos ? colon : colon - at));
    if (colon == std::string_view::npos) {
      break;
    }
    at = colon + 1;
  }
  if (parts.size() != 3) {
    fail(fmt::format("range '{}' is not FROM:TO:STEP ({})", range, kForm));
  }
  double* targets[] = {&spec.from, &spec.to, &spec.step};
  for (std::size_t i = 0; i < 3; ++i) {
    if (!parse_number(parts[i], *targets[i])) {
      fail(fmt::format("invalid number '{}' (expected a finite decimal number)", parts[i]));
    }
  }
  if (spec.step == 0.0) {
    fail("step is 0 (expected a step that goes from FROM to TO)");
  }
  if ((spec.to - spec.from) * spec.step < 0.0) {
    fail(fmt::format("step {} goes away from {} (expected a {} step)", parts[2], parts[1],
                     spec.to > spec.from ? "positive" : "negative"));
  }
  for (const double v : {spec.from, spec.to}) {
    if (!parameter->valid.contains(v)) {
      fail(fmt::format("{} is out of range for {} (expected {})", v, spec.path,
                       describe_range(*parameter)));
    }
  }
  const double steps = std::floor((spec.to - spec.from) / spec.step + 1e-9);
  if (steps + 1.0 > static_cast<double>(kMaxSweepPoints)) {
    fail(fmt::format("{:.0f} points (expected at most {})", steps + 1.0, kMaxSweepPoints));
  }
  if (!parameter->applies(model)) {
    fail(fmt::format("{} takes no part in this model (its component is absent)", spec.path));
  }
  const auto n = static_cast<std::size_t>(steps) + 1;
  spec.values.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = round12(spec.from + static_cast<double>(i) * spec.step);
    if (parameter->integer && v != std::floor(v)) {
      fail(fmt::format("{} is not a whole number (expected whole numbers for {})", v, spec.path));
    }
    spec.values.push_back(v);
  }
  return spec;
}

auto sweep_models(const SweepSpec& sweep, const FacilityModel& model)
    -> std::vector<FacilityModel> {
  std::vector<FacilityModel> models;
  models.reserve(sweep.values.size());
  for (const double v : sweep.values) {
    auto m = model;
    set_parameter(m, sweep.path, v);
    check_model(m, fmt::format("--sweep '{}': at {}", sweep.text, v));
    models.push_back(std::move(m));
  }
  return models;
}

auto sensitivity_parameters(const FacilityModel& model) -> std::vector<const ParameterInfo*> {
  std::vector<const ParameterInfo*> out;
  for (const auto& p : parameters()) {
    if (p.kind == ParameterKind::kPhysics && p.has_sensitivity && p.tag != "[T]" &&
        p.applies(model) && p.sensitivity_low < p.sensitivity_high) {
      out.push_back(&p);
    }
  }
  return out;
}

auto sensitivity(const FacilityModel& model, const weather::WeatherYear& weather, unsigned threads)
    -> std::vector<SensitivityRow> {
  const auto params = sensitivity_parameters(model);
  std::vector<FacilityModel> models;
  models.reserve(2 * params.size());
  for (const auto* p : params) {
    for (const double v : {p->sensitivity_low, p->sensitivity_high}) {
      auto m = model;
      set_parameter(m, p->path, v);
      models.push_back(std::move(m));
    }
  }
  std::vector<Run> runs;
  runs.reserve(models.size());
  for (const auto& m : models) {
    runs.push_back({&m, &weather});
  }
  const auto sims = simulate_all(runs, threads);
  std::vector<SensitivityRow> rows;
  rows.reserve(params.size());
  const auto swing = [](const std::optional<double>& a, const std::optional<double>& b) {
    return a && b ? std::abs(*b - *a) : 0.0;
  };
  for (std::size_t i = 0; i < params.size(); ++i) {
    SensitivityRow row;
    row.parameter = params[i];
    row.baseline_value = params[i]->get(model);
    row.low = params[i]->sensitivity_low;
    row.high = params[i]->sensitivity_high;
    row.dpue_low = sims[2 * i].kpis.dpue;
    row.dpue_high = sims[2 * i + 1].kpis.dpue;
    row.ere_low = sims[2 * i].kpis.ere;
    row.ere_high = sims[2 * i + 1].kpis.ere;
    row.dpue_swing = swing(row.dpue_low, row.dpue_high);
    row.ere_swing = swing(row.ere_low, row.ere_high);
    rows.push_back(row);
  }
  std::vector<std::size_t> by_ere(rows.size());
  std::iota(by_ere.begin(), by_ere.end(), std::size_t{0});
  std::stable_sort(by_ere.begin(), by_ere.end(), [&](std::size_t a, std::size_t b) {
    return rows[a].ere_swing > rows[b].ere_swing;
  });
  for (std::size_t r = 0; r < by_ere.size(); ++r) {
    rows[by_ere[r]].ere_rank = r + 1;
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.dpue_swing != b.dpue_swing) {
      return a.dpue_swing > b.dpue_swing;
    }
    return a.ere_swing > b.ere_swing;
  });
  return rows;
}

}  // namespace dceff::whatif
