#include <algorithm>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include "dceff/checks/profile.hpp"
#include "dceff/time.hpp"

#include "checks/report_facts.hpp"
#include "report/provenance_json.hpp"

namespace dceff::checks {
namespace {

using detail::has_role;
using nlohmann::ordered_json;

auto csv_quote(std::string_view text) -> std::string {
  std::string out = "\"";
  for (const char c : text) {
    out += c == '"' ? std::string{"\"\""} : std::string{c};
  }
  return out + "\"";
}

}  // namespace

// Field names as Reg. (EU) 2024/1364 Annex II/III use them (domain.md 7.2 and "Latest
// verification", EU 2024/1364 metering points [S]); the renewables split and the data traffic
// and storage fields are [U] and always input required.
auto eed_fields(const report::Report& r) -> std::vector<ReportingField> {
  const auto& e = r.total.energy;
  const auto& k = r.total.kpis;
  const auto point =
      r.headline_category == 0
          ? std::string{"no IT meter"}
          : fmt::format("at {} (category {})", report::category_point(r.headline_category),
                        r.headline_category);
  std::vector<ReportingField> f;
  f.push_back({"E_DC", "kWh", e.facility_kwh,
               "facility inputs less excluded loads, metered at the input before the transfer "
               "switch on every feed"});
  f.push_back({"E_IT", "kWh", e.it_kwh, fmt::format("IT energy {}", point)});
  f.push_back({"E_DC-BG", "kWh", std::nullopt,
               fmt::format("backup-generator energy, reported separately: the site file does not "
                           "say which inputs feed backup generators (fuel inputs over the "
                           "period: {:.3f} kWh)",
                           e.fuel_kwh)});
  if (has_role(r, "reuse")) {
    f.push_back({"E_REUSE", "kWh", e.reuse_kwh,
                 "heat reused outside the boundary, at the handover point (role reuse)"});
  } else {
    f.push_back({"E_REUSE", "kWh", std::nullopt,
                 "no meter with role reuse: declare the heat handed over outside the boundary, "
                 "or report 0 if none is reused"});
  }
  if (has_role(r, "renewable") || has_role(r, "onsite_renewable")) {
    f.push_back({"E_RES-TOT", "kWh", e.renewable_kwh,
                 "renewable energy with retired guarantees of origin, contracts and on-site "
                 "generation (roles renewable and onsite_renewable)"});
  } else {
    f.push_back(
        {"E_RES-TOT", "kWh", std::nullopt, "no meter with role renewable or onsite_renewable"});
  }
  f.push_back({"E_RES-GOO", "kWh", std::nullopt,
               "renewables by guarantees of origin: the site file does not split contracted "
               "renewables [U]"});
  f.push_back({"E_RES-PPA", "kWh", std::nullopt,
               "renewables by power purchase agreements: the site file does not split "
               "contracted renewables [U]"});
  if (has_role(r, "onsite_renewable")) {
    f.push_back({"E_RES-OS", "kWh", e.onsite_renewable_kwh,
                 "on-site renewable generation (role onsite_renewable)"});
  } else {
    f.push_back({"E_RES-OS", "kWh", std::nullopt, "no meter with role onsite_renewable"});
  }
  if (has_role(r, "water")) {
    f.push_back({"W_IN", "m3", e.water_m3, "water input (role water)"});
  } else {
    f.push_back({"W_IN", "m3", std::nullopt, "no meter with role water"});
  }
  f.push_back({"PUE", "", k.pue, fmt::format("E_DC / E_IT, E_IT {}", point)});
  f.push_back({"WUE", "L/kWh", k.wue,
               k.wue ? std::string{"W_IN / E_IT (m3/MWh = L/kWh)"}
                     : std::string{"needs W_IN: no meter with role water"}});
  f.push_back(
      {"ERF", "", k.erf, k.erf ? std::string{"E_REUSE / E_DC"} : std::string{"needs E_REUSE"}});
  f.push_back(
      {"REF", "", k.ref, k.ref ? std::string{"E_RES-TOT / E_DC"} : std::string{"needs E_RES-TOT"}});
  f.push_back({"PD_IT", "kW", std::nullopt,
               "installed IT power demand (nameplate of servers, storage and network): not in "
               "the telemetry"});
  f.push_back({"data_traffic_incoming", "", std::nullopt,
               "field name and unit unconfirmed [U]: not in the telemetry"});
  f.push_back({"data_traffic_outgoing", "", std::nullopt,
               "field name and unit unconfirmed [U]: not in the telemetry"});
  f.push_back({"data_storage", "", std::nullopt,
               "field name and unit unconfirmed [U]: not in the telemetry"});
  return f;
}

void write_eed_json(const report::Report& r, std::span<const ReportingField> fields,
                    std::ostream& out) {
  ordered_json doc;
  doc["dceff_eu_eed_2024_1364"] = 1;
  doc["regulation"] = "Commission Delegated Regulation (EU) 2024/1364, Annex II and III";
  doc["site"] = {{"name", r.site_name}, {"timezone", r.timezone}};
  doc["period"] = {
      {"from", format_utc(r.from)},
      {"to", format_utc(r.to)},
      {"calendar_year", r.calendar_year ? ordered_json(*r.calendar_year) : ordered_json(nullptr)}};
  doc["it_measurement_category"] = r.headline_category;
  doc["coverage"] = r.total.coverage;
  ordered_json list = ordered_json::object();
  std::vector<std::string> required;
  for (const auto& f : fields) {
    list[f.name] = {{"value", f.value ? ordered_json(*f.value) : ordered_json(nullptr)},
                    {"unit", f.unit},
                    {"status", f.value ? "measured" : "input required"},
                    {"note", f.note}};
    if (!f.value) {
      required.push_back(f.name);
    }
  }
  doc["fields"] = list;
  doc["input_required"] = required;
  doc["provenance"] = {{"tool_version", r.tool_version},
                       {"site_file", r.site_path},
                       {"site_sha256", r.site_sha256},
                       {"inputs", report::detail::inputs_json(r.inputs)}};
  out << report::detail::dump_json(doc, 2) << '\n';
}

void write_eed_csv(std::span<const ReportingField> fields, std::ostream& out) {
  fmt::print(out, "field,value,unit,status,note\n");
  for (const auto& f : fields) {
    fmt::print(out, "{},{},{},{},{}\n", f.name, f.value ? fmt::format("{}", *f.value) : "", f.unit,
               f.value ? "measured" : "input required", csv_quote(f.note));
  }
}

}  // namespace dceff::checks
