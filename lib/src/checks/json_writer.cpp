#include <nlohmann/json.hpp>

#include "dceff/checks/writers.hpp"
#include "dceff/time.hpp"

#include "report/kpis_json.hpp"
#include "report/provenance_json.hpp"

namespace dceff::checks {
namespace {

using nlohmann::ordered_json;

using report::detail::number;

// The headline PUE with its label, the data-quality shares, then every KPI as the report's
// buckets list them (one list for both documents).
auto headline_json(const report::Report& r) -> ordered_json {
  ordered_json out;
  out["pue"] = {{"value", number(r.total.kpis.pue)},
                {"label", r.pue_label()},
                {"variant", r.pue_variant()},
                {"category", r.headline_category}};
  out["coverage"] = r.total.coverage;
  out["filled_share"] = number(r.total.filled_share());  // as the gates read it
  const auto kpis = report::detail::kpis_flat(r.total.kpis);
  for (const auto& item : kpis.items()) {
    if (item.key() != "pue") {
      out[item.key()] = item.value();
    }
  }
  return out;
}

}  // namespace

void write_json(const report::Report& r, std::span<const Verdict> verdicts, std::ostream& out) {
  ordered_json doc;
  std::size_t failed = 0;
  std::size_t failed_data_quality = 0;
  ordered_json list = ordered_json::array();
  for (const auto& v : verdicts) {
    failed += v.passed ? 0 : 1;
    failed_data_quality += !v.passed && v.kind == Kind::kDataQuality ? 1 : 0;
    ordered_json item = {{"gate", v.gate},
                         {"expression", v.expression},
                         {"kind", v.kind == Kind::kDataQuality ? "data_quality" : "efficiency"},
                         {"passed", v.passed},
                         {"measured", number(v.measured)},
                         {"limit", number(v.limit)},
                         {"period", v.period},
                         {"message", v.message}};
    if (!v.profile.empty()) {  // only on a profile's verdicts
      item["profile"] = v.profile;
      item["rule"] = v.rule;
      item["source"] = v.source;
      item["informational"] = v.informational;
      item["attention"] = v.attention;
    }
    list.push_back(std::move(item));
  }
  doc["dceff_check"] = 1;
  doc["passed"] = failed == 0;
  doc["summary"] = {{"gates", verdicts.size()},
                    {"failed", failed},
                    {"failed_efficiency", failed - failed_data_quality},
                    {"failed_data_quality", failed_data_quality}};
  doc["site"] = {{"name", r.site_name}, {"timezone", r.timezone}};
  doc["period"] = {{"from", format_utc(r.from)},
                   {"to", format_utc(r.to)},
                   {"granularity", report::period_name(r.period)},
                   {"twelve_months", r.twelve_months}};
  if (r.calendar_year) {
    doc["period"]["calendar_year"] = *r.calendar_year;
  }
  doc["headline"] = headline_json(r);
  doc["verdicts"] = list;
  const auto inputs = report::detail::inputs_json(r.inputs);
  doc["provenance"] = {{"tool_version", r.tool_version},
                       {"site_file", r.site_path},
                       {"site_sha256", r.site_sha256},
                       {"inputs", inputs}};
  out << report::detail::dump_json(doc, 2) << '\n';
}

}  // namespace dceff::checks
