#include "dceff/io/site_config.hpp"

#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"
#include "dceff/model/site.hpp"
#include "dceff/units.hpp"

#include "support/error_message.hpp"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::Message;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinRel;
using dceff::ConfigError;
using dceff::Quantity;
using dceff::io::parse_linear_expression;
using dceff::model::Fuel;
using dceff::model::MeterKind;
using dceff::model::MeterSpec;
using dceff::model::ReadingKind;
using dceff::model::Role;
using dceff::model::Site;

auto parse(const std::string& text) -> Site {
  std::istringstream in{text};
  return dceff::io::read_site(in, "site.json");
}

// A minimal valid site around the given `"id": {...}` declarations.
auto with_meters(std::string_view meters) -> std::string {
  return R"({"site": "T", "timezone": "Europe/Berlin", "meters": {)" + std::string{meters} + "}}";
}

// The message of the ConfigError that parsing `text` throws, or "" when it throws none.
auto config_error(const std::string& text) -> std::string {
  return dceff::test::error_message<ConfigError>([&] { (void)parse(text); });
}

constexpr std::string_view kExampleSite = R"json({
  "site": "Example DC", "timezone": "Europe/Berlin",
  "meters": {
    "grid.main":   {"kind": "power", "unit": "kW", "role": "facility_input"},
    "office":      {"kind": "power", "unit": "kW", "role": "excluded_load"},
    "ups.out.*":   {"kind": "power", "unit": "kW", "role": "it", "category": 1},
    "pdu.*":       {"kind": "power", "unit": "kW", "role": "it", "category": 2},
    "chiller.*":   {"kind": "power", "unit": "kW", "role": "cooling"},
    "crah.fans":   {"kind": "power", "unit": "kW", "role": "cooling"},
    "lighting":    {"kind": "power", "unit": "kW", "role": "other"},
    "heat.export": {"kind": "heat",  "unit": "kW", "role": "reuse"},
    "oat":         {"kind": "temperature", "unit": "degC", "role": "outdoor_temperature"},
    "genset.kwh":  {"kind": "energy", "unit": "kWh", "role": "facility_input", "rollover": 1000000}
  }
}
)json";

constexpr std::string_view kCategoryExpected =
    "(expected 1 = UPS output, 2 = PDU output, 3 = IT equipment input)";

auto declared(const Site& site, std::string_view pattern) -> const MeterSpec& {
  for (const auto& meter : site.meters) {
    if (meter.pattern == pattern) {
      return meter;
    }
  }
  FAIL("no declaration '" << pattern << "'");
  return site.meters.front();
}

}  // namespace

