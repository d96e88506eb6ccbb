#include "dceff/io/site_config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"

#include "json_config.hpp"

namespace dceff::io {
namespace {

using model::MeterKind;
using model::ReadingKind;
using model::Role;
using json = detail::ConfigJson;
using Context = detail::ConfigContext;
using detail::escape_pointer_token;
using detail::pick;
using detail::reject_unknown_keys;
using detail::type_name;

// EN 50600-4 calorific conversion (ICT Footprint factsheet [S6], domain.md section 3),
// in kWh per canonical unit: diesel 9.9 kWh/l, natural gas 10.5 kWh/m3, hydrogen 38.9 kWh/kg,
// bioethanol 6 kWh/l.
constexpr double kDieselKwhPerM3 = 9900.0;
constexpr double kGasKwhPerM3 = 10.5;
constexpr double kHydrogenKwhPerKg = 38.9;
constexpr double kBioethanolKwhPerM3 = 6000.0;

auto get_string(const Context& ctx, const json& value, const std::string& pointer) -> std::string {
  if (!value.is_string()) {
    ctx.fail(pointer, fmt::format("expected a string, got {}", type_name(value)));
  }
  return value.get<std::string>();
}

auto get_number(const Context& ctx, const json& value, const std::string& pointer, double min,
                double max, std::string_view expected) -> double {
  if (!value.is_number()) {
    ctx.fail(pointer, fmt::format("expected a number, got {}", type_name(value)));
  }
  const auto number = value.get<double>();
  if (!std::isfinite(number) || number < min || number > max) {
    ctx.fail(pointer, fmt::format("out of range: {} (expected {})", value.dump(), expected));
  }
  return number;
}

auto default_unit(MeterKind kind) -> std::string_view {
  switch (kind) {
    case MeterKind::kPower:
    case MeterKind::kHeat:
      return "kW";
    case MeterKind::kEnergy:
      return "kWh";
    case MeterKind::kTemperature:
      return "degC";
    case MeterKind::kWater:
      return "m3";
    case MeterKind::kFuel:
      return "L";
  }
  return "";
}

void check_unit_fits_kind(const Context& ctx, const std::string& pointer, MeterKind kind,
                          const Unit& unit) {
  bool ok = false;
  switch (kind) {
    case MeterKind::kPower:
      ok = unit.quantity == Quantity::kPower;
      break;
    case MeterKind::kEnergy:
      ok = unit.quantity == Quantity::kEnergy;
      break;
    case MeterKind::kHeat:
      ok = unit.quantity == Quantity::kPower || unit.quantity == Quantity::kEnergy;
      break;
    case MeterKind::kTemperature:
      ok = unit.quantity == Quantity::kTemperature;
      break;
    case MeterKind::kWater:
      ok = unit.quantity == Quantity::kVolume;
      break;
    case MeterKind::kFuel:
      ok = unit.quantity == Quantity::kVolume || unit.quantity == Quantity::kMass;
      break;
  }
  if (!ok) {
    static constexpr std::string_view kExpected[] = {
        "W, kW or MW",     "Wh, kWh or MWh", "kW or kWh and their prefixes",
        "degC, K or degF", "m3 or L",        "L, m3 or kg"};
    ctx.fail(pointer,
             fmt::format("unit '{}' does not fit kind '{}' (expected {})", unit.symbol,
                         model::kind_name(kind), kExpected[static_cast<std::size_t>(kind)]));
  }
}

void check_role_fits_kind(const Context& ctx, const std::string& pointer, MeterKind kind,
                          Role role) {
  const bool electric_or_fuel =
      kind == MeterKind::kPower || kind == MeterKind::kEnergy || kind == MeterKind::kFuel;
  bool ok = true;
  switch (role) {
    case Role::kFacilityInput:
      ok = electric_or_fuel || kind == MeterKind::kHeat;  // purchased cooling/heat as heat meters
      break;
    case Role::kOnsiteRenewable:
    case Role::kExcludedLoad:
    case Role::kIt:
    case Role::kCooling:
    case Role::kPowerDistribution:
    case Role::kOther:
    case Role::kHeatUpgrade:
    case Role::kRenewable:
      ok = kind == MeterKind::kPower || kind == MeterKind::kEnergy;
      break;
    case Role::kReuse:
      ok = kind == MeterKind::kHeat;
      break;
    case Role::kWater:
      ok = kind == MeterKind::kWater;
      break;
    case Role::kOutdoorTemperature:
      ok = kind == MeterKind::kTemperature;
      break;
    case Role::kInfo:
      ok = true;
      break;
  }
  if (!ok) {
    ctx.fail(pointer, fmt::format("role '{}' does not fit kind '{}'", model::role_name(role),
                                  model::kind_name(kind)));
  }
}

auto read_meter(const Context& ctx, const std::string& id, const json& body,
                const std::string& pointer) -> model::MeterSpec {
  if (!body.is_object()) {
    ctx.fail(pointer, fmt::format("expected an object, got {}", type_name(body)));
  }
  reject_unknown_keys(ctx, body, pointer,
                      {"kind", "unit", "role", "category", "reading", "rollover", "max_power_kw",
                       "max_flow_m3_per_h", "interval_s", "fuel", "kwh_per_unit", "co2_kg_per_kwh",
                       "expr", "description", "comment"});
  model::MeterSpec spec;
  spec.pattern = id;
  spec.pointer = pointer;
  if (id.empty()) {
    ctx.fail(pointer, "empty meter id");
  }
  if (!body.contains("kind")) {
    ctx.fail(pointer,
             "missing field 'kind' (expected one of: power, energy, heat, temperature, "
             "water, fuel)");
  }
  spec.kind =
      pick<MeterKind>(ctx, pointer + "/kind", get_string(ctx, body["kind"], pointer + "/kind"),
                      {{"power", MeterKind::kPower},
                       {"energy", MeterKind::kEnergy},
                       {"heat", MeterKind::kHeat},
                       {"temperature", MeterKind::kTemperature},
                       {"water", MeterKind::kWater},
                       {"fuel", MeterKind::kFuel}});
  const std::string unit_text = body.contains("unit")
                                    ? get_string(ctx, body["unit"], pointer + "/unit")
                                    : std::string{default_unit(spec.kind)};
  const auto unit = parse_unit(unit_text);
  if (!unit) {
    ctx.fail(pointer + "/unit",
             fmt::format("unknown unit '{}' (expected W, kW, MW, Wh, kWh, MWh, degC, K, degF, "
                         "m3, L or kg)",
                         unit_text));
  }
  check_unit_fits_kind(ctx, pointer + "/unit", spec.kind, *unit);
  spec.unit = *unit;

  if (!body.contains("role")) {
    ctx.fail(pointer, "missing field 'role'");
  }
  spec.role = pick<Role>(ctx, pointer + "/role", get_string(ctx, body["role"], pointer + "/role"),
                         {{"facility_input", Role::kFacilityInput},
                          {"onsite_renewable", Role::kOnsiteRenewable},
                          {"excluded_load", Role::kExcludedLoad},
                          {"it", Role::kIt},
                          {"cooling", Role::kCooling},
                          {"power_distribution", Role::kPowerDistribution},
                          {"other", Role::kOther},
                          {"heat_upgrade", Role::kHeatUpgrade},
                          {"reuse", Role::kReuse},
                          {"renewable", Role::kRenewable},
                          {"water", Role::kWater},
                          {"outdoor_temperature", Role::kOutdoorTemperature},
                          {"info", Role::kInfo}});
  check_role_fits_kind(ctx, pointer + "/role", spec.kind, spec.role);

  if (spec.role == Role::kIt) {
    if (!body.contains("category")) {
      ctx.fail(pointer,
               "missing field 'category' for an IT meter (expected 1 = UPS output, "
               "2 = PDU output, 3 = IT equipment input)");
    }
    const auto& category = body["category"];
    if (!category.is_number_integer() || category.get<std::int64_t>() < 1 ||
        category.get<std::int64_t>() > 3) {
      ctx.fail(pointer + "/category",
               fmt::format("invalid category {} (expected 1 = UPS output, 2 = PDU output, "
                           "3 = IT equipment input)",
                           category.dump()));
    }
    spec.category = category.get<int>();
  } else if (body.contains("category")) {
    ctx.fail(pointer + "/category", "a category is only meaningful for role 'it'");
  }

  const bool rate_unit =
      spec.unit.quantity == Quantity::kPower || spec.unit.quantity == Quantity::kTemperature;
  spec.reading = rate_unit ? ReadingKind::kRate : ReadingKind::kCumulative;
  if (body.contains("reading")) {
    spec.reading = pick<ReadingKind>(ctx, pointer + "/reading",
                                     get_string(ctx, body["reading"], pointer + "/reading"),
                                     {{"rate", ReadingKind::kRate},
                                      {"cumulative", ReadingKind::kCumulative},
                                      {"interval", ReadingKind::kInterval}});
    if ((spec.reading == ReadingKind::kRate) != rate_unit) {
      ctx.fail(pointer + "/reading",
               fmt::format("reading '{}' does not fit unit '{}' (rates are in W or degC units, "
                           "cumulative and interval readings in Wh, m3, L or kg units)",
                           body["reading"].get<std::string>(), spec.unit.symbol));
    }
  }
  if (body.contains("rollover")) {
    if (spec.reading != ReadingKind::kCumulative) {
      ctx.fail(pointer + "/rollover", "a rollover is only meaningful for a cumulative reading");
    }
    spec.rollover = get_number(ctx, body["rollover"], pointer + "/rollover", 1e-9, 1e18,
                               "a register maximum > 0");
  }
  if (body.contains("interval_s")) {
    spec.interval = std::chrono::seconds{
        static_cast<long>(get_number(ctx, body["interval_s"], pointer + "/interval_s", 1,
                                     31 * 86400.0, "1 to 2678400 seconds"))};
  }
  if (spec.reading == ReadingKind::kInterval && spec.interval.count() == 0) {
    ctx.fail(pointer,
             "missing field 'interval_s' for an interval reading (expected the length "
             "of one interval in seconds)");
  }

  if (spec.kind == MeterKind::kFuel) {
    if (!body.contains("fuel")) {
      ctx.fail(pointer,
               "missing field 'fuel' (expected one of: diesel, natural_gas, hydrogen, bioethanol)");
    }
    spec.fuel =
        pick<model::Fuel>(ctx, pointer + "/fuel", get_string(ctx, body["fuel"], pointer + "/fuel"),
                          {{"diesel", model::Fuel::kDiesel},
                           {"natural_gas", model::Fuel::kNaturalGas},
                           {"hydrogen", model::Fuel::kHydrogen},
                           {"bioethanol", model::Fuel::kBioethanol}});
    const bool by_mass = spec.fuel == model::Fuel::kHydrogen;
    if (by_mass != (spec.unit.quantity == Quantity::kMass)) {
      ctx.fail(pointer + "/unit",
               fmt::format("unit '{}' does not fit fuel '{}' (expected {})", spec.unit.symbol,
                           model::fuel_name(spec.fuel), by_mass ? "kg" : "L or m3"));
    }
    switch (spec.fuel) {
      case model::Fuel::kDiesel:
        spec.fuel_kwh_per_unit = kDieselKwhPerM3;
        break;
      case model::Fuel::kNaturalGas:
        spec.fuel_kwh_per_unit = kGasKwhPerM3;
        break;
      case model::Fuel::kHydrogen:
        spec.fuel_kwh_per_unit = kHydrogenKwhPerKg;
        break;
      case model::Fuel::kBioethanol:
        spec.fuel_kwh_per_unit = kBioethanolKwhPerM3;
        break;
      case model::Fuel::kNone:
        break;
    }
    if (body.contains("kwh_per_unit")) {
      // Given per unit as written in the file; stored per canonical unit.
      spec.fuel_kwh_per_unit = get_number(ctx, body["kwh_per_unit"], pointer + "/kwh_per_unit",
                                          1e-9, 1e9, "a calorific factor > 0") /
                               spec.unit.scale;
    }
    if (body.contains("co2_kg_per_kwh")) {
      spec.co2_kg_per_kwh = get_number(ctx, body["co2_kg_per_kwh"], pointer + "/co2_kg_per_kwh", 0,
                                       10, "0 to 10 kg CO2e per kWh of fuel energy");
    }
  } else if (body.contains("fuel") || body.contains("kwh_per_unit") ||
             body.contains("co2_kg_per_kwh")) {
    ctx.fail(pointer,
             "'fuel', 'kwh_per_unit' and 'co2_kg_per_kwh' are only meaningful for kind 'fuel'");
  }

  if (body.contains("max_power_kw")) {
    const double kw = get_number(ctx, body["max_power_kw"], pointer + "/max_power_kw", 1e-9, 1e9,
                                 "a power > 0 kW");
    switch (spec.kind) {
      case MeterKind::kFuel:
        spec.max_rate = kw / spec.fuel_kwh_per_unit;  // canonical units per hour
        break;
      case MeterKind::kTemperature:
      case MeterKind::kWater:
        ctx.fail(pointer + "/max_power_kw",
                 fmt::format("not meaningful for kind '{}'", model::kind_name(spec.kind)));
      default:
        spec.max_rate = kw;
    }
  }
  if (body.contains("max_flow_m3_per_h")) {
    if (spec.kind != MeterKind::kWater) {
      ctx.fail(pointer + "/max_flow_m3_per_h", "only meaningful for kind 'water'");
    }
    spec.max_rate = get_number(ctx, body["max_flow_m3_per_h"], pointer + "/max_flow_m3_per_h", 1e-9,
                               1e9, "a flow > 0 m3/h");
  }

  if (body.contains("expr")) {
    if (spec.is_glob()) {
      ctx.fail(pointer, "a virtual meter needs an exact id, not a glob");
    }
    spec.expr = get_string(ctx, body["expr"], pointer + "/expr");
    spec.terms =
        parse_linear_expression(spec.expr, fmt::format("{}: {}/expr", ctx.name(), pointer));
  }
  return spec;
}

// Recursive-descent parser producing a linear combination of meters.
class ExpressionParser {
 public:
  ExpressionParser(std::string_view text, std::string_view where) : text_{text}, where_{where} {}

