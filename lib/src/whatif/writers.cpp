#include "dceff/whatif/writers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace dceff::whatif {
namespace {

// Energy-by-use and mode tables have a column per scenario: beyond this many, see CSV or JSON.
constexpr std::size_t kMaxColumns = 12;

constexpr std::string_view kDesignNote =
    "Design figures from an hourly simulation: dPUE is a design PUE (ISO/IEC 30134-2), not a "
    "measured PUE";

auto fixed(const std::optional<double>& v, int decimals) -> std::string {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string{"n/a"};
}

auto delta(const std::optional<double>& v, const std::optional<double>& base, int decimals,
           bool is_baseline) -> std::string {
  if (is_baseline) {
    return "-";
  }
  if (!v || !base) {
    return "n/a";
  }
  // Rounded first and + 0.0, so that equal figures read +0.000, never -0.000.
  const double scale = std::pow(10.0, decimals);
  return fmt::format("{:+.{}f}", std::round((*v - *base) * scale) / scale + 0.0, decimals);
}

auto thousands(const std::optional<double>& v, int decimals) -> std::string {
  return v ? fmt::format("{:.{}f}", *v / 1000.0, decimals) : std::string{"n/a"};
}

auto csv_cell(const std::optional<double>& v) -> std::string {
  return v ? fmt::format("{}", *v) : std::string{};
}

auto csv_text(std::string_view text) -> std::string {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string{text};
  }
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

auto optional_delta(const std::optional<double>& v, const std::optional<double>& base)
    -> std::optional<double> {
  if (v && base) {
    return *v - *base;
  }
  return std::nullopt;
}

auto weather_line(const weather::WeatherYear& w) -> std::string {
  std::string text = w.source;
  std::vector<std::string> parts;
  if (!w.location.empty()) {
    parts.push_back(w.location);
  }
  parts.push_back(fmt::format("{} h", w.hours.size()));
  if (!w.sha256.empty()) {
    parts.push_back("sha256 " + w.sha256);
  }
  text += " (";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    text += (i == 0 ? "" : ", ") + parts[i];
  }
  return text + ")";
}

auto currency(const WhatIfResult& r) -> std::string {
  const auto& c = r.scenarios.front().model.prices.currency;
  return c.empty() ? std::string{"currency"} : c;
}

struct ModeColumn {
  std::string_view name;
  std::size_t (*hours)(const AnnualTotals&);
};

template <std::size_t I>
auto air_hours(const AnnualTotals& t) -> std::size_t {
  return t.air_mode_hours[I];
}
template <std::size_t I>
auto liquid_hours(const AnnualTotals& t) -> std::size_t {
  return t.liquid_mode_hours[I];
}
template <std::size_t I>
auto reuse_hours(const AnnualTotals& t) -> std::size_t {
  return t.reuse_mode_hours[I];
}

// Every mode of the three families, in enum order (the `none` of liquid and reuse included).
auto mode_columns() -> std::vector<ModeColumn> {
  return {
      {mode_name(AirMode::kChiller), &air_hours<0>},
      {mode_name(AirMode::kPartialEconomiser), &air_hours<1>},
      {mode_name(AirMode::kFreeCooling), &air_hours<2>},
      {mode_name(AirMode::kUnmet), &air_hours<3>},
      {"dlc_none", &liquid_hours<0>},
      {mode_name(LiquidMode::kFree), &liquid_hours<1>},
      {mode_name(LiquidMode::kAdiabatic), &liquid_hours<2>},
      {mode_name(LiquidMode::kTrim), &liquid_hours<3>},
      {mode_name(LiquidMode::kUnmet), &liquid_hours<4>},
      {"reuse_none", &reuse_hours<0>},
      {mode_name(ReuseMode::kDirect), &reuse_hours<1>},
      {mode_name(ReuseMode::kHeatPump), &reuse_hours<2>},
  };
}

// The union of the defaults used, in registry order, with the scenarios that do not use each.
struct DefaultRow {
  DefaultUsed value;
  std::vector<std::size_t> not_in;
};