TEST_CASE("the example site file of the issue parses as written", "[io][site]") {
  const auto site = parse(std::string{kExampleSite});
  CHECK(site.name == "Example DC");
  CHECK(site.zone.name() == "Europe/Berlin");
  CHECK(site.version == 1);
  CHECK(site.max_gap.count() == 900);
  CHECK(site.gap_fill == dceff::model::GapFill::kNone);
  CHECK(site.missing_markers.empty());
  CHECK_FALSE(site.headline_category.has_value());
  REQUIRE(site.meters.size() == 10);

  struct Expected {
    std::string_view pattern;
    MeterKind kind;
    Role role;
    int category;
    std::string_view unit;
    ReadingKind reading;
  };
  const std::vector<Expected> expected{
      {"grid.main", MeterKind::kPower, Role::kFacilityInput, 0, "kW", ReadingKind::kRate},
      {"office", MeterKind::kPower, Role::kExcludedLoad, 0, "kW", ReadingKind::kRate},
      {"ups.out.*", MeterKind::kPower, Role::kIt, 1, "kW", ReadingKind::kRate},
      {"pdu.*", MeterKind::kPower, Role::kIt, 2, "kW", ReadingKind::kRate},
      {"chiller.*", MeterKind::kPower, Role::kCooling, 0, "kW", ReadingKind::kRate},
      {"crah.fans", MeterKind::kPower, Role::kCooling, 0, "kW", ReadingKind::kRate},
      {"lighting", MeterKind::kPower, Role::kOther, 0, "kW", ReadingKind::kRate},
      {"heat.export", MeterKind::kHeat, Role::kReuse, 0, "kW", ReadingKind::kRate},
      {"oat", MeterKind::kTemperature, Role::kOutdoorTemperature, 0, "degC", ReadingKind::kRate},
      {"genset.kwh", MeterKind::kEnergy, Role::kFacilityInput, 0, "kWh", ReadingKind::kCumulative},
  };
  for (const auto& want : expected) {
    CAPTURE(want.pattern);
    const auto& got = declared(site, want.pattern);
    CHECK(got.kind == want.kind);
    CHECK(got.role == want.role);
    CHECK(got.category == want.category);
    CHECK(got.unit.symbol == want.unit);
    CHECK(got.reading == want.reading);
    CHECK(got.pointer == "/meters/" + std::string{want.pattern});
    CHECK_FALSE(got.is_virtual());
    CHECK(got.fuel == Fuel::kNone);
  }

  const auto& genset = declared(site, "genset.kwh");
  REQUIRE(genset.rollover.has_value());
  CHECK_THAT(*genset.rollover, WithinRel(1e6, 1e-12));
  CHECK(genset.unit.quantity == Quantity::kEnergy);
  CHECK_FALSE(declared(site, "grid.main").rollover.has_value());
  CHECK(declared(site, "oat").unit.quantity == Quantity::kTemperature);
  CHECK(declared(site, "ups.out.*").is_glob());
  CHECK_FALSE(declared(site, "crah.fans").is_glob());
}

TEST_CASE("meter declarations keep the order of the site file", "[io][site]") {
  const auto site = parse(std::string{kExampleSite});
  const std::vector<std::string> in_file_order{"grid.main", "office",    "ups.out.*", "pdu.*",
                                               "chiller.*", "crah.fans", "lighting",  "heat.export",
                                               "oat",       "genset.kwh"};
  std::vector<std::string> got;
  for (const auto& meter : site.meters) {
    got.push_back(meter.pattern);
  }
  CHECK(got == in_file_order);
}

TEST_CASE("find resolves an id to the exact declaration first, then a glob", "[io][site]") {
  const auto site = parse(std::string{kExampleSite});
  SECTION("ids of the example") {
    REQUIRE(site.find("grid.main") != nullptr);
    CHECK(site.find("grid.main")->pattern == "grid.main");
    REQUIRE(site.find("ups.out.a") != nullptr);
    CHECK(site.find("ups.out.a")->pattern == "ups.out.*");
    REQUIRE(site.find("pdu.17") != nullptr);
    CHECK(site.find("pdu.17")->pattern == "pdu.*");
    REQUIRE(site.find("chiller.2") != nullptr);
    CHECK(site.find("chiller.2")->role == Role::kCooling);
  }
  SECTION("no match") {
    CHECK(site.find("grid.backup") == nullptr);
    CHECK(site.find("ups.out") == nullptr);
    CHECK(site.find("") == nullptr);
    CHECK(site.find("GRID.MAIN") == nullptr);
  }
}

