#include <algorithm>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dceff/whatif/writers.hpp"

#include "report/provenance_json.hpp"

namespace dceff::whatif {
namespace {

using nlohmann::ordered_json;

auto number(const std::optional<double>& value) -> ordered_json {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

auto difference(const std::optional<double>& v, const std::optional<double>& base) -> ordered_json {
  return v && base ? ordered_json(*v - *base) : ordered_json(nullptr);
}

auto kpis_json(const Kpis& k) -> ordered_json {
  return {{"dpue", number(k.dpue)},
          {"ppue_cooling", number(k.ppue_cooling)},
          {"ppue_power", number(k.ppue_power)},
          {"ere", number(k.ere)},
          {"erf", number(k.erf)},
          {"wue", number(k.wue_l_per_kwh)},
          {"cue", number(k.cue_kg_per_kwh)}};
}

auto kpis_delta_json(const Kpis& k, const Kpis& b) -> ordered_json {
  return {{"dpue", difference(k.dpue, b.dpue)},
          {"ppue_cooling", difference(k.ppue_cooling, b.ppue_cooling)},
          {"ppue_power", difference(k.ppue_power, b.ppue_power)},
          {"ere", difference(k.ere, b.ere)},
          {"erf", difference(k.erf, b.erf)},
          {"wue", difference(k.wue_l_per_kwh, b.wue_l_per_kwh)},
          {"cue", difference(k.cue_kg_per_kwh, b.cue_kg_per_kwh)}};
}

auto energy_json(const AnnualTotals& t) -> ordered_json {
  ordered_json e = ordered_json::object();
  for (std::size_t u = 0; u < kUseCount; ++u) {
    e[std::string{use_name(static_cast<Use>(u))}] = t.energy_kwh[u];
  }
  return e;
}

auto totals_json(const AnnualTotals& t) -> ordered_json {
  return {{"e_dc", t.e_dc_kwh},
          {"e_it", t.e_it_kwh},
          {"e_reuse", t.e_reuse_kwh},
          {"cooling", t.e_cooling_kwh},
          {"power_losses", t.e_power_losses_kwh},
          {"grid", t.grid_kwh},
          {"paid_electricity", t.paid_electricity_kwh},
          {"heat_rejected", t.heat_rejected_kwh},
          {"heat_delivered", t.heat_reused_kwh},
          {"heat_demand", t.heat_demand_kwh}};
}

auto mode_hours_json(const AnnualTotals& t) -> ordered_json {
  ordered_json air = ordered_json::object();
  for (std::size_t i = 0; i < kAirModeCount; ++i) {
    air[std::string{mode_name(static_cast<AirMode>(i))}] = t.air_mode_hours[i];
  }
  ordered_json liquid = ordered_json::object();
  for (std::size_t i = 0; i < kLiquidModeCount; ++i) {
    liquid[std::string{mode_name(static_cast<LiquidMode>(i))}] = t.liquid_mode_hours[i];
  }
  ordered_json reuse = ordered_json::object();
  for (std::size_t i = 0; i < kReuseModeCount; ++i) {
    reuse[std::string{mode_name(static_cast<ReuseMode>(i))}] = t.reuse_mode_hours[i];
  }
  return {{"air", air}, {"liquid", liquid}, {"reuse", reuse}};
}

auto explanation_json(const Explanation& why) -> ordered_json {
  ordered_json modes = ordered_json::array();
  for (const auto& m : why.mode_hours) {
    modes.push_back({{"mode", m.mode},
                     {"baseline_hours", m.baseline_hours},
                     {"scenario_hours", m.scenario_hours},
                     {"delta_hours", m.delta()}});
  }
  ordered_json energy = ordered_json::array();
  for (const auto& e : why.energy) {
    energy.push_back({{"use", use_name(e.use)},
                      {"baseline_kwh", e.baseline_kwh},
                      {"scenario_kwh", e.scenario_kwh},
                      {"delta_kwh", e.delta_kwh()}});
  }
  return {{"text", why.text},
          {"mode_hours", modes},
          {"energy", energy},
          {"e_reuse_delta_kwh", why.e_reuse_delta_kwh}};
}

auto weather_json(const weather::WeatherYear& w) -> ordered_json {
  return {{"source", w.source},
          {"sha256", w.sha256.empty() ? ordered_json(nullptr) : ordered_json(w.sha256)},
          {"location", w.location},
          {"hours", w.hours.size()},
          {"notes", w.notes}};
}

auto scenario_json(const WhatIfResult& r, std::size_t i) -> ordered_json {
  const auto& s = r.scenarios[i];
  const auto& sim = s.simulation;
  const auto& t = sim.totals;
  const auto& base = r.scenarios.front().simulation;
  ordered_json out;
  out["name"] = s.name;
  out["description"] = s.description;
  out["changes"] = s.changes;
  out["sweep_value"] = number(s.sweep_value);
  out["weather"] = s.weather;
  out["heat_pump_boundary"] = boundary_name(sim.heat_pump_boundary);
  out["it_load"] = {{"mean_kw", t.mean_it_kw}, {"fraction_of_design", t.it_load_fraction}};
  out["hours"] = sim.hours;
  out["kpis"] = kpis_json(sim.kpis);
  out["energy_kwh"] = energy_json(t);
  out["totals_kwh"] = totals_json(t);
  const auto& prices = s.model.prices;
  out["cost"] = {{"currency", prices.currency},
                 {"electricity", number(t.electricity_cost)},
                 {"water", number(t.water_cost)},
                 {"total", number(t.cost)},
                 {"heat_revenue", number(t.heat_revenue)}};
  out["co2_kg"] = number(t.co2_kg);
  out["water_m3"] = t.water_m3;
  out["mode_hours"] = mode_hours_json(t);
  if (i == 0) {
    out["delta"] = nullptr;
    out["why"] = nullptr;
  } else {
    ordered_json d;
    d["kpis"] = kpis_delta_json(sim.kpis, base.kpis);
    ordered_json e = ordered_json::object();
    for (std::size_t u = 0; u < kUseCount; ++u) {
      e[std::string{use_name(static_cast<Use>(u))}] = t.energy_kwh[u] - base.totals.energy_kwh[u];
    }
    d["energy_kwh"] = e;
    d["cost"] = difference(t.cost, base.totals.cost);
    d["co2_kg"] = difference(t.co2_kg, base.totals.co2_kg);
    d["water_m3"] = t.water_m3 - base.totals.water_m3;
    out["delta"] = d;
    out["why"] = explanation_json(s.why);
  }
  ordered_json defaults = ordered_json::array();
  for (const auto& dflt : sim.defaults_used) {
    defaults.push_back(dflt.path);
  }
  out["defaults_used"] = defaults;
  out["notes"] = sim.notes;
  out["balance"] = {{"max_electricity_imbalance_kw", t.max_electricity_imbalance_kw},
                    {"max_heat_imbalance_kw", t.max_heat_imbalance_kw}};
  return out;
}

}  // namespace

void write_json(const WhatIfResult& r, std::ostream& out) {
  ordered_json doc;
  doc["dceff_whatif"] = 1;
  doc["tool"] = {{"name", "dceff"}, {"version", r.tool_version}};
  doc["label"] =
      "design figures from an hourly simulation: dPUE is a design PUE (ISO/IEC 30134-2), not a "
      "measured PUE";
  doc["source"] = r.source;
  doc["model_name"] = r.model_name;
  ordered_json weather = ordered_json::array();
  for (const auto& w : r.weather) {
    weather.push_back(weather_json(w));
  }
  doc["weather"] = weather;
  doc["heat_pump_boundary"] = boundary_name(r.scenarios.front().simulation.heat_pump_boundary);
  ordered_json scenarios = ordered_json::array();
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    scenarios.push_back(scenario_json(r, i));
  }
  doc["scenarios"] = scenarios;