auto default_rows(const WhatIfResult& r) -> std::vector<DefaultRow> {
  std::vector<DefaultRow> rows;
  for (const auto& p : parameters()) {
    std::optional<DefaultUsed> found;
    std::vector<std::size_t> not_in;
    for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
      const auto& used = r.scenarios[i].simulation.defaults_used;
      const auto it = std::find_if(used.begin(), used.end(),
                                   [&](const DefaultUsed& d) { return d.path == p.path; });
      if (it == used.end()) {
        not_in.push_back(i);
      } else if (!found) {
        found = *it;
      }
    }
    if (found) {
      rows.push_back({*found, std::move(not_in)});
    }
  }
  return rows;
}

auto not_in_text(const std::vector<std::size_t>& not_in) -> std::string {
  if (not_in.empty()) {
    return "";
  }
  std::string text = " (not in";
  for (std::size_t i = 0; i < not_in.size() && i < 10; ++i) {
    text += fmt::format("{} #{}", i == 0 ? "" : ",", not_in[i]);
  }
  return text + (not_in.size() > 10 ? ", ...)" : ")");
}

auto it_load_text(const Simulation& s) -> std::string {
  return fmt::format("{:.1f} %", s.totals.it_load_fraction * 100.0);
}

// A scenario's row after its number and name, the same cells in the table and in Markdown.
auto scenario_cells(const WhatIfResult& r, std::size_t i) -> std::array<std::string, 14> {
  const auto& s = r.scenarios[i];
  const auto& base = r.scenarios.front().simulation.kpis;
  const auto& k = s.simulation.kpis;
  const auto& t = s.simulation.totals;
  const bool is_base = i == 0;
  return {fmt::format("{}", s.weather),
          std::string{boundary_name(s.simulation.heat_pump_boundary)},
          it_load_text(s.simulation),
          fixed(k.dpue, 3),
          delta(k.dpue, base.dpue, 3, is_base),
          fixed(k.ppue_cooling, 3),
          fixed(k.ppue_power, 3),
          fixed(k.ere, 3),
          delta(k.ere, base.ere, 3, is_base),
          fixed(k.erf, 3),
          fixed(k.wue_l_per_kwh, 3),
          t.cost ? fmt::format("{:.0f}", *t.cost) : std::string{"n/a"},
          thousands(t.co2_kg, 1),
          fmt::format("{:.0f}", t.water_m3)};
}

void write_header(const WhatIfResult& r, std::ostream& out, std::string_view bullet) {
  fmt::print(out, "{}Source    {}\n", bullet, r.source);
  for (std::size_t i = 0; i < r.weather.size(); ++i) {
    fmt::print(out, "{}{}  [{}] {}\n", bullet, i == 0 ? "Weather " : "        ", i,
               weather_line(r.weather[i]));
    for (const auto& note : r.weather[i].notes) {
      fmt::print(out, "{}              note: {}\n", bullet, note);
    }
  }
  const auto& base = r.scenarios.front().simulation;
  fmt::print(out,
             "{}IT load   baseline mean {:.1f} kW = {} of the design IT load (the IT-load "
             "fraction; dPUE depends on it)\n",
             bullet, base.totals.mean_it_kw, it_load_text(base));
  fmt::print(out, "{}Boundary  heat pump {}; per scenario below\n", bullet,
             boundary_text(base.heat_pump_boundary));
  if (r.sweep) {
    fmt::print(out, "{}Sweep     {}: {} points from {} to {} step {}\n", bullet, r.sweep->path,
               r.sweep->values.size(), r.sweep->from, r.sweep->to, r.sweep->step);
  }
}

}  // namespace

auto boundary_text(HeatPumpBoundary boundary) -> std::string_view {
  switch (boundary) {
    case HeatPumpBoundary::kInside:
      return "inside (heat-pump electricity in E_DC, ISO/IEC 30134; E_reuse = heat delivered)";
    case HeatPumpBoundary::kOutside:
      return "outside (owned by the heat utility; E_reuse = heat leaving the DC)";
    case HeatPumpBoundary::kExcluded:
      return "excluded (EnEfG section 11(2): out of E_DC, still paid; E_reuse = heat leaving the "
             "DC)";
  }
  return "";
}