TEST_CASE("an exact declaration beats a glob declared before it", "[io][site]") {
  const auto site = parse(with_meters(R"(
      "pdu.*":    {"kind": "power", "unit": "kW", "role": "it", "category": 2},
      "pdu.mgmt": {"kind": "power", "unit": "kW", "role": "other"})"));
  REQUIRE(site.find("pdu.mgmt") != nullptr);
  CHECK(site.find("pdu.mgmt")->pattern == "pdu.mgmt");
  CHECK(site.find("pdu.mgmt")->role == Role::kOther);
  REQUIRE(site.find("pdu.a1") != nullptr);
  CHECK(site.find("pdu.a1")->pattern == "pdu.*");
}

TEST_CASE("the first matching glob in the site file wins", "[io][site]") {
  SECTION("declarations built in memory") {
    Site site;
    MeterSpec narrow;
    narrow.pattern = "pdu.a*";
    narrow.role = Role::kIt;
    MeterSpec wide;
    wide.pattern = "pdu.*";
    wide.role = Role::kOther;
    site.meters = {narrow, wide};
    REQUIRE(site.find("pdu.a1") != nullptr);
    CHECK(site.find("pdu.a1")->pattern == "pdu.a*");
    REQUIRE(site.find("pdu.b1") != nullptr);
    CHECK(site.find("pdu.b1")->pattern == "pdu.*");
    site.meters = {wide, narrow};
    CHECK(site.find("pdu.a1")->pattern == "pdu.*");
  }
  // Both orders, so that sorting the ids cannot pass by luck: 'pdu.*' sorts before 'pdu.a*'
  // ('*' < 'a') and 'p*' before 'pdu.*' ('*' < 'd').
  SECTION("a site file with the narrow glob first") {
    const auto site = parse(with_meters(R"(
        "pdu.a*": {"kind": "power", "unit": "kW", "role": "it", "category": 2},
        "pdu.*":  {"kind": "power", "unit": "kW", "role": "other"})"));
    REQUIRE(site.find("pdu.a1") != nullptr);
    CHECK(site.find("pdu.a1")->pattern == "pdu.a*");
  }
  SECTION("a site file with the narrow glob last") {
    const auto site = parse(with_meters(R"(
        "pdu.*": {"kind": "power", "unit": "kW", "role": "it", "category": 2},
        "p*":    {"kind": "power", "unit": "kW", "role": "other"})"));
    REQUIRE(site.find("pdu.a1") != nullptr);
    CHECK(site.find("pdu.a1")->pattern == "pdu.*");
  }
}

TEST_CASE("glob patterns match '*' as any run and '?' as one character", "[site][glob]") {
  using dceff::model::glob_match;
  CHECK(glob_match("*", ""));
  CHECK(glob_match("*", "anything"));
  CHECK(glob_match("**", "x"));
  CHECK(glob_match("", ""));
  CHECK_FALSE(glob_match("", "a"));
  CHECK(glob_match("abc", "abc"));
  CHECK_FALSE(glob_match("abc", "abd"));
  CHECK_FALSE(glob_match("abc", "ab"));
  CHECK_FALSE(glob_match("ab", "abc"));
  CHECK_FALSE(glob_match("ABC", "abc"));  // case-sensitive
  CHECK(glob_match("a?c", "abc"));
  CHECK_FALSE(glob_match("a?c", "ac"));
  CHECK_FALSE(glob_match("?", ""));
  CHECK(glob_match("a*c", "ac"));
  CHECK(glob_match("a*c", "abbbc"));
  CHECK_FALSE(glob_match("a*c", "abcd"));
  CHECK(glob_match("a*b*c", "aXbYbZc"));
  CHECK_FALSE(glob_match("a*b*c", "aXcYb"));
  CHECK(glob_match("*.fans", "crah.fans"));
  CHECK_FALSE(glob_match("*.fans", "crah.fan"));
  CHECK(glob_match("ups.out.*", "ups.out.a"));
  CHECK(glob_match("ups.out.*", "ups.out."));
  CHECK_FALSE(glob_match("ups.out.*", "ups.out"));
  CHECK_FALSE(glob_match("ups.out.*", "ups_out_a"));  // '.' is literal
  CHECK(glob_match("pdu.??", "pdu.a1"));
  CHECK_FALSE(glob_match("pdu.??", "pdu.a12"));
  CHECK(glob_match("*a", "aaaa"));
  CHECK_FALSE(glob_match("*a", "aaab"));
}

TEST_CASE("an unknown role is an error naming the valid roles", "[io][site][errors]") {
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("ups.out.*": {"kind": "power", "unit": "kW", "role": "it_ups_out"})")),
      ConfigError,
      Message("site.json: /meters/ups.out.*/role: unknown value 'it_ups_out' (expected one of: "
              "facility_input, onsite_renewable, excluded_load, it, cooling, power_distribution, "
              "other, heat_upgrade, reuse, renewable, water, outdoor_temperature, info)"));
}

TEST_CASE("a unit that does not fit the meter's kind is an error", "[io][site][errors]") {
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("chiller.1": {"kind": "power", "unit": "kWh", "role": "cooling"})")),
      ConfigError,
      Message("site.json: /meters/chiller.1/unit: unit 'kWh' does not fit kind 'power' (expected "
              "W, kW or MW)"));
  CHECK_THROWS_MATCHES(
      parse(with_meters(
          R"("oat": {"kind": "temperature", "unit": "kW", "role": "outdoor_temperature"})")),
      ConfigError,
      Message("site.json: /meters/oat/unit: unit 'kW' does not fit kind 'temperature' (expected "
              "degC, K or degF)"));
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("grid": {"kind": "energy", "unit": "MW", "role": "facility_input"})")),
      ConfigError,
      Message("site.json: /meters/grid/unit: unit 'MW' does not fit kind 'energy' (expected Wh, "
              "kWh or MWh)"));
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("grid": {"kind": "power", "unit": "kVA", "role": "facility_input"})")),
      ConfigError,
      Message("site.json: /meters/grid/unit: unknown unit 'kVA' (expected W, kW, MW, Wh, kWh, "
              "MWh, degC, K, degF, m3, L or kg)"));
}