  auto parse() -> std::vector<model::Term> {
    auto terms = expression();
    skip_space();
    if (pos_ != text_.size()) {
      fail(fmt::format("unexpected '{}'", text_[pos_]));
    }
    // Merge repeated meters and drop zero coefficients so `a - a` does not linger.
    std::vector<model::Term> merged;
    for (const auto& term : terms.meters) {
      bool found = false;
      for (auto& m : merged) {
        if (m.meter == term.meter) {
          m.coefficient += term.coefficient;
          found = true;
        }
      }
      if (!found) {
        merged.push_back(term);
      }
    }
    std::erase_if(merged, [](const model::Term& t) { return t.coefficient == 0.0; });
    if (terms.constant != 0.0) {
      fail("a constant term is not an energy (expected a combination of meters)", 0);
    }
    if (merged.empty()) {
      fail("the expression names no meter", 0);
    }
    return merged;
  }

 private:
  struct Linear {
    double constant = 0.0;
    std::vector<model::Term> meters;
    [[nodiscard]] auto is_constant() const -> bool { return meters.empty(); }
  };

  [[noreturn]] void fail(std::string_view what, std::optional<std::size_t> at = {}) const {
    throw ConfigError(
        fmt::format("{}: {} at character {} of '{}'", where_, what, at.value_or(pos_) + 1, text_));
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  static auto scale(Linear value, double k) -> Linear {
    value.constant *= k;
    for (auto& t : value.meters) {
      t.coefficient *= k;
    }
    return value;
  }

  auto expression() -> Linear {
    auto left = product();
    for (;;) {
      skip_space();
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        const double sign = text_[pos_] == '+' ? 1.0 : -1.0;
        ++pos_;
        auto right = scale(product(), sign);
        left.constant += right.constant;
        left.meters.insert(left.meters.end(), right.meters.begin(), right.meters.end());
      } else {
        return left;
      }
    }
  }