void write_table(const WhatIfResult& r, std::ostream& out) {
  fmt::print(out, "dceff {} what-if: {}\n{}.\n", r.tool_version, r.model_name, kDesignNote);
  write_header(r, out, "");
  std::size_t width = 8;
  for (const auto& s : r.scenarios) {
    width = std::max(width, std::min<std::size_t>(s.name.size(), 40));
  }
  const auto cur = currency(r);
  fmt::print(out,
             "\n{:>3}  {:<{}} {:>3} {:<9} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} "
             "{:>7} {:>12} {:>9} {:>9}\n",
             "#", "scenario", width, "wx", "boundary", "IT load", "dPUE", "delta", "pPUEcool",
             "pPUEpwr", "ERE", "delta", "ERF", "WUE", "cost " + cur, "CO2 t", "water m3");
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    const auto c = scenario_cells(r, i);
    fmt::print(out,
               "{:>3}  {:<{}} {:>3} {:<9} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} "
               "{:>12} {:>9} {:>9}\n",
               i, r.scenarios[i].name.substr(0, 40), width, c[0], c[1], c[2], c[3], c[4], c[5],
               c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13]);
  }
  fmt::print(out,
             "(wx: weather [n] above; WUE in L/kWh of IT energy; cost = electricity paid + "
             "water, heat revenue not deducted)\n");

  if (r.scenarios.size() > 1) {
    fmt::print(out, "\nWhy (against the baseline)\n");
    for (std::size_t i = 1; i < r.scenarios.size(); ++i) {
      fmt::print(out, "{:>3}  {}\n", i, r.scenarios[i].why.text);
    }
  }

  if (r.scenarios.size() <= kMaxColumns) {
    fmt::print(out, "\n{:<22}", "Energy by use (MWh)");
    for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
      fmt::print(out, " {:>10}", fmt::format("#{}", i));
    }
    fmt::print(out, "\n");
    const auto row = [&](std::string_view name, auto value) {
      fmt::print(out, "  {:<20}", name);
      for (const auto& s : r.scenarios) {
        fmt::print(out, " {:>10.1f}", value(s.simulation.totals) / 1000.0);
      }
      fmt::print(out, "\n");
    };
    for (std::size_t u = 0; u < kUseCount; ++u) {
      row(use_name(static_cast<Use>(u)), [u](const AnnualTotals& t) { return t.energy_kwh[u]; });
    }
    row("E_DC", [](const AnnualTotals& t) { return t.e_dc_kwh; });
    row("E_reuse", [](const AnnualTotals& t) { return t.e_reuse_kwh; });
    row("heat delivered", [](const AnnualTotals& t) { return t.heat_reused_kwh; });
    fmt::print(out, "\n{:<22}", "Hours by mode");
    for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
      fmt::print(out, " {:>10}", fmt::format("#{}", i));
    }
    fmt::print(out, "\n");
    for (const auto& m : mode_columns()) {
      fmt::print(out, "  {:<20}", m.name);
      for (const auto& s : r.scenarios) {
        fmt::print(out, " {:>10}", m.hours(s.simulation.totals));
      }
      fmt::print(out, "\n");
    }
  } else {
    fmt::print(out, "\n(energy by use and hours by mode: {} scenarios; see --format csv or json)\n",
               r.scenarios.size());
  }

  bool any_note = false;
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    for (const auto& note : r.scenarios[i].simulation.notes) {
      if (!any_note) {
        fmt::print(out, "\nNotes\n");
        any_note = true;
      }
      fmt::print(out, "  #{}: {}\n", i, note);
    }
  }

  if (r.sensitivity_run) {
    fmt::print(out,
               "\nSensitivity of the baseline (tornado data): each uncertain parameter at the "
               "ends of its typical range, ranked by dPUE swing\n");
    fmt::print(out, "{:>4}  {:<42} {:>9} {:>9} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>4} {}\n",
               "rank", "parameter", "low", "high", "dPUE lo", "dPUE hi", "swing", "ERE lo",
               "ERE hi", "swing", "ERE#", "tag");
    for (std::size_t i = 0; i < r.sensitivity.size(); ++i) {
      const auto& row = r.sensitivity[i];
      fmt::print(
          out, "{:>4}  {:<42} {:>9} {:>9} {:>8} {:>8} {:>7.4f} {:>8} {:>8} {:>7.4f} {:>4} {}\n",
          i + 1, row.parameter->path, fmt::format("{:g}", row.low), fmt::format("{:g}", row.high),
          fixed(row.dpue_low, 4), fixed(row.dpue_high, 4), row.dpue_swing, fixed(row.ere_low, 4),
          fixed(row.ere_high, 4), row.ere_swing, row.ere_rank, row.parameter->tag);
    }
  }

  fmt::print(out, "\nDefaults used (value, unit, source, tag)\n");
  for (const auto& d : default_rows(r)) {
    fmt::print(out, "  {} = {:g} {}: {}; {} {}{}\n", d.value.path, d.value.value, d.value.unit,
               d.value.description, d.value.source, d.value.tag, not_in_text(d.not_in));
  }
}