TEST_CASE("a unit defaults to the canonical unit of the meter's kind", "[io][site]") {
  const auto site = parse(with_meters(R"(
      "p": {"kind": "power", "role": "cooling"},
      "e": {"kind": "energy", "role": "facility_input"},
      "w": {"kind": "water", "role": "water"})"));
  CHECK(declared(site, "p").unit.symbol == "kW");
  CHECK(declared(site, "e").unit.symbol == "kWh");
  CHECK(declared(site, "e").reading == ReadingKind::kCumulative);
  CHECK(declared(site, "w").unit.symbol == "m3");
  CHECK(declared(site, "w").reading == ReadingKind::kCumulative);
}

TEST_CASE("an it meter needs a category from 1 to 3", "[io][site][errors]") {
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("ups.out.*": {"kind": "power", "unit": "kW", "role": "it"})")),
      ConfigError,
      Message("site.json: /meters/ups.out.*: missing field 'category' for an IT meter " +
              std::string{kCategoryExpected}));
  // An IT meter with `"category": value`, the value as written in the file.
  const auto with_category = [](const std::string& value) {
    return with_meters(
        R"("ups.out.*": {"kind": "power", "unit": "kW", "role": "it", "category": )" + value + "}");
  };
  // 4294967297 = 2^32 + 1: must not wrap around to category 1.
  for (const auto& [value, message] : std::vector<std::pair<std::string, std::string>>{
           {"4", "site.json: /meters/ups.out.*/category: invalid category 4 "},
           {"0", "site.json: /meters/ups.out.*/category: invalid category 0 "},
           {R"("1")", "site.json: /meters/ups.out.*/category: invalid category \"1\" "},
           {"1.5", "site.json: /meters/ups.out.*/category: invalid category 1.5 "},
           {"4294967297", "site.json: /meters/ups.out.*/category: invalid category 4294967297 "}}) {
    CAPTURE(value);
    CHECK_THROWS_MATCHES(parse(with_category(value)), ConfigError,
                         Message(message + std::string{kCategoryExpected}));
  }
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("office": {"kind": "power", "role": "excluded_load", "category": 1})")),
      ConfigError,
      Message("site.json: /meters/office/category: a category is only meaningful for role 'it'"));
}

