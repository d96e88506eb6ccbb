#include "dceff/report/report_diff.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"
#include "dceff/time.hpp"

#include "io/json_config.hpp"
#include "report/json_fields.hpp"
#include "report/provenance_json.hpp"

namespace dceff::report {
namespace {

using detail::JsonFields;
using io::detail::ConfigJson;
using io::detail::escape_pointer_token;

// KPIs: an object with a `value` member is one figure named by its path (`pue`,
// `pue.by_category.2`); in an object without one, every number or null member is a figure
// (`ppue.cooling`). Strings (definitions, labels) and the members beside `value` are metadata.
void collect_kpis(const JsonFields& reader, const ConfigJson& node, const std::string& name,
                  const std::string& pointer, std::vector<NamedFigure>& out) {
  const bool has_value = node.contains("value");
  if (has_value) {
    const auto unit = node.contains("unit") && node["unit"].is_string()
                          ? node["unit"].get<std::string>()
                          : std::string{};
    out.push_back({name, unit, reader.number_or_null(pointer + "/value")});
  }
  for (const auto& [key, child] : node.items()) {
    const auto child_name = name.empty() ? key : name + "." + key;
    const auto child_pointer = pointer + "/" + escape_pointer_token(key);
    if (child.is_object()) {
      collect_kpis(reader, child, child_name, child_pointer, out);
    } else if (!has_value && (child.is_number() || child.is_null())) {
      out.push_back({child_name, "", reader.number_or_null(child_pointer)});
    }
  }
}

// Energy: every number or null member, nested objects (IT per category) as `it.1`.
void collect_energy(const JsonFields& reader, const ConfigJson& node, const std::string& name,
                    const std::string& pointer, std::vector<NamedFigure>& out) {
  for (const auto& [key, child] : node.items()) {
    const auto child_name = name.empty() ? key : name + "." + key;
    const auto child_pointer = pointer + "/" + escape_pointer_token(key);
    if (child.is_object()) {
      collect_energy(reader, child, child_name, child_pointer, out);
    } else {
      out.push_back({child_name, "kWh", reader.number_or_null(child_pointer)});
    }
  }
}

auto instant(const JsonFields& reader, const std::string& pointer) -> Timestamp {
  const auto text = reader.string(pointer);
  const auto parsed = parse_timestamp(text);
  if (!parsed || parsed->is_local) {
    reader.context().fail(pointer,
                          fmt::format("invalid time '{}' (expected RFC 3339 with Z)", text));
  }
  return parsed->instant;
}

auto find(const std::vector<NamedFigure>& figures, std::string_view name) -> const NamedFigure* {
  for (const auto& f : figures) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

auto change_of(std::string name, std::string unit, const NamedFigure* old_figure,
               const NamedFigure* new_figure, Direction direction) -> FigureChange {
  FigureChange c;
  c.name = std::move(name);
  c.unit = std::move(unit);
  c.direction = direction;
  c.in_old = old_figure != nullptr;
  c.in_new = new_figure != nullptr;
  if (old_figure != nullptr) {
    c.old_value = old_figure->value;
  }
  if (new_figure != nullptr) {
    c.new_value = new_figure->value;
  }
  if (!c.old_value || !c.new_value) {
    c.verdict = Verdict::kNotAvailable;
    return c;
  }
  c.absolute = *c.new_value - *c.old_value;
  if (*c.old_value != 0.0) {
    c.relative = *c.absolute / std::abs(*c.old_value);
  }
  if (*c.absolute == 0.0) {
    c.verdict = Verdict::kUnchanged;
  } else if (direction == Direction::kNeutral) {
    c.verdict = Verdict::kChanged;
  } else {
    const bool lower = *c.absolute < 0.0;
    c.verdict =
        lower == (direction == Direction::kLowerIsBetter) ? Verdict::kBetter : Verdict::kWorse;
  }
  return c;
}

// Figures of both reports, the old report's order first, then what only the new one has.
auto changes(const std::vector<NamedFigure>& old_figures,
             const std::vector<NamedFigure>& new_figures, bool with_direction)
    -> std::vector<FigureChange> {
  std::vector<FigureChange> out;
  for (const auto& f : old_figures) {
    const auto* other = find(new_figures, f.name);
    const auto unit = f.unit.empty() && other != nullptr ? other->unit : f.unit;
    out.push_back(change_of(f.name, unit, &f, other,
                            with_direction ? direction_of(f.name) : Direction::kNeutral));
  }
  for (const auto& f : new_figures) {
    if (find(old_figures, f.name) == nullptr) {
      out.push_back(change_of(f.name, f.unit, nullptr, &f,
                              with_direction ? direction_of(f.name) : Direction::kNeutral));
    }
  }
  return out;
}

auto duration_text(std::int64_t seconds) -> std::string {
  const auto days = seconds / 86400;
  const auto hours = seconds % 86400 / 3600;
  const auto minutes = seconds % 3600 / 60;
  const auto rest = seconds % 60;
  std::string out = fmt::format("{}d {}h {}m", days, hours, minutes);
  if (rest != 0) {
    out += fmt::format(" {}s", rest);
  }
  return out;
}

auto value_text(const std::optional<double>& value, std::string_view unit) -> std::string {
  if (!value) {
    return "n/a";
  }
  if (unit == "kWh" || unit == "m3" || unit == "kg") {
    return fmt::format("{:.3f}", *value);
  }
  return fmt::format("{:.4f}", *value);
}

auto change_text(const std::optional<double>& value, std::string_view unit) -> std::string {
  if (!value) {
    return "";
  }
  if (unit == "kWh" || unit == "m3" || unit == "kg") {
    return fmt::format("{:+.3f}", *value);
  }
  return fmt::format("{:+.4f}", *value);
}

auto percent_text(const std::optional<double>& fraction) -> std::string {
  return fraction ? fmt::format("{:+.2f} %", *fraction * 100.0) : std::string{};
}

// Figures divided by the headline E_IT, whose measurement point is the headline category.
auto uses_headline_it(std::string_view figure) -> bool {
  const auto base = figure.substr(0, figure.find('.'));
  const bool per_it = base == "pue" || base == "ere" || base == "wue" || base == "cue" ||
                      base == "dcie" || base == "ppue";
  return per_it && figure.find(".by_category.") == std::string_view::npos;
}

auto evaluate(const RegressionGate& gate, const ReportDiff& diff) -> RegressionResult {
  RegressionResult result;
  result.gate = gate;
  const FigureChange* change = nullptr;
  if (gate.figure == "coverage") {
    change = &diff.coverage;
  } else {
    for (const auto& c : diff.kpis) {
      if (c.name == gate.figure) {
        change = &c;
      }
    }
  }
  const auto direction = direction_of(gate.figure);
  if (direction == Direction::kNeutral || change == nullptr) {
    bool energy = false;
    for (const auto& c : diff.energy) {
      energy = energy || c.name == gate.figure;
    }
    std::string names;
    for (const auto& c : diff.kpis) {
      if (c.direction != Direction::kNeutral) {
        names += c.name + ", ";
      }
    }
    names += "coverage";
    // A name neither report has is a misspelling (every report lists each KPI, null when n/a):
    // an invalid invocation, not a regression.
    throw Error(fmt::format(
        "--fail-on-regression '{}': {} '{}' (expected a KPI that has a better direction: {})",
        gate.text,
        energy              ? "an energy sum is neither better nor worse when it grows:"
        : change != nullptr ? "this version does not know which way is better for"
                            : "no such figure in either report:",
        gate.figure, names));
  }
  const auto& old_r = diff.old_report;
  const auto& new_r = diff.new_report;
  if (!change->in_old || !change->in_new) {
    result.message =
        fmt::format("{}: {}; a regression cannot be ruled out", gate.figure,
                    !change->in_old ? fmt::format("absent from the old report {}", old_r.path)
                                    : fmt::format("absent from the new report {}", new_r.path));
    return result;
  }
  // A gate that compares two different quantities must not pass: other sites, or a headline
  // E_IT metered at another point (a PDU meter added turns category 1 into 2 and moves PUE).
  const auto warned = [&](std::string_view code) {
    return std::any_of(diff.warnings.begin(), diff.warnings.end(),
                       [&](const Warning& w) { return w.code == code; });
  };
  if (warned("different_site")) {
    result.message = fmt::format(
        "{}: the reports are of different sites ('{}', '{}'), so no figure of one is "
        "a regression of the other",
        gate.figure, old_r.site_name, new_r.site_name);
    return result;
  }
  if (warned("different_pue_category") && uses_headline_it(gate.figure)) {
    result.message = fmt::format(
        "{}: E_IT is category {} in the old report and {} in the new one (metered at different "
        "points), so the figures are not comparable (expected a gate on "
        "pue.by_category.N)",
        gate.figure, old_r.pue_category, new_r.pue_category);
    return result;
  }
  if (!change->old_value || !change->new_value) {
    result.message = fmt::format(
        "{}: n/a in the {} report {} (no value); a regression cannot be ruled out", gate.figure,
        !change->old_value ? "old" : "new", !change->old_value ? old_r.path : new_r.path);
    return result;
  }
  const double old_value = *change->old_value;
  const double new_value = *change->new_value;
  const double worse_by =
      direction == Direction::kLowerIsBetter ? new_value - old_value : old_value - new_value;
  result.worse_by = worse_by;
  if (old_value != 0.0) {
    result.worse_by_relative = worse_by / std::abs(old_value);
  }
  // Figures read back from decimal text carry round-off: 1.30 - 1.25 is 0.05000000000000004.
  // A worsening within 1e-9 of the tolerance (relative to the values) counts as equal to it.
  const double slack = 1e-9 * std::max({1.0, std::abs(old_value), std::abs(new_value)});
  const auto tolerance_text = gate.relative ? fmt::format("{:g} %", gate.tolerance * 100.0)
                                            : fmt::format("{:g}", gate.tolerance);
  const auto movement = fmt::format(
      "{}: {} -> {}, {} by {:.4f}{}", gate.figure, value_text(old_value, change->unit),
      value_text(new_value, change->unit), worse_by > 0.0 ? "worse" : "better", std::abs(worse_by),
      result.worse_by_relative
          ? fmt::format(" ({:.2f} %)", std::abs(*result.worse_by_relative) * 100.0)
          : std::string{});
  if (worse_by <= 0.0) {
    result.passed = true;
    result.message = worse_by == 0.0 ? fmt::format("{}: {} unchanged", gate.figure,
                                                   value_text(old_value, change->unit))
                                     : movement;
    return result;
  }
  if (gate.relative) {
    if (!result.worse_by_relative) {
      result.message = fmt::format(
          "{}; the old value is 0, so a relative change is undefined and any worsening fails",
          movement);
      return result;
    }
    result.passed = *result.worse_by_relative <= gate.tolerance + 1e-9;
  } else {
    result.passed = worse_by <= gate.tolerance + slack;
  }
  result.message = fmt::format("{}, {} the tolerance {}", movement,
                               result.passed ? "within" : "more than", tolerance_text);
  return result;
}

auto warnings_of(const ReportSnapshot& a, const ReportSnapshot& b) -> std::vector<Warning> {
  std::vector<Warning> out;
  if (a.site_name != b.site_name || a.timezone != b.timezone) {
    out.push_back(
        {"different_site", fmt::format("different sites: '{}' ({}) and '{}' ({})", a.site_name,
                                       a.timezone, b.site_name, b.timezone)});
  } else if (a.site_sha256 != b.site_sha256) {
    out.push_back({"different_site_file",
                   fmt::format("the site file changed (SHA-256 {} -> {}): meters, roles or the "
                               "boundary may differ",
                               a.site_sha256.substr(0, 12), b.site_sha256.substr(0, 12))});
  }
  if (a.period_seconds != b.period_seconds) {
    out.push_back({"different_period_length",
                   fmt::format("the periods differ in length: {} and {}",
                               duration_text(a.period_seconds), duration_text(b.period_seconds))});
  }
  if (a.pue_variant != b.pue_variant) {
    out.push_back({"different_pue_variant",
                   fmt::format("{} and {}: a PUE covers 12 months, an iPUE less (ISO/IEC 30134-2)",
                               a.pue_variant, b.pue_variant)});
  }
  if (a.pue_category != b.pue_category) {
    out.push_back({"different_pue_category",
                   fmt::format("the headline PUE is category {} and category {}: E_IT is metered "
                               "at different points",
                               a.pue_category, b.pue_category)});
  }
  return out;
}

auto direction_name(Direction d) -> std::string_view {
  switch (d) {
    case Direction::kLowerIsBetter:
      return "lower_is_better";
    case Direction::kHigherIsBetter:
      return "higher_is_better";
    case Direction::kNeutral:
      break;
  }
  return "neutral";
}

using nlohmann::ordered_json;

auto number(const std::optional<double>& v) -> ordered_json {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

auto change_json(const FigureChange& c) -> ordered_json {
  ordered_json out;
  out["name"] = c.name;
  out["unit"] = c.unit;
  out["direction"] = direction_name(c.direction);
  out["old"] = number(c.old_value);
  out["new"] = number(c.new_value);
  out["in_old"] = c.in_old;
  out["in_new"] = c.in_new;
  out["absolute_change"] = number(c.absolute);
  out["relative_change"] = number(c.relative);
  out["verdict"] = verdict_name(c.verdict);
  return out;
}

auto side_json(const ReportSnapshot& r) -> ordered_json {
  ordered_json inputs = ordered_json::array();
  for (const auto& i : r.inputs) {
    inputs.push_back({{"path", i.path}, {"bytes", i.bytes}, {"sha256", i.sha256}});
  }
  return {
      {"path", r.path},
      {"tool_version", r.tool_version},
      {"site", {{"name", r.site_name}, {"timezone", r.timezone}, {"sha256", r.site_sha256}}},
      {"period",
       {{"from", r.from},
        {"to", r.to},
        {"seconds", r.period_seconds},
        {"granularity", r.granularity},
        {"twelve_months", r.twelve_months}}},
      {"pue", {{"variant", r.pue_variant}, {"category", r.pue_category}, {"label", r.pue_label}}},
      {"inputs", inputs}};
}

void write_json(const ReportDiff& d, std::ostream& out) {
  ordered_json doc;
  doc["dceff_diff"] = 1;
  doc["old"] = side_json(d.old_report);
  doc["new"] = side_json(d.new_report);
  doc["comparable"] = d.warnings.empty();
  ordered_json warnings = ordered_json::array();
  for (const auto& w : d.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}});
  }
  doc["warnings"] = warnings;
  ordered_json kpis = ordered_json::array();
  for (const auto& c : d.kpis) {
    kpis.push_back(change_json(c));
  }
  doc["kpis"] = kpis;
  ordered_json energy = ordered_json::array();
  for (const auto& c : d.energy) {
    energy.push_back(change_json(c));
  }
  doc["energy"] = energy;
  ordered_json meters = ordered_json::array();
  for (const auto& c : d.meters) {
    meters.push_back(change_json(c));
  }
  doc["coverage"] = {{"overall", change_json(d.coverage)}, {"meters", meters}};
  doc["same_site_file"] = d.same_site_file;
  doc["same_inputs"] = d.same_inputs;
  ordered_json regressions = ordered_json::array();
  for (const auto& r : d.regressions) {
    regressions.push_back({{"gate", r.gate.text},
                           {"figure", r.gate.figure},
                           {"tolerance", r.gate.tolerance},
                           {"relative", r.gate.relative},
                           {"passed", r.passed},
                           {"worse_by", number(r.worse_by)},
                           {"worse_by_relative", number(r.worse_by_relative)},
                           {"message", r.message}});
  }
  doc["regressions"] = regressions;
  doc["passed"] = d.passed();
  out << detail::dump_json(doc, 2) << '\n';
}

// One aligned row of a text table.
auto row(std::string_view name, std::string_view a, std::string_view b, std::string_view c,
         std::string_view p, std::string_view v) -> std::string {
  auto line = fmt::format("  {:<26} {:>16} {:>16} {:>14} {:>10}  {}", name, a, b, c, p, v);
  while (!line.empty() && line.back() == ' ') {
    line.pop_back();
  }
  return line + "\n";
}

auto presence(const FigureChange& c) -> std::string {
  if (!c.in_old) {
    return "added";
  }
  if (!c.in_new) {
    return "removed";
  }
  return std::string{c.verdict == Verdict::kNotAvailable ? "n/a" : verdict_name(c.verdict)};
}

auto figure_row(const FigureChange& c, bool table) -> std::string {
  const auto name = c.unit.empty() || c.unit == "kWh" || c.unit == "share"
                        ? c.name
                        : fmt::format("{} ({})", c.name, c.unit);
  const auto a = c.in_old ? value_text(c.old_value, c.unit) : "-";
  const auto b = c.in_new ? value_text(c.new_value, c.unit) : "-";
  if (table) {
    return row(name, a, b, change_text(c.absolute, c.unit), percent_text(c.relative), presence(c));
  }
  // A meter id may hold '|', which would end the Markdown cell.
  std::string cell;
  for (char ch : name) {
    cell += ch == '|' ? std::string{"\\|"} : std::string(1, ch);
  }
  return fmt::format("| {} | {} | {} | {} | {} | {} |\n", cell, a, b,
                     change_text(c.absolute, c.unit), percent_text(c.relative), presence(c));
}

void write_text(const ReportDiff& d, std::ostream& out, bool table) {
  const auto& a = d.old_report;
  const auto& b = d.new_report;
  const auto heading = [&](std::string_view title) {
    out << (table ? fmt::format("\n{}\n", title) : fmt::format("\n## {}\n\n", title));
    if (!table) {
      out << "| figure | old | new | change | relative | |\n|---|---:|---:|---:|---:|---|\n";
    } else {
      out << row("", "old", "new", "change", "relative", "");
    }
  };
  out << (table ? "" : "# ") << fmt::format("dceff diff: {} -> {}\n", a.path, b.path);
  if (!table) {
    out << "\n";
  }
  const auto item = [&](std::string_view text) { out << (table ? "" : "- ") << text << "\n"; };
  item(a.site_name == b.site_name ? fmt::format("site: {} ({})", a.site_name, a.timezone)
                                  : fmt::format("site: {} ({}) -> {} ({})", a.site_name, a.timezone,
                                                b.site_name, b.timezone));
  item(d.same_site_file ? fmt::format("site file: unchanged (SHA-256 {})", a.site_sha256)
                        : fmt::format("site file: SHA-256 {} -> {}", a.site_sha256, b.site_sha256));
  item(fmt::format("period: {}..{} ({}) -> {}..{} ({})", a.from, a.to,
                   duration_text(a.period_seconds), b.from, b.to, duration_text(b.period_seconds)));
  item(a.pue_label == b.pue_label ? fmt::format("headline: {}", a.pue_label)
                                  : fmt::format("headline: {} -> {}", a.pue_label, b.pue_label));
  item(fmt::format("tool: dceff {} -> dceff {}", a.tool_version, b.tool_version));
  if (d.warnings.empty()) {
    item("comparable: yes (same site, period length, PUE variant and category)");
  } else {
    for (const auto& w : d.warnings) {
      item(fmt::format("warning: not comparable: {}", w.message));
    }
  }

  heading("KPIs");
  for (const auto& c : d.kpis) {
    out << figure_row(c, table);
  }
  heading("energy (kWh unless stated)");
  for (const auto& c : d.energy) {
    out << figure_row(c, table);
  }
  heading("coverage (share of the period with complete data)");
  out << figure_row(d.coverage, table);
  for (const auto& c : d.meters) {
    auto named = c;
    named.name = "meter " + c.name;
    out << figure_row(named, table);
  }

  out << (table ? "\ninputs\n" : "\n## inputs\n\n");
  const auto list_inputs = [&](std::string_view side, const ReportSnapshot& r) {
    for (const auto& i : r.inputs) {
      out << (table ? "  " : "- ")
          << fmt::format("{}: {} ({} bytes, SHA-256 {})\n", side, i.path, i.bytes, i.sha256);
    }
  };
  list_inputs("old", a);
  list_inputs("new", b);
  out << (table ? "  " : "- ")
      << (d.same_inputs ? "the same inputs (paths and SHA-256)" : "the inputs differ") << "\n";

  if (!d.regressions.empty()) {
    out << (table ? "\nregressions\n" : "\n## regressions\n\n");
    for (const auto& r : d.regressions) {
      out << (table ? "  " : "- ")
          << fmt::format("{} {} (--fail-on-regression {})\n", r.passed ? "PASS" : "FAIL", r.message,
                         r.gate.text);
    }
    const auto failed = std::count_if(d.regressions.begin(), d.regressions.end(),
                                      [](const RegressionResult& r) { return !r.passed; });
    out << (table ? "" : "\n")
        << (failed == 0
                ? fmt::format("no regression ({} gates)\n", d.regressions.size())
                : fmt::format("REGRESSION: {} of {} gates failed\n", failed, d.regressions.size()));
  }
}

auto snapshot_of(const ConfigJson& doc, const std::string& path) -> ReportSnapshot {
  const JsonFields reader{doc, path};
  if (!doc.is_object()) {
    reader.wrong_type("", doc,
                      "a JSON report of 'dceff report --format json' or 'dceff merge', an object");
  }
  if (!doc.contains("dceff_report")) {
    reader.context().fail(
        "/dceff_report",
        "missing (expected a JSON report of 'dceff report --format json' or 'dceff merge')");
  }
  const auto& version = doc["dceff_report"];
  if (!version.is_number_integer() || version.get<std::int64_t>() != 1) {
    reader.context().fail("/dceff_report",
                          fmt::format("unsupported report version '{}' (expected 1)",
                                      detail::dump_json(version, -1)));
  }
  ReportSnapshot s;
  s.path = path;
  s.tool_version = reader.optional_string("/tool/version");
  s.site_name = reader.string("/site/name");
  s.timezone = reader.string("/site/timezone");
  s.site_sha256 = reader.optional_string("/provenance/site_sha256");
  s.from = reader.string("/period/from");
  s.to = reader.string("/period/to");
  const auto from = instant(reader, "/period/from");
  const auto to = instant(reader, "/period/to");
  if (to < from) {
    reader.context().fail("/period/to",
                          fmt::format("'{}' is before /period/from '{}' (expected a period that "
                                      "ends after it starts)",
                                      s.to, s.from));
  }
  s.period_seconds = std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
  s.granularity = reader.optional_string("/period/granularity");
  s.twelve_months = reader.boolean("/period/twelve_months");
  const auto& kpis = reader.object("/kpis");
  s.pue_variant = reader.string("/kpis/pue/variant");
  // ISO/IEC 30134-2 knows categories 1 to 3; a cast of an arbitrary double would be undefined.
  s.pue_category = static_cast<int>(reader.count("/kpis/pue/category", 3));
  s.pue_label = reader.optional_string("/kpis/pue/label");
  collect_kpis(reader, kpis, "", "/kpis", s.kpis);
  collect_energy(reader, reader.object("/energy_kwh"), "", "/energy_kwh", s.energy);
  for (const auto& [key, unit] : {std::pair{"water_m3", "m3"}, std::pair{"co2_kg", "kg"}}) {
    const auto pointer = std::string{"/"} + key;
    if (reader.find(pointer) != nullptr) {
      s.energy.push_back({key, unit, reader.number_or_null(pointer)});
    }
  }
  s.coverage = reader.number("/quality/coverage");
  for (std::size_t i = 0, n = reader.array("/quality/meters").size(); i < n; ++i) {
    const auto base = fmt::format("/quality/meters/{}", i);
    s.meter_coverage.push_back(
        {reader.string(base + "/id"), "share", reader.number(base + "/coverage")});
  }
  if (reader.find("/provenance/inputs") != nullptr) {
    for (std::size_t i = 0, n = reader.array("/provenance/inputs").size(); i < n; ++i) {
      const auto base = fmt::format("/provenance/inputs/{}", i);
      s.inputs.push_back({reader.string(base + "/path"), reader.string(base + "/sha256"),
                          reader.count(base + "/bytes")});
    }
  }
  return s;
}

}  // namespace