void write_markdown(const WhatIfResult& r, std::ostream& out) {
  fmt::print(out, "## dceff what-if: {}\n\n_{}._\n\n", r.model_name, kDesignNote);
  write_header(r, out, "- ");
  const auto cur = currency(r);
  fmt::print(out,
             "\n| # | scenario | weather | heat pump | IT load | dPUE | delta | pPUE cooling | "
             "pPUE power | ERE | delta | ERF | WUE L/kWh | cost {} | CO2 t | water m3 |\n"
             "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
             cur);
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    fmt::print(out, "| {} | {} | {} |\n", i, r.scenarios[i].name,
               fmt::join(scenario_cells(r, i), " | "));
  }
  if (r.scenarios.size() > 1) {
    fmt::print(out, "\n**Why**\n\n");
    for (std::size_t i = 1; i < r.scenarios.size(); ++i) {
      fmt::print(out, "- #{} {}: {}\n", i, r.scenarios[i].name, r.scenarios[i].why.text);
    }
  }
  if (r.scenarios.size() <= kMaxColumns) {
    fmt::print(out, "\n| energy (MWh) |");
    for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
      fmt::print(out, " #{} |", i);
    }
    fmt::print(out, "\n|---|");
    for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
      fmt::print(out, "---:|");
    }
    fmt::print(out, "\n");
    for (std::size_t u = 0; u < kUseCount; ++u) {
      fmt::print(out, "| {} |", use_name(static_cast<Use>(u)));
      for (const auto& s : r.scenarios) {
        fmt::print(out, " {:.1f} |", s.simulation.totals.energy_kwh[u] / 1000.0);
      }
      fmt::print(out, "\n");
    }
    fmt::print(out, "| E_DC |");
    for (const auto& s : r.scenarios) {
      fmt::print(out, " {:.1f} |", s.simulation.totals.e_dc_kwh / 1000.0);
    }
    fmt::print(out, "\n| E_reuse |");
    for (const auto& s : r.scenarios) {
      fmt::print(out, " {:.1f} |", s.simulation.totals.e_reuse_kwh / 1000.0);
    }
    fmt::print(out, "\n");
  }
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    for (const auto& note : r.scenarios[i].simulation.notes) {
      fmt::print(out, "\n- note #{}: {}", i, note);
    }
  }
  if (r.sensitivity_run) {
    fmt::print(out,
               "\n**Sensitivity of the baseline** (typical range of each uncertain parameter)\n\n"
               "| rank | parameter | low | high | dPUE low | dPUE high | dPUE swing | ERE swing | "
               "ERE rank | tag |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (std::size_t i = 0; i < r.sensitivity.size(); ++i) {
      const auto& row = r.sensitivity[i];
      fmt::print(out, "| {} | `{}` | {:g} | {:g} | {} | {} | {:.4f} | {:.4f} | {} | {} |\n", i + 1,
                 row.parameter->path, row.low, row.high, fixed(row.dpue_low, 4),
                 fixed(row.dpue_high, 4), row.dpue_swing, row.ere_swing, row.ere_rank,
                 row.parameter->tag);
    }
  }
  fmt::print(out, "\n<details><summary>Defaults used</summary>\n\n");
  for (const auto& d : default_rows(r)) {
    fmt::print(out, "- `{}` = {:g} {}: {}; {} {}{}\n", d.value.path, d.value.value, d.value.unit,
               d.value.description, d.value.source, d.value.tag, not_in_text(d.not_in));
  }
  fmt::print(out, "\n</details>\n\n_dceff {}_\n", r.tool_version);
}

