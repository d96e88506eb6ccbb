#include "dceff/report/writers.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "dceff/error.hpp"

namespace dceff::report {
namespace {

auto fixed(const std::optional<double>& value, int decimals) -> std::string {
  return value ? fmt::format("{:.{}f}", *value, decimals) : std::string{"n/a"};
}

auto percent(double share) -> std::string {
  return fmt::format("{:.1f} %", share * 100.0);
}

auto csv_cell(const std::optional<double>& value) -> std::string {
  return value ? fmt::format("{}", *value) : std::string{};
}

auto period_text(const Report& r) -> std::string {
  return fmt::format("{} .. {}", format_timestamp(r.from, TimeZone::utc()),
                     format_timestamp(r.to, TimeZone::utc()));
}

auto headline_line(const Report& r) -> std::string {
  return fmt::format(
      "{} = {}  ({}; ratio of energy sums; ISO/IEC 30134-2, EN 50600-4-2; "
      "coverage {})",
      r.pue_variant(), fixed(r.total.kpis.pue, 3),
      r.headline_category == 0 ? std::string{"no IT meter with data"}
                               : fmt::format("category {}, E_IT at {}", r.headline_category,
                                             category_point(r.headline_category)),
      percent(r.total.coverage));
}

struct KpiRow {
  std::string name;
  std::string value;
  std::string note;
};

auto kpi_rows(const Report& r) -> std::vector<KpiRow> {
  const auto& k = r.total.kpis;
  std::vector<KpiRow> rows;
  for (int c = 1; c <= 3; ++c) {
    const auto i = static_cast<std::size_t>(c - 1);
    if (k.pue_by_category[i] || k.coverage_by_category[i] > 0.0) {
      rows.push_back({fmt::format("{} category {}", r.pue_variant(), c),
                      fixed(k.pue_by_category[i], 3),
                      fmt::format("E_IT at {}; coverage {}", category_point(c),
                                  percent(k.coverage_by_category[i]))});
    }
  }
  rows.push_back({"DCiE", k.dcie ? percent(*k.dcie) : "n/a", "E_IT / E_DC"});
  if (k.ppue_cooling) {
    rows.push_back({"pPUE cooling", fixed(k.ppue_cooling, 3), "(E_IT + E_cooling) / E_IT"});
  }
  if (k.ppue_power_distribution) {
    rows.push_back({"pPUE power distribution", fixed(k.ppue_power_distribution, 3),
                    "(E_IT + E_power) / E_IT"});
  }
  if (k.ppue_other) {
    rows.push_back({"pPUE other", fixed(k.ppue_other, 3), "(E_IT + E_other) / E_IT"});
  }
  rows.push_back({"ERE", fixed(k.ere, 3), "(E_DC - E_reuse) / E_IT"});
  rows.push_back({"ERF", fixed(k.erf, 3), "E_reuse / E_DC"});
  rows.push_back({"REF", fixed(k.ref, 3), "E_renewable / E_DC"});
  rows.push_back({"CUE", k.cue ? fixed(k.cue, 3) + " kgCO2e/kWh" : "n/a", "CO2e / E_IT"});
  rows.push_back({"WUE", k.wue ? fixed(k.wue, 3) + " L/kWh" : "n/a", "site water / E_IT"});
  return rows;
}

auto energy_rows(const Report& r) -> std::vector<std::pair<std::string, double>> {
  const auto& e = r.total.energy;
  std::vector<std::pair<std::string, double>> rows{
      {"facility inputs", e.facility_input_kwh},
      {"  of which fuel (calorific)", e.fuel_kwh},
      {"  of which on-site renewable", e.onsite_renewable_kwh},
      {"excluded loads", e.excluded_kwh},
      {"facility (E_DC)", e.facility_kwh},
      {"IT (E_IT, headline category)", e.it_kwh},
      {"cooling", e.cooling_kwh},
      {"power distribution", e.power_distribution_kwh},
      {"other", e.other_kwh},
      {"unmetered / power-chain losses", e.unmetered_kwh},
      {"reused heat (E_reuse)", e.reuse_kwh},
      {"renewable", e.renewable_kwh},
      {"filled by gap policy", e.filled_kwh},
  };
  if (e.heat_upgrade_kwh) {  // only for sites with a heat_upgrade meter
    rows.insert(rows.begin() + 9, {"heat upgrade (waste-heat pumps)", *e.heat_upgrade_kwh});
  }
  return rows;
}

void write_quality_text(const Report& r, std::ostream& out) {
  fmt::print(out, "\nData quality\n");
  fmt::print(out, "  {:<18} {:<20} {:>8} {:>9} {:>5} {:>6} {:>6} {:>6} {:>7}\n", "meter", "role",
             "rows", "coverage", "gaps", "resets", "rollov", "dupes", "other");
  for (const auto& m : r.meters) {
    const auto role = m.category > 0 ? fmt::format("{} (cat {})", m.role, m.category) : m.role;
    const auto other = m.out_of_order + m.negative + m.implausible + m.flatlines + m.spikes +
                       m.conflicting_duplicates;
    fmt::print(out, "  {:<18} {:<20} {:>8} {:>9} {:>5} {:>6} {:>6} {:>6} {:>7}\n", m.id, role,
               m.rows, percent(m.coverage), m.gaps, m.resets, m.rollovers, m.duplicates, other);
  }
  for (const auto& u : r.unmapped) {
    fmt::print(out, "  unmapped meter '{}': {} rows, first at {} (not in the site file)\n", u.id,
               u.rows, format_location(u.first_seen));
  }
  for (const auto& d : r.declarations_without_data) {
    fmt::print(out, "  declared meter '{}' has no data\n", d);
  }
  std::size_t shown = 0;
  for (const auto& d : r.diagnostics) {
    if (d.severity == Severity::kInfo) {
      continue;
    }
    if (shown++ == 0) {
      fmt::print(out, "\nFindings (first occurrence; x count)\n");
    }
    fmt::print(out, "  {}: {}{}: {}{}\n", severity_name(d.severity), format_location(d.where),
               d.meter.empty() ? "" : fmt::format(" [{}]", d.meter), d.message,
               d.count > 1 ? fmt::format(" (x{})", d.count) : "");
  }
}

}  // namespace

void write_table(const Report& r, std::ostream& out) {
  fmt::print(out, "dceff {} report: {} ({})\n", r.tool_version, r.site_name, r.timezone);
  fmt::print(out, "Period    {}{}\n", period_text(r),
             r.twelve_months ? "" : "  (shorter than 12 months: interim PUE)");
  fmt::print(out, "Headline  {}\n\n", headline_line(r));
  fmt::print(out, "{:<26} {:>16}  {}\n", "KPI", "value", "definition / note");
  for (const auto& row : kpi_rows(r)) {
    fmt::print(out, "{:<26} {:>16}  {}\n", row.name, row.value, row.note);
  }
  fmt::print(out, "\n{:<34} {:>14}\n", "Energy (complete buckets)", "kWh");
  for (const auto& [name, value] : energy_rows(r)) {
    fmt::print(out, "{:<34} {:>14.1f}\n", name, value);
  }
  fmt::print(out, "{:<34} {:>14.3f}\n", "water (m3)", r.total.energy.water_m3);
  if (r.total.energy.co2_kg) {
    fmt::print(out, "{:<34} {:>14.1f}\n", "CO2e (kg)", *r.total.energy.co2_kg);
  }
  if (r.hourly_pue.hours > 0) {
    fmt::print(out,
               "\nHourly {} distribution over {} complete hours (information only): "
               "p5 {}  p50 {}  p95 {}\n",
               r.pue_variant(), r.hourly_pue.hours, fixed(r.hourly_pue.p5, 3),
               fixed(r.hourly_pue.p50, 3), fixed(r.hourly_pue.p95, 3));
  }
  fmt::print(out, "\nPer {}\n", period_name(r.period));
  fmt::print(out, "  {:<25} {:>9} {:>7} {:>7} {:>7} {:>12} {:>12} {:>8}\n", "bucket", "coverage",
             "PUE", "ERE", "ERF", "E_DC kWh", "E_IT kWh", "OAT degC");
  for (const auto& b : r.buckets) {
    fmt::print(out, "  {:<25} {:>9} {:>7} {:>7} {:>7} {:>12.1f} {:>12.1f} {:>8}\n", b.label,
               percent(b.coverage), fixed(b.kpis.pue, 3), fixed(b.kpis.ere, 3),
               fixed(b.kpis.erf, 3), b.energy.facility_kwh, b.energy.it_kwh,
               fixed(b.outdoor_temperature_c, 1));
  }
  write_quality_text(r, out);
  fmt::print(out, "\nAssumptions\n");
  for (const auto& a : r.assumptions) {
    fmt::print(out, "  {}: {} [{}]\n", a.name, a.value, a.source);
  }
  fmt::print(out, "\nInputs\n");
  for (const auto& i : r.inputs) {
    fmt::print(out, "  {} ({}, {} rows, sha256 {})\n", i.path, i.format, i.rows, i.sha256);
  }
  fmt::print(out, "  site file {} (sha256 {})\n", r.site_path, r.site_sha256);
}

void write_csv(const Report& r, std::ostream& out) {
  fmt::print(out,
             "label,from,to,coverage,pue,pue_cat1,pue_cat2,pue_cat3,dcie,ppue_cooling,"
             "ppue_power_distribution,ppue_other,ere,erf,ref,cue,wue,facility_kwh,it_kwh,"
             "cooling_kwh,power_distribution_kwh,other_kwh,unmetered_kwh,reuse_kwh,"
             "renewable_kwh,excluded_kwh,filled_kwh,water_m3,co2_kg,outdoor_temperature_c\n");
  for (const auto& b : r.buckets) {
    const auto& k = b.kpis;
    const auto& e = b.energy;
    fmt::print(out,
               "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}"
               ",{},{}\n",
               b.label, format_utc(b.from), format_utc(b.to), b.coverage, csv_cell(k.pue),
               csv_cell(k.pue_by_category[0]), csv_cell(k.pue_by_category[1]),
               csv_cell(k.pue_by_category[2]), csv_cell(k.dcie), csv_cell(k.ppue_cooling),
               csv_cell(k.ppue_power_distribution), csv_cell(k.ppue_other), csv_cell(k.ere),
               csv_cell(k.erf), csv_cell(k.ref), csv_cell(k.cue), csv_cell(k.wue), e.facility_kwh,
               e.it_kwh, e.cooling_kwh, e.power_distribution_kwh, e.other_kwh, e.unmetered_kwh,
               e.reuse_kwh, e.renewable_kwh, e.excluded_kwh, e.filled_kwh, e.water_m3,
               csv_cell(e.co2_kg), csv_cell(b.outdoor_temperature_c));
  }
}

void write_markdown(const Report& r, std::ostream& out) {
  fmt::print(out, "## dceff report: {}\n\n", r.site_name);
  fmt::print(out, "- **Period**: {} ({}){}\n", period_text(r), r.timezone,
             r.twelve_months ? "" : ", shorter than 12 months: interim PUE");
  fmt::print(out, "- **Headline**: {}\n\n", headline_line(r));
  fmt::print(out, "| KPI | value | definition / note |\n|---|---:|---|\n");
  for (const auto& row : kpi_rows(r)) {
    fmt::print(out, "| {} | {} | {} |\n", row.name, row.value, row.note);
  }
  fmt::print(out, "\n| energy | kWh |\n|---|---:|\n");
  for (const auto& [name, value] : energy_rows(r)) {
    fmt::print(out, "| {} | {:.1f} |\n", name, value);
  }
  fmt::print(out,
             "\n| {} | coverage | PUE | ERE | ERF | E_DC kWh | E_IT kWh |\n"
             "|---|---:|---:|---:|---:|---:|---:|\n",
             period_name(r.period));
  for (const auto& b : r.buckets) {
    fmt::print(out, "| {} | {} | {} | {} | {} | {:.1f} | {:.1f} |\n", b.label, percent(b.coverage),
               fixed(b.kpis.pue, 3), fixed(b.kpis.ere, 3), fixed(b.kpis.erf, 3),
               b.energy.facility_kwh, b.energy.it_kwh);
  }
  std::size_t warnings = 0;
  for (const auto& d : r.diagnostics) {
    if (d.severity != Severity::kInfo) {
      if (warnings++ == 0) {
        fmt::print(out, "\n**Data-quality findings**\n\n");
      }
      fmt::print(out, "- {} `{}`{}: {}{}\n", severity_name(d.severity), format_location(d.where),
                 d.meter.empty() ? "" : fmt::format(" [{}]", d.meter), d.message,
                 d.count > 1 ? fmt::format(" (x{})", d.count) : "");
    }
  }
  fmt::print(out, "\n_dceff {}; inputs:", r.tool_version);
  for (const auto& i : r.inputs) {
    fmt::print(out, " `{}` (sha256 {})", i.path, i.sha256.substr(0, 12));
  }
  fmt::print(out, "_\n");
}

auto parse_format(std::string_view name) -> Format {
  if (name == "table") {
    return Format::kTable;
  }
  if (name == "json") {
    return Format::kJson;
  }
  if (name == "csv") {
    return Format::kCsv;
  }
  if (name == "md") {
    return Format::kMarkdown;
  }
  throw Error(fmt::format("unknown output format '{}' (expected table, json, csv or md)", name));
}

void write_report(const Report& report, Format format, std::ostream& out) {
  switch (format) {
    case Format::kTable:
      write_table(report, out);
      break;
    case Format::kJson:
      write_json(report, out);
      break;
    case Format::kCsv:
      write_csv(report, out);
      break;
    case Format::kMarkdown:
      write_markdown(report, out);
      break;
  }
}

}  // namespace dceff::report