TEST_CASE("unknown, missing and invalid top-level fields are errors", "[io][site][errors]") {
  const std::string meters = R"("meters": {"grid": {"kind": "power", "role": "facility_input"}})";
  CHECK_THROWS_MATCHES(
      parse(R"({"site": "T", "timezone": "Europe/Berlin", "meterz": {}, )" + meters + "}"),
      ConfigError,
      Message("site.json: /meterz: unknown field 'meterz' (expected one of: dceff_site, site, "
              "timezone, description, comment, max_gap_s, gap_fill, missing_markers, "
              "headline_category, grid_carbon_kg_per_kwh, meters)"));
  CHECK_THROWS_MATCHES(
      parse(R"({"site": "T", )" + meters + "}"), ConfigError,
      Message("site.json: /: missing field 'timezone' (expected an IANA name such as "
              "Europe/Berlin)"));
  CHECK_THROWS_MATCHES(
      parse(R"({"site": "T", "timezone": "Europe/Atlantis", )" + meters + "}"), ConfigError,
      Message("site.json: /timezone: unknown time zone 'Europe/Atlantis' (expected an IANA name "
              "such as Europe/Berlin)"));
  CHECK_THROWS_MATCHES(parse(R"({"timezone": "Europe/Berlin", )" + meters + "}"), ConfigError,
                       Message("site.json: /: missing field 'site' (expected the site's name)"));
  CHECK_THROWS_MATCHES(
      parse(R"({"site": "T", "timezone": "Europe/Berlin", "meters": {}})"), ConfigError,
      Message("site.json: /meters: expected an object mapping meter ids to declarations"));
  CHECK_THROWS_MATCHES(
      parse(R"({"dceff_site": 2, "site": "T", "timezone": "Europe/Berlin", )" + meters + "}"),
      ConfigError, Message("site.json: /dceff_site: unsupported site file version 2 (expected 1)"));
  CHECK_THROWS_MATCHES(
      parse(R"({"site": "T", "timezone": "Europe/Berlin", "headline_category": 4294967298, )" +
            meters + "}"),
      ConfigError,
      Message("site.json: /headline_category: invalid category 4294967298 (expected 1, 2 or 3)"));
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("grid": {"kind": "power", "role": "facility_input", "colour": 1})")),
      ConfigError,
      Message("site.json: /meters/grid/colour: unknown field 'colour' (expected one of: kind, "
              "unit, role, category, reading, rollover, max_power_kw, max_flow_m3_per_h, "
              "interval_s, fuel, kwh_per_unit, co2_kg_per_kwh, expr, description, comment)"));
}

TEST_CASE("invalid json is an error that says where", "[io][site][errors]") {
  // A missing comma after the timezone: the parser stops on line 4.
  const auto message = config_error(
      "{\n"
      "  \"site\": \"T\",\n"
      "  \"timezone\": \"Europe/Berlin\"\n"
      "  \"meters\": {}\n"
      "}\n");
  CHECK_THAT(message, StartsWith("site.json: invalid JSON: parse error at line 4, column "));
  CHECK_THAT(message, Contains("syntax error"));
  CHECK_THAT(config_error(""), StartsWith("site.json: invalid JSON: "));
  CHECK_THAT(config_error("{\"site\": \"T\",}"), StartsWith("site.json: invalid JSON: "));
  CHECK_THROWS_AS(parse("[1, 2"), ConfigError);
  CHECK_THROWS_MATCHES(parse("[1, 2]"), ConfigError,
                       Message("site.json: /: expected an object, got an array"));
}