void write_csv(const WhatIfResult& r, std::ostream& out) {
  fmt::print(out,
             "scenario,sweep_value,weather,heat_pump_boundary,it_mean_kw,it_load_fraction,dpue,"
             "dpue_delta,ppue_cooling,ppue_power,ere,ere_delta,erf,wue_l_per_kwh,cue_kg_per_kwh,"
             "e_dc_kwh,e_it_kwh,e_reuse_kwh");
  for (std::size_t u = 0; u < kUseCount; ++u) {
    fmt::print(out, ",{}_kwh", use_name(static_cast<Use>(u)));
  }
  fmt::print(out, ",heat_delivered_kwh,water_m3,cost,co2_kg");
  const auto modes = mode_columns();
  for (const auto& m : modes) {
    fmt::print(out, ",hours_{}", m.name);
  }
  fmt::print(out, ",why\n");
  const auto& base = r.scenarios.front().simulation;
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    const auto& s = r.scenarios[i];
    const auto& k = s.simulation.kpis;
    const auto& t = s.simulation.totals;
    fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", csv_text(s.name),
               csv_cell(s.sweep_value), csv_text(r.weather[s.weather].source),
               boundary_name(s.simulation.heat_pump_boundary), t.mean_it_kw, t.it_load_fraction,
               csv_cell(k.dpue), i == 0 ? "" : csv_cell(optional_delta(k.dpue, base.kpis.dpue)),
               csv_cell(k.ppue_cooling), csv_cell(k.ppue_power), csv_cell(k.ere),
               i == 0 ? "" : csv_cell(optional_delta(k.ere, base.kpis.ere)), csv_cell(k.erf),
               csv_cell(k.wue_l_per_kwh), csv_cell(k.cue_kg_per_kwh), t.e_dc_kwh, t.e_it_kwh,
               t.e_reuse_kwh);
    for (const double e : t.energy_kwh) {
      fmt::print(out, ",{}", e);
    }
    fmt::print(out, ",{},{},{},{}", t.heat_reused_kwh, t.water_m3, csv_cell(t.cost),
               csv_cell(t.co2_kg));
    for (const auto& m : modes) {
      fmt::print(out, ",{}", m.hours(t));
    }
    fmt::print(out, ",{}\n", csv_text(s.why.text));
  }
}

void write_whatif(const WhatIfResult& result, report::Format format, std::ostream& out) {
  switch (format) {
    case report::Format::kTable:
      write_table(result, out);
      break;
    case report::Format::kJson:
      write_json(result, out);
      break;
    case report::Format::kCsv:
      write_csv(result, out);
      break;
    case report::Format::kMarkdown:
      write_markdown(result, out);
      break;
  }
}

void write_hourly(const WhatIfResult& r, std::ostream& out) {
  fmt::print(out, "scenario,hour,dry_bulb_c,wet_bulb_c");
  for (std::size_t u = 0; u < kUseCount; ++u) {
    fmt::print(out, ",{}_kw", use_name(static_cast<Use>(u)));
  }
  fmt::print(out,
             ",grid_kw,e_dc_kw,e_reuse_kw,heat_demand_kw,heat_delivered_kw,water_l,chiller_cop,"
             "heat_pump_cop,air_mode,liquid_mode,reuse_mode\n");
  std::string line;
  for (const auto& s : r.scenarios) {
    const auto& year = r.weather[s.weather];
    const auto name = csv_text(s.name);
    (void)simulate(s.model, year, [&](const HourResult& h) {
      line.clear();
      const auto& w = year.hours[h.hour];
      fmt::format_to(std::back_inserter(line), "{},{},{},{}", name, h.hour, w.dry_bulb_c,
                     w.wet_bulb_c);
      for (const double p : h.power_kw) {
        fmt::format_to(std::back_inserter(line), ",{}", p);
      }
      fmt::format_to(std::back_inserter(line), ",{},{},{},{},{},{},{},{},{},{},{}\n", h.grid_kw,
                     h.e_dc_kw, h.e_reuse_kw, h.heat_demand_kw, h.heat_reused_kw, h.water_l,
                     h.chiller_cop, h.heat_pump_cop, mode_name(h.air_mode),
                     mode_name(h.liquid_mode), mode_name(h.reuse_mode));
      out << line;
    });
  }
}

}  // namespace dceff::whatif
