#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/report/writers.hpp"

#include "kpis_json.hpp"
#include "provenance_json.hpp"

namespace dceff::report {
namespace {

using nlohmann::ordered_json;

using detail::category_map;
using detail::kpis_flat;
using detail::number;

auto energy_json(const Energy& e) -> ordered_json {
  ordered_json out;
  out["facility"] = e.facility_kwh;
  out["facility_input"] = e.facility_input_kwh;
  out["fuel"] = e.fuel_kwh;
  out["onsite_renewable"] = e.onsite_renewable_kwh;
  out["excluded"] = e.excluded_kwh;
  out["it"] = category_map(e.it_by_category_kwh);
  out["it_headline"] = e.it_kwh;
  out["cooling"] = e.cooling_kwh;
  out["power_distribution"] = e.power_distribution_kwh;
  out["other"] = e.other_kwh;
  if (e.heat_upgrade_kwh) {  // only for sites with a heat_upgrade meter
    out["heat_upgrade"] = *e.heat_upgrade_kwh;
  }
  out["unmetered"] = e.unmetered_kwh;
  out["reuse"] = e.reuse_kwh;
  out["renewable"] = e.renewable_kwh;
  out["filled"] = e.filled_kwh;
  return out;
}

auto kpis_json(const Report& r) -> ordered_json {
  const auto& k = r.total.kpis;
  ordered_json out;
  ordered_json pue;
  pue["value"] = number(k.pue);
  pue["category"] = r.headline_category;
  pue["label"] = r.pue_label();
  pue["variant"] = r.pue_variant();
  pue["measurement_point"] = category_point(r.headline_category);
  pue["coverage"] = r.total.coverage;
  pue["definition"] = "E_DC / E_IT, ratio of energy sums (ISO/IEC 30134-2, EN 50600-4-2)";
  ordered_json by_category = ordered_json::object();
  for (std::size_t c = 0; c < 3; ++c) {
    by_category[std::to_string(c + 1)] = {{"value", number(k.pue_by_category[c])},
                                          {"coverage", k.coverage_by_category[c]}};
  }
  pue["by_category"] = by_category;
  out["pue"] = pue;
  out["dcie"] = {{"value", number(k.dcie)}, {"definition", "E_IT / E_DC (The Green Grid)"}};
  out["ppue"] = {{"cooling", number(k.ppue_cooling)},
                 {"power_distribution", number(k.ppue_power_distribution)},
                 {"other", number(k.ppue_other)},
                 {"definition", "(E_IT + E_part) / E_IT"}};
  out["ere"] = {{"value", number(k.ere)},
                {"definition", "(E_DC - E_reuse) / E_IT (The Green Grid WP29)"}};
  out["erf"] = {{"value", number(k.erf)},
                {"definition", "E_reuse / E_DC (ISO/IEC 30134-6, EN 50600-4-6)"}};
  out["ref"] = {{"value", number(k.ref)},
                {"definition", "E_renewable / E_DC (ISO/IEC 30134-3, EN 50600-4-3)"}};
  out["cue"] = {{"value", number(k.cue)},
                {"unit", "kgCO2e/kWh"},
                {"definition", "CO2e of E_DC / E_IT (ISO/IEC 30134-8)"}};
  out["wue"] = {{"value", number(k.wue)},
                {"unit", "L/kWh"},
                {"definition", "site water / E_IT (ISO/IEC 30134-9)"}};
  return out;
}

constexpr std::string_view kBucketsMarker = "dceff-buckets-written-here";

auto bucket_json(const Figures& b) -> ordered_json {
  return {{"label", b.label},
          {"from", format_utc(b.from)},
          {"to", format_utc(b.to)},
          {"coverage", b.coverage},
          {"kpis", kpis_flat(b.kpis)},
          {"energy_kwh", energy_json(b.energy)},
          {"water_m3", b.energy.water_m3},
          {"co2_kg", number(b.energy.co2_kg)},
          {"outdoor_temperature_c", number(b.outdoor_temperature_c)}};
}

auto time_or_null(const std::optional<Timestamp>& t) -> ordered_json {
  return t ? ordered_json(format_utc(*t)) : ordered_json(nullptr);
}

}  // namespace

void write_json(const Report& r, std::ostream& out) {
  ordered_json doc;
  doc["dceff_report"] = 1;
  doc["tool"] = {{"name", "dceff"}, {"version", r.tool_version}};
  doc["site"] = {{"name", r.site_name}, {"timezone", r.timezone}};
  doc["period"] = {{"from", format_timestamp(r.from, TimeZone::utc())},
                   {"to", format_timestamp(r.to, TimeZone::utc())},
                   {"granularity", period_name(r.period)},
                   {"twelve_months", r.twelve_months}};
  if (r.calendar_year) {
    doc["period"]["calendar_year"] = *r.calendar_year;
  }
  doc["kpis"] = kpis_json(r);
  doc["energy_kwh"] = energy_json(r.total.energy);
  doc["water_m3"] = r.total.energy.water_m3;
  doc["co2_kg"] = number(r.total.energy.co2_kg);
  doc["outdoor_temperature_c"] = number(r.total.outdoor_temperature_c);

  ordered_json quality;
  quality["coverage"] = r.total.coverage;
  // 0 without E_DC, as format 1 of the report has always written it (the check writes null).
  quality["filled_share"] = r.total.filled_share().value_or(0.0);
  quality["hourly_pue"] = {{"hours", r.hourly_pue.hours},
                           {"p5", number(r.hourly_pue.p5)},
                           {"p50", number(r.hourly_pue.p50)},
                           {"p95", number(r.hourly_pue.p95)},
                           {"note",
                            "distribution of hourly PUE over complete hours; "
                            "information only, never a headline figure"}};
  ordered_json meters = ordered_json::array();
  for (const auto& m : r.meters) {
    meters.push_back({{"id", m.id},
                      {"declared_as", m.declared_as},
                      {"kind", m.kind},
                      {"role", m.role},
                      {"category", m.category},
                      {"total", m.total},
                      {"unit", m.unit},
                      {"coverage", m.coverage},
                      {"rows", m.rows},
                      {"missing_values", m.missing_values},
                      {"gaps", m.gaps},
                      {"longest_gap_h", m.longest_gap_h},
                      {"filled_gaps", m.filled_gaps},
                      {"duplicates", m.duplicates},
                      {"conflicting_duplicates", m.conflicting_duplicates},
                      {"out_of_order", m.out_of_order},
                      {"negative", m.negative},
                      {"rollovers", m.rollovers},
                      {"resets", m.resets},
                      {"implausible", m.implausible},
                      {"flatlines", m.flatlines},
                      {"spikes", m.spikes},
                      {"first", time_or_null(m.first)},
                      {"last", time_or_null(m.last)}});
  }
  quality["meters"] = meters;
  ordered_json unmapped = ordered_json::array();
  for (const auto& u : r.unmapped) {
    unmapped.push_back(
        {{"id", u.id}, {"rows", u.rows}, {"first_seen", format_location(u.first_seen)}});
  }
  quality["unmapped_meters"] = unmapped;
  quality["declarations_without_data"] = r.declarations_without_data;
  ordered_json diagnostics = ordered_json::array();
  for (const auto& d : r.diagnostics) {
    diagnostics.push_back({{"severity", severity_name(d.severity)},
                           {"code", d.code},
                           {"meter", d.meter},
                           {"where", format_location(d.where)},
                           {"message", d.message},
                           {"count", d.count}});
  }
  quality["diagnostics"] = diagnostics;
  doc["quality"] = quality;

  if (const auto& t = r.trailing_twelve_months) {  // only with 12 months of data
    doc["trailing_twelve_months"] = {{"from", format_utc(t->from)},
                                     {"to", format_utc(t->to)},
                                     {"coverage", t->coverage},
                                     {"kpis", kpis_flat(t->kpis)},
                                     {"energy_kwh", energy_json(t->energy)},
                                     {"water_m3", t->energy.water_m3},
                                     {"co2_kg", number(t->energy.co2_kg)}};
  }

  // The buckets are written one at a time below (an hourly report over years holds 1e5 of
  // them: one JSON tree of them all took gigabytes); this marker holds their place.
  doc["buckets"] = kBucketsMarker;

  const auto inputs = detail::inputs_json(r.inputs);
  ordered_json assumptions = ordered_json::array();
  for (const auto& a : r.assumptions) {
    assumptions.push_back({{"name", a.name}, {"value", a.value}, {"source", a.source}});
  }
  doc["provenance"] = {{"tool_version", r.tool_version},
                       {"site_file", r.site_path},
                       {"site_sha256", r.site_sha256},
                       {"inputs", inputs},
                       {"assumptions", assumptions}};
  const auto text = detail::dump_json(doc, 2);
  // Only the top-level key starts a line with two spaces: user text cannot hold a raw newline.
  const std::string key = "\n  \"buckets\": ";
  const std::string placeholder = fmt::format("{}\"{}\"", key, kBucketsMarker);
  const auto at = text.find(placeholder);
  out.write(text.data(), static_cast<std::streamsize>(at + key.size()));
  if (r.buckets.empty()) {
    out << "[]";
  } else {
    out << "[\n";
    for (std::size_t i = 0; i < r.buckets.size(); ++i) {
      // dump_json(indent 2) of the bucket, every line indented two levels deeper.
      const auto bucket = detail::dump_json(bucket_json(r.buckets[i]), 2);
      std::size_t line = 0;
      for (auto end = bucket.find('\n'); end != std::string::npos;
           line = end + 1, end = bucket.find('\n', line)) {
        out << "    ";
        out.write(bucket.data() + line, static_cast<std::streamsize>(end + 1 - line));
      }
      out << "    ";
      out.write(bucket.data() + line, static_cast<std::streamsize>(bucket.size() - line));
      out << (i + 1 < r.buckets.size() ? ",\n" : "\n");
    }
    out << "  ]";
  }
  const auto rest = at + placeholder.size();
  out.write(text.data() + rest, static_cast<std::streamsize>(text.size() - rest));
  out << '\n';
}

}  // namespace dceff::report