TEST_CASE("a fuel meter needs a fuel, whose calorific value is applied per canonical unit",
          "[io][site][fuel]") {
  SECTION("missing fuel") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(
            R"("genset.fuel": {"kind": "fuel", "unit": "L", "role": "facility_input"})")),
        ConfigError,
        Message("site.json: /meters/genset.fuel: missing field 'fuel' (expected one of: diesel, "
                "natural_gas, hydrogen, bioethanol)"));
  }
  SECTION("diesel in litres: 9.9 kWh per litre is 9900 kWh per m3") {
    const auto site = parse(with_meters(
        R"("genset.fuel": {"kind": "fuel", "fuel": "diesel", "unit": "L", "role": "facility_input"})"));
    const auto& fuel = declared(site, "genset.fuel");
    CHECK(fuel.fuel == Fuel::kDiesel);
    CHECK(fuel.unit.quantity == Quantity::kVolume);
    CHECK(fuel.reading == ReadingKind::kCumulative);
    CHECK_THAT(fuel.fuel_kwh_per_unit, WithinRel(9900.0, 1e-12));
    // One litre read in the file: 0.001 m3 * 9900 kWh/m3 = 9.9 kWh.
    CHECK_THAT(dceff::to_canonical(1.0, fuel.unit) * fuel.fuel_kwh_per_unit, WithinRel(9.9, 1e-12));
  }
  SECTION("the other fuels") {
    const auto site = parse(with_meters(R"(
        "gas":  {"kind": "fuel", "fuel": "natural_gas", "unit": "m3", "role": "facility_input"},
        "h2":   {"kind": "fuel", "fuel": "hydrogen", "unit": "kg", "role": "facility_input"},
        "eth":  {"kind": "fuel", "fuel": "bioethanol", "unit": "L", "role": "facility_input"},
        "hvo":  {"kind": "fuel", "fuel": "diesel", "unit": "L", "role": "facility_input",
                 "kwh_per_unit": 10, "co2_kg_per_kwh": 0.05})"));
    CHECK_THAT(declared(site, "gas").fuel_kwh_per_unit, WithinRel(10.5, 1e-12));
    CHECK_THAT(declared(site, "h2").fuel_kwh_per_unit, WithinRel(38.9, 1e-12));
    CHECK(declared(site, "h2").unit.quantity == Quantity::kMass);
    CHECK_THAT(declared(site, "eth").fuel_kwh_per_unit, WithinRel(6000.0, 1e-12));  // 6 kWh/L
    // 10 kWh per litre as written = 10000 kWh per m3.
    CHECK_THAT(declared(site, "hvo").fuel_kwh_per_unit, WithinRel(10000.0, 1e-12));
    REQUIRE(declared(site, "hvo").co2_kg_per_kwh.has_value());
    CHECK_THAT(*declared(site, "hvo").co2_kg_per_kwh, WithinRel(0.05, 1e-12));
  }
  SECTION("a unit that does not fit the fuel") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(
            R"("h2": {"kind": "fuel", "fuel": "hydrogen", "unit": "L", "role": "facility_input"})")),
        ConfigError,
        Message("site.json: /meters/h2/unit: unit 'L' does not fit fuel 'hydrogen' (expected "
                "kg)"));
    CHECK_THROWS_MATCHES(
        parse(with_meters(
            R"("d": {"kind": "fuel", "fuel": "diesel", "unit": "kg", "role": "facility_input"})")),
        ConfigError,
        Message("site.json: /meters/d/unit: unit 'kg' does not fit fuel 'diesel' (expected L or "
                "m3)"));
  }
  SECTION("fuel fields on another kind") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(
            R"("grid": {"kind": "power", "role": "facility_input", "fuel": "diesel"})")),
        ConfigError,
        Message("site.json: /meters/grid: 'fuel', 'kwh_per_unit' and 'co2_kg_per_kwh' are only "
                "meaningful for kind 'fuel'"));
  }
}

TEST_CASE("a rollover is only meaningful for a cumulative reading", "[io][site][errors]") {
  CHECK_THROWS_MATCHES(
      parse(with_meters(
          R"("grid.main": {"kind": "power", "unit": "kW", "role": "facility_input", "rollover": 1000})")),
      ConfigError,
      Message("site.json: /meters/grid.main/rollover: a rollover is only meaningful for a "
              "cumulative reading"));
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("grid": {"kind": "energy", "role": "facility_input", "rollover": 0})")),
      ConfigError,
      Message("site.json: /meters/grid/rollover: out of range: 0 (expected a register maximum > "
              "0)"));
}