  // The union of the defaults used, in registry order; each scenario lists the paths it uses.
  ordered_json defaults = ordered_json::array();
  for (const auto& p : parameters()) {
    for (const auto& s : r.scenarios) {
      const auto& used = s.simulation.defaults_used;
      const auto it = std::find_if(used.begin(), used.end(),
                                   [&](const DefaultUsed& d) { return d.path == p.path; });
      if (it != used.end()) {
        defaults.push_back({{"path", it->path},
                            {"value", it->value},
                            {"unit", it->unit},
                            {"description", it->description},
                            {"source", it->source},
                            {"tag", it->tag}});
        break;
      }
    }
  }
  doc["defaults_used"] = defaults;
  if (r.sweep) {
    doc["sweep"] = {{"parameter", r.sweep->path},
                    {"from", r.sweep->from},
                    {"to", r.sweep->to},
                    {"step", r.sweep->step},
                    {"points", r.sweep->values.size()}};
  } else {
    doc["sweep"] = nullptr;
  }
  if (r.sensitivity_run) {
    ordered_json rows = ordered_json::array();
    for (std::size_t i = 0; i < r.sensitivity.size(); ++i) {
      const auto& row = r.sensitivity[i];
      rows.push_back({{"rank", i + 1},
                      {"parameter", row.parameter->path},
                      {"unit", row.parameter->unit},
                      {"tag", row.parameter->tag},
                      {"baseline_value", row.baseline_value},
                      {"low", row.low},
                      {"high", row.high},
                      {"dpue_low", number(row.dpue_low)},
                      {"dpue_high", number(row.dpue_high)},
                      {"dpue_swing", row.dpue_swing},
                      {"ere_low", number(row.ere_low)},
                      {"ere_high", number(row.ere_high)},
                      {"ere_swing", row.ere_swing},
                      {"ere_rank", row.ere_rank}});
    }
    doc["sensitivity"] = rows;
  } else {
    doc["sensitivity"] = nullptr;
  }
  out << report::detail::dump_json(doc, 2) << '\n';
}

}  // namespace dceff::whatif