  auto product() -> Linear {
    auto left = factor();
    for (;;) {
      skip_space();
      if (pos_ < text_.size() && (text_[pos_] == '*' || text_[pos_] == '/')) {
        const char op = text_[pos_];
        const std::size_t at = pos_;
        ++pos_;
        auto right = factor();
        if (op == '/') {
          if (!right.is_constant()) {
            fail("division by a meter is not linear", at);
          }
          if (right.constant == 0.0) {
            fail("division by zero", at);
          }
          left = scale(std::move(left), 1.0 / right.constant);
        } else if (left.is_constant()) {
          left = scale(std::move(right), left.constant);
        } else if (right.is_constant()) {
          left = scale(std::move(left), right.constant);
        } else {
          fail("a product of two meters is not linear", at);
        }
      } else {
        return left;
      }
    }
  }

  auto factor() -> Linear {
    skip_space();
    if (pos_ >= text_.size()) {
      fail("unexpected end (expected a meter id, a number or '(')");
    }
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      auto inner = expression();
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ')') {
        fail("expected ')'");
      }
      ++pos_;
      return inner;
    }
    if (c == '-' || c == '+') {
      ++pos_;
      return scale(factor(), c == '-' ? -1.0 : 1.0);
    }
    if (c == '\'') {
      const auto end = text_.find('\'', pos_ + 1);
      if (end == std::string_view::npos) {
        fail("unterminated quoted meter id");
      }
      Linear value;
      value.meters.push_back({1.0, std::string{text_.substr(pos_ + 1, end - pos_ - 1)}});
      pos_ = end + 1;
      return value;
    }
    if ((c >= '0' && c <= '9') || c == '.') {
      std::size_t end = pos_;
      while (end < text_.size() && ((text_[end] >= '0' && text_[end] <= '9') || text_[end] == '.' ||
                                    text_[end] == 'e' || text_[end] == 'E' ||
                                    ((text_[end] == '-' || text_[end] == '+') && end > pos_ &&
                                     (text_[end - 1] == 'e' || text_[end - 1] == 'E')))) {
        ++end;
      }
      const std::string number{text_.substr(pos_, end - pos_)};
      char* parsed_end = nullptr;
      const double value = std::strtod(number.c_str(), &parsed_end);
      if (parsed_end != number.c_str() + number.size() || !std::isfinite(value)) {
        fail(fmt::format("invalid number '{}'", number));
      }
      pos_ = end;
      return Linear{value, {}};
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t end = pos_;
      while (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) ||
                                    text_[end] == '_' || text_[end] == '.' || text_[end] == ':')) {
        ++end;
      }
      Linear value;
      value.meters.push_back({1.0, std::string{text_.substr(pos_, end - pos_)}});
      pos_ = end;
      return value;
    }
    fail(fmt::format("unexpected '{}' (expected a meter id, a number or '(')", c));
  }

  std::string_view text_;
  std::string_view where_;
  std::size_t pos_ = 0;
};

}  // namespace