TEST_CASE("a linear expression is parsed into merged meter terms", "[io][site][expr]") {
  const auto expect_terms = [](std::string_view text, const std::vector<std::string>& meters,
                               const std::vector<double>& coefficients) {
    CAPTURE(text);
    const auto terms = parse_linear_expression(text, "x");
    REQUIRE(terms.size() == meters.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
      CHECK(terms[i].meter == meters[i]);
      CHECK_THAT(terms[i].coefficient, WithinRel(coefficients[i], 1e-12));
    }
  };
  expect_terms("a + b - 0.5 * c", {"a", "b", "c"}, {1.0, 1.0, -0.5});
  expect_terms("2*(a - b)/4", {"a", "b"}, {0.5, -0.5});
  expect_terms("'pdu-1' + 'pdu-2'", {"pdu-1", "pdu-2"}, {1.0, 1.0});
  expect_terms("-a + 2*b", {"a", "b"}, {-1.0, 2.0});
  expect_terms("a + a", {"a"}, {2.0});
  expect_terms("0.5 * a * 2", {"a"}, {1.0});
  expect_terms("1e3 * a - a * 1e-3", {"a"}, {999.999});
  expect_terms("ups.out.a + ups.out.b - 'row 1/pdu'", {"ups.out.a", "ups.out.b", "row 1/pdu"},
               {1.0, 1.0, -1.0});
  expect_terms("grid:main_1", {"grid:main_1"}, {1.0});
}