auto read_report_snapshot(std::istream& in, const std::string& path) -> ReportSnapshot {
  const auto doc = io::detail::parse_config_json(in, path, "a report gives each field once");
  return snapshot_of(doc, path);
}

auto load_report_snapshot(const std::string& path) -> ReportSnapshot {
  return snapshot_of(
      detail::load_json_document(path, "a JSON report", "a report gives each field once"), path);
}

auto direction_of(std::string_view figure) noexcept -> Direction {
  const auto base = figure.substr(0, figure.find('.'));
  for (auto name : {"pue", "ere", "wue", "cue", "ppue"}) {
    if (base == name) {
      return Direction::kLowerIsBetter;
    }
  }
  for (auto name : {"erf", "ref", "dcie", "coverage"}) {
    if (base == name) {
      return Direction::kHigherIsBetter;
    }
  }
  return Direction::kNeutral;
}

auto verdict_name(Verdict verdict) noexcept -> std::string_view {
  switch (verdict) {
    case Verdict::kBetter:
      return "better";
    case Verdict::kWorse:
      return "worse";
    case Verdict::kUnchanged:
      return "unchanged";
    case Verdict::kChanged:
      return "changed";
    case Verdict::kNotAvailable:
      break;
  }
  return "n/a";
}

auto parse_regression_gate(std::string_view text) -> RegressionGate {
  RegressionGate gate;
  gate.text = std::string{text};
  const auto eq = text.find('=');
  gate.figure = std::string{text.substr(0, eq)};
  const auto valid_name =
      !gate.figure.empty() && std::all_of(gate.figure.begin(), gate.figure.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
      });
  if (!valid_name) {
    throw Error(fmt::format(
        "--fail-on-regression '{}': invalid KPI name '{}' (expected KPI[=TOLERANCE], e.g. "
        "pue=0.02 or pue=2%)",
        text, gate.figure));
  }
  if (eq == std::string_view::npos) {
    return gate;  // any worsening fails
  }
  auto tolerance = text.substr(eq + 1);
  const auto raw = tolerance;
  if (!tolerance.empty() && tolerance.back() == '%') {
    gate.relative = true;
    tolerance.remove_suffix(1);
  }
  // Plain decimals only: no sign, exponent, hex, inf or nan.
  bool digits = false;
  bool dot = false;
  bool ok = !tolerance.empty();
  for (char c : tolerance) {
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      ok = false;
    }
  }
  // from_chars, not stod: 400 digits overflow a double, and stod would throw out_of_range.
  const auto* end = tolerance.data() + tolerance.size();
  const auto parsed = ok && digits ? std::from_chars(tolerance.data(), end, gate.tolerance)
                                   : std::from_chars_result{end, std::errc::invalid_argument};
  if (parsed.ec != std::errc{} || parsed.ptr != end) {
    throw Error(fmt::format(
        "--fail-on-regression '{}': invalid tolerance '{}' (expected a decimal number >= 0, "
        "absolute as 0.02 or relative to the old value as 2%)",
        text, raw));
  }
  if (gate.relative) {
    gate.tolerance /= 100.0;
  }
  return gate;
}