auto parse_linear_expression(std::string_view text, std::string_view where)
    -> std::vector<model::Term> {
  return ExpressionParser{text, where}.parse();
}

auto read_site(std::istream& in, std::string_view name) -> model::Site {
  const Context ctx{name};
  auto doc = detail::parse_config_json(in, name, "each meter and setting must be declared once");
  if (!doc.is_object()) {
    ctx.fail("", fmt::format("expected an object, got {}", type_name(doc)));
  }
  reject_unknown_keys(
      ctx, doc, "",
      {"dceff_site", "site", "timezone", "description", "comment", "max_gap_s", "gap_fill",
       "missing_markers", "headline_category", "grid_carbon_kg_per_kwh", "meters"});
  model::Site site;
  if (doc.contains("dceff_site")) {
    const auto& version = doc["dceff_site"];
    if (!version.is_number_integer() || version.get<int>() != 1) {
      ctx.fail("/dceff_site",
               fmt::format("unsupported site file version {} (expected 1)", version.dump()));
    }
  }
  if (!doc.contains("site")) {
    ctx.fail("", "missing field 'site' (expected the site's name)");
  }
  site.name = get_string(ctx, doc["site"], "/site");
  if (!doc.contains("timezone")) {
    ctx.fail("", "missing field 'timezone' (expected an IANA name such as Europe/Berlin)");
  }
  const auto zone = get_string(ctx, doc["timezone"], "/timezone");
  try {
    site.zone = TimeZone::load(zone);
  } catch (const ConfigError& e) {
    ctx.fail("/timezone", e.what());
  }
  if (doc.contains("max_gap_s")) {
    site.max_gap = std::chrono::seconds{static_cast<long>(
        get_number(ctx, doc["max_gap_s"], "/max_gap_s", 1, 7 * 86400.0, "1 to 604800 seconds"))};
  }
  if (doc.contains("gap_fill")) {
    const auto& fill = doc["gap_fill"];
    if (!fill.is_object()) {
      ctx.fail("/gap_fill", fmt::format("expected an object, got {}", type_name(fill)));
    }
    reject_unknown_keys(ctx, fill, "/gap_fill", {"policy", "max_s"});
    if (fill.contains("policy")) {
      site.gap_fill = pick<model::GapFill>(ctx, "/gap_fill/policy",
                                           get_string(ctx, fill["policy"], "/gap_fill/policy"),
                                           {{"none", model::GapFill::kNone},
                                            {"linear", model::GapFill::kLinear},
                                            {"hold", model::GapFill::kHold}});
    }
    if (fill.contains("max_s")) {
      site.max_fill = std::chrono::seconds{static_cast<long>(get_number(
          ctx, fill["max_s"], "/gap_fill/max_s", 1, 31 * 86400.0, "1 to 2678400 seconds"))};
    }
  }
  if (doc.contains("missing_markers")) {
    const auto& markers = doc["missing_markers"];
    if (!markers.is_array()) {
      ctx.fail("/missing_markers",
               fmt::format("expected an array of strings, got {}", type_name(markers)));
    }
    for (std::size_t i = 0; i < markers.size(); ++i) {
      auto marker = get_string(ctx, markers[i], fmt::format("/missing_markers/{}", i));
      if (marker.empty()) {
        ctx.fail(fmt::format("/missing_markers/{}", i),
                 "an empty cell is always missing; list only other markers");
      }
      site.missing_markers.push_back(std::move(marker));
    }
  }
  if (doc.contains("headline_category")) {
    const auto& category = doc["headline_category"];
    if (!category.is_number_integer() || category.get<std::int64_t>() < 1 ||
        category.get<std::int64_t>() > 3) {
      ctx.fail("/headline_category",
               fmt::format("invalid category {} (expected 1, 2 or 3)", category.dump()));
    }
    site.headline_category = category.get<int>();
  }
  if (doc.contains("grid_carbon_kg_per_kwh")) {
    site.grid_carbon_kg_per_kwh = get_number(ctx, doc["grid_carbon_kg_per_kwh"],
                                             "/grid_carbon_kg_per_kwh", 0, 10, "0 to 10 kg/kWh");
  }
  if (!doc.contains("meters") || !doc["meters"].is_object() || doc["meters"].empty()) {
    ctx.fail("/meters", "expected an object mapping meter ids to declarations");
  }
  for (const auto& [id, body] : doc["meters"].items()) {
    site.meters.push_back(read_meter(ctx, id, body, "/meters/" + escape_pointer_token(id)));
  }
  // Virtual meters may only combine declared, physical meters of the same quantity.
  for (const auto& spec : site.meters) {
    for (const auto& term : spec.terms) {
      const auto* target = site.find(term.meter);
      if (target == nullptr) {
        ctx.fail(
            spec.pointer + "/expr",
            fmt::format("unknown meter '{}' (every term must be a declared meter)", term.meter));
      }
      if (target->is_virtual()) {
        ctx.fail(
            spec.pointer + "/expr",
            fmt::format("meter '{}' is itself virtual (expected physical meters)", term.meter));
      }
      const auto is_energy_like = [](const model::MeterSpec& m) {
        return m.kind == MeterKind::kPower || m.kind == MeterKind::kEnergy;
      };
      if (is_energy_like(spec) != is_energy_like(*target) ||
          (!is_energy_like(spec) && spec.kind != target->kind)) {
        ctx.fail(
            spec.pointer + "/expr",
            fmt::format("meter '{}' is of kind '{}', which cannot be combined into kind '{}'",
                        term.meter, model::kind_name(target->kind), model::kind_name(spec.kind)));
      }
    }
  }
  return site;
}

auto load_site(const std::string& path) -> model::Site {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw ConfigError(fmt::format("{}: cannot open site file", path));
  }
  return read_site(in, path);
}

}  // namespace dceff::io