TEST_CASE("a non-linear or empty expression is an error naming the position",
          "[io][site][expr][errors]") {
  CHECK_THROWS_MATCHES(parse_linear_expression("a*b", "x"), ConfigError,
                       Message("x: a product of two meters is not linear at character 2 of "
                               "'a*b'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("a - a", "x"), ConfigError,
                       Message("x: the expression names no meter at character 1 of 'a - a'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("a / b", "x"), ConfigError,
                       Message("x: division by a meter is not linear at character 3 of 'a / b'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("a / 0", "x"), ConfigError,
                       Message("x: division by zero at character 3 of 'a / 0'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("a + 1", "x"), ConfigError,
                       Message("x: a constant term is not an energy (expected a combination of "
                               "meters) at character 1 of 'a + 1'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("(a + b", "x"), ConfigError,
                       Message("x: expected ')' at character 7 of '(a + b'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("a +", "x"), ConfigError,
                       Message("x: unexpected end (expected a meter id, a number or '(') at "
                               "character 4 of 'a +'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("a $ b", "x"), ConfigError,
                       Message("x: unexpected '$' at character 3 of 'a $ b'"));
  CHECK_THROWS_MATCHES(parse_linear_expression("'pdu-1", "x"), ConfigError,
                       Message("x: unterminated quoted meter id at character 1 of ''pdu-1'"));
}

TEST_CASE("a virtual meter may only combine declared physical meters", "[io][site][expr]") {
  SECTION("a valid virtual meter") {
    const auto site = parse(with_meters(R"(
        "chiller.*":   {"kind": "power", "role": "cooling"},
        "crah.fans":   {"kind": "power", "role": "cooling"},
        "cooling.net": {"kind": "power", "role": "info", "expr": "chiller.1 + chiller.2 - 0.5 * crah.fans"})"));
    const auto& net = declared(site, "cooling.net");
    CHECK(net.is_virtual());
    CHECK(net.expr == "chiller.1 + chiller.2 - 0.5 * crah.fans");
    REQUIRE(net.terms.size() == 3);
    CHECK(net.terms[0].meter == "chiller.1");
    CHECK(net.terms[2].meter == "crah.fans");
    CHECK_THAT(net.terms[2].coefficient, WithinRel(-0.5, 1e-12));
  }
  SECTION("an undeclared meter") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(R"(
            "a": {"kind": "power", "role": "cooling"},
            "v": {"kind": "power", "role": "info", "expr": "a + b"})")),
        ConfigError,
        Message("site.json: /meters/v/expr: unknown meter 'b' (every term must be a declared "
                "meter)"));
  }
  SECTION("a virtual meter") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(R"(
            "a": {"kind": "power", "role": "cooling"},
            "v": {"kind": "power", "role": "info", "expr": "a + w"},
            "w": {"kind": "power", "role": "info", "expr": "2 * a"})")),
        ConfigError,
        Message("site.json: /meters/v/expr: meter 'w' is itself virtual (expected physical "
                "meters)"));
  }
  SECTION("a meter of another kind") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(R"(
            "a":   {"kind": "power", "role": "cooling"},
            "oat": {"kind": "temperature", "role": "outdoor_temperature"},
            "v":   {"kind": "power", "role": "info", "expr": "a - oat"})")),
        ConfigError,
        Message("site.json: /meters/v/expr: meter 'oat' is of kind 'temperature', which cannot "
                "be combined into kind 'power'"));
  }
  SECTION("a glob") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(R"(
            "a":   {"kind": "power", "role": "cooling"},
            "v.*": {"kind": "power", "role": "info", "expr": "a"})")),
        ConfigError,
        Message("site.json: /meters/v.*: a virtual meter needs an exact id, not a glob"));
  }
  SECTION("a malformed expression names the file and the pointer") {
    CHECK_THROWS_MATCHES(
        parse(with_meters(R"(
            "a": {"kind": "power", "role": "cooling"},
            "b": {"kind": "power", "role": "cooling"},
            "v": {"kind": "power", "role": "info", "expr": "a*b"})")),
        ConfigError,
        Message("site.json: /meters/v/expr: a product of two meters is not linear at character "
                "2 of 'a*b'"));
  }
}

TEST_CASE("json pointers in messages escape '/' as ~1 and '~' as ~0", "[io][site][errors]") {
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"(
          "a":      {"kind": "power", "role": "cooling"},
          "hall/v": {"kind": "power", "role": "info", "expr": "a + b"})")),
      ConfigError,
      Message("site.json: /meters/hall~1v/expr: unknown meter 'b' (every term must be a declared "
              "meter)"));
  CHECK_THROWS_MATCHES(
      parse(with_meters(R"("row/1~a": {"kind": "power", "unit": "kWh", "role": "cooling"})")),
      ConfigError,
      Message("site.json: /meters/row~11~0a/unit: unit 'kWh' does not fit kind 'power' (expected "
              "W, kW or MW)"));
  const auto site = parse(with_meters(R"("hall/a": {"kind": "power", "role": "cooling"})"));
  CHECK(declared(site, "hall/a").pointer == "/meters/hall~1a");
}

TEST_CASE("a meter declared twice is an error naming its pointer", "[io][site][errors]") {
  std::istringstream in{R"({"site": "x", "timezone": "UTC", "meters": {
      "a": {"kind": "power", "role": "it", "category": 1},
      "b": {"kind": "power", "role": "other", "comment": {"a": 1, "nested": [{"a": 2}]}},
      "a": {"kind": "power", "role": "cooling"}}})"};
  CHECK_THROWS_MATCHES(dceff::io::read_site(in, "site.json"), dceff::ConfigError,
                       Catch::Matchers::Message("site.json: /meters/a: this key appears twice in "
                                                "its object (each meter and setting must be "
                                                "declared once)"));
}

TEST_CASE("numbers beyond double range in a site file are an input error", "[io][site][errors]") {
  // nlohmann throws out_of_range (not a parse error) for 1e400: it used to escape as exit 3.
  CHECK(config_error(R"({"site": "T", "timezone": "UTC", "max_gap_s": 1e400, "meters": {}})") ==
        "site.json: invalid JSON: number overflow parsing '1e400' (expected a finite number)");
  CHECK(config_error(with_meters(R"("g": {"kind": "power", "unit": "kW", "role": "it",
        "category": 1, "max_power_kw": -1e400})")) ==
        "site.json: invalid JSON: number overflow parsing '-1e400' (expected a finite number)");
}