auto ReportDiff::passed() const -> bool {
  return std::all_of(regressions.begin(), regressions.end(),
                     [](const RegressionResult& r) { return r.passed; });
}

auto diff_reports(const ReportSnapshot& old_report, const ReportSnapshot& new_report,
                  const std::vector<RegressionGate>& gates) -> ReportDiff {
  ReportDiff d;
  d.old_report = old_report;
  d.new_report = new_report;
  d.warnings = warnings_of(old_report, new_report);
  d.kpis = changes(old_report.kpis, new_report.kpis, true);
  d.energy = changes(old_report.energy, new_report.energy, false);
  const NamedFigure old_coverage{"coverage", "share", old_report.coverage};
  const NamedFigure new_coverage{"coverage", "share", new_report.coverage};
  d.coverage =
      change_of("coverage", "share", &old_coverage, &new_coverage, Direction::kHigherIsBetter);
  // By id, through a map: a site has up to 10000 meters, too many for a search per id.
  std::map<std::string, std::pair<const NamedFigure*, const NamedFigure*>> by_id;
  for (const auto& m : old_report.meter_coverage) {
    by_id[m.name].first = &m;
  }
  for (const auto& m : new_report.meter_coverage) {
    by_id[m.name].second = &m;
  }
  for (const auto& [id, sides] : by_id) {
    d.meters.push_back(
        change_of(id, "share", sides.first, sides.second, Direction::kHigherIsBetter));
  }
  d.same_site_file = old_report.site_sha256 == new_report.site_sha256;
  d.same_inputs = old_report.inputs.size() == new_report.inputs.size() &&
                  std::equal(old_report.inputs.begin(), old_report.inputs.end(),
                             new_report.inputs.begin(), [](const InputHash& x, const InputHash& y) {
                               return x.path == y.path && x.sha256 == y.sha256;
                             });
  for (const auto& gate : gates) {
    d.regressions.push_back(evaluate(gate, d));
  }
  return d;
}

auto parse_diff_format(std::string_view name) -> DiffFormat {
  if (name == "table") {
    return DiffFormat::kTable;
  }
  if (name == "json") {
    return DiffFormat::kJson;
  }
  if (name == "md") {
    return DiffFormat::kMarkdown;
  }
  throw Error(fmt::format("unknown diff format '{}' (expected table, json or md)", name));
}

void write_diff(const ReportDiff& diff, DiffFormat format, std::ostream& out) {
  switch (format) {
    case DiffFormat::kJson:
      write_json(diff, out);
      return;
    case DiffFormat::kTable:
      write_text(diff, out, true);
      return;
    case DiffFormat::kMarkdown:
      write_text(diff, out, false);
      return;
  }
}

}  // namespace dceff::report
