#include "dceff/checks/policy.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

#include "support/error_message.hpp"
#include "unit/checks/report_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::StartsWith;
using dceff::ConfigError;
using dceff::checks::Gate;

auto read(const std::string& text) -> std::vector<Gate> {
  std::istringstream in{text};
  return dceff::checks::read_policy(in, "policy.json");
}

// The message of the ConfigError that reading `text` throws, or "" when it throws none.
auto policy_error(const std::string& text) -> std::string {
  return dceff::test::error_message<ConfigError>([&] { (void)read(text); });
}

// A policy around the given gate objects.
auto with_gates(const std::string& gates) -> std::string {
  return R"({"dceff_policy": 1, "gates": [)" + gates + "]}";
}

constexpr const char* kGateKeys =
    "name, description, comment, fail_if, max_pue, max_ere, min_erf, min_ref, max_wue, "
    "min_coverage, max_filled";

}  // namespace

TEST_CASE("a policy file gives its named gates in file order", "[checks][policy]") {
  const auto gates = read(R"({"dceff_policy": 1, "description": "shared", "gates": [
      {"name": "pue-target", "fail_if": "pue > 1.3"},
      {"name": "data", "min_coverage": 0.95, "comment": "before any KPI gate"},
      {"name": "reuse", "description": "EnEfG-style", "min_erf": 0.1}]})");
  REQUIRE(gates.size() == 3);
  CHECK(gates[0].name == "pue-target");
  CHECK(gates[0].fail_if.text() == "pue > 1.3");
  CHECK(gates[0].where == "policy.json: /gates/0/fail_if");
  CHECK(gates[1].name == "data");
  CHECK(gates[1].fail_if.text() == "coverage < 0.95");
  CHECK(gates[1].where == "policy.json: /gates/1/min_coverage");
  CHECK(gates[2].fail_if.text() == "erf < 0.1");

  const auto verdicts = dceff::checks::evaluate(gates, dceff::test::hand_report());
  CHECK(verdicts[0].passed);  // pue 1.25
  CHECK(verdicts[1].passed);  // coverage 0.96
  CHECK(verdicts[2].passed);  // erf 0.12
  CHECK(verdicts[1].gate == "data");
}

TEST_CASE("every threshold key is accepted in a policy", "[checks][policy]") {
  const auto gates = read(with_gates(R"(
      {"name": "a", "max_pue": 1.4}, {"name": "b", "max_ere": 1.2}, {"name": "c", "min_erf": 0},
      {"name": "d", "min_ref": 0.2}, {"name": "e", "max_wue": 2}, {"name": "f", "min_coverage": 1},
      {"name": "g", "max_filled": 0.05})"));
  std::vector<std::string> texts;
  for (const auto& g : gates) {
    texts.push_back(g.fail_if.text());
  }
  CHECK(texts == std::vector<std::string>{"pue > 1.4", "ere > 1.2", "erf < 0", "ref < 0.2",
                                          "wue > 2", "coverage < 1", "filled_share > 0.05"});
}

TEST_CASE("a policy that is not a JSON object of gates is refused", "[checks][policy][errors]") {
  CHECK_THAT(policy_error("{"), StartsWith("policy.json: invalid JSON: parse error at line 1"));
  CHECK(policy_error("[]") == "policy.json: /: expected an object, got an array");
  CHECK(policy_error(R"({"gates": []})") ==
        "policy.json: /: missing field 'dceff_policy' (expected 1)");
  CHECK(policy_error(R"({"dceff_policy": 2, "gates": []})") ==
        "policy.json: /dceff_policy: unsupported policy file version 2 (expected 1)");
  CHECK(policy_error(R"({"dceff_policy": "1", "gates": []})") ==
        "policy.json: /dceff_policy: unsupported policy file version \"1\" (expected 1)");
  CHECK(policy_error(R"({"dceff_policy": 1, "gate": []})") ==
        "policy.json: /gate: unknown field 'gate' (expected one of: dceff_policy, description, "
        "comment, gates)");
  CHECK(policy_error(R"({"dceff_policy": 1})") ==
        "policy.json: /: missing field 'gates' (expected an array of gates)");
  CHECK(policy_error(R"({"dceff_policy": 1, "gates": {}})") ==
        "policy.json: /gates: expected an array of gates, got an object");
  CHECK(policy_error(R"({"dceff_policy": 1, "gates": []})") ==
        "policy.json: /gates: no gates (expected at least one)");
}

TEST_CASE("a gate needs a unique name", "[checks][policy][errors]") {
  CHECK(policy_error(with_gates(R"("pue > 1.3")")) ==
        "policy.json: /gates/0: expected an object, got a string");
  CHECK(policy_error(with_gates(R"({"fail_if": "pue > 1.3"})")) ==
        "policy.json: /gates/0: missing field 'name' (expected a unique name such as "
        "pue-target)");
  CHECK(policy_error(with_gates(R"({"name": 3, "fail_if": "pue > 1.3"})")) ==
        "policy.json: /gates/0/name: expected a string, got a number");
  CHECK(policy_error(with_gates(R"({"name": "", "fail_if": "pue > 1.3"})")) ==
        "policy.json: /gates/0/name: empty name (expected a unique name such as pue-target)");
  CHECK(policy_error(with_gates(
            R"({"name": "a", "max_pue": 1.3}, {"name": "b", "max_pue": 1.4},
               {"name": "a", "min_coverage": 0.9})")) ==
        "policy.json: /gates/2/name: duplicate gate name 'a' (first at /gates/0)");
}

TEST_CASE("a key repeated in a gate is refused, not read as the last one",
          "[checks][policy][errors]") {
  // JSON lets the last key win: a second max_pue would silently loosen the gate.
  CHECK(policy_error(with_gates(R"({"name": "a", "max_pue": 1.3, "max_pue": 2.0})")) ==
        "policy.json: /gates/0/max_pue: this key appears twice in its object (each field must "
        "be given once)");
  CHECK(policy_error(R"({"dceff_policy": 1, "gates": [], "gates": []})") ==
        "policy.json: /gates: this key appears twice in its object (each field must be given "
        "once)");
}

TEST_CASE("a gate has exactly one known condition", "[checks][policy][errors]") {
  CHECK(policy_error(with_gates(R"({"name": "a", "max_pu": 1.3})")) ==
        std::string{"policy.json: /gates/0/max_pu: unknown field 'max_pu' (expected one of: "} +
            kGateKeys + ")");
  CHECK(policy_error(with_gates(R"({"name": "a"})")) ==
        "policy.json: /gates/0: missing condition (expected one of: fail_if, max_pue, max_ere, "
        "min_erf, min_ref, max_wue, min_coverage, max_filled)");
  CHECK(policy_error(with_gates(R"({"name": "a", "min_coverage": 0.9, "max_filled": 0.1})")) ==
        "policy.json: /gates/0/max_filled: a gate has one condition, but 'min_coverage' is also "
        "given (expected a separate gate for each)");
}

TEST_CASE("a gate's condition must be well formed", "[checks][policy][errors]") {
  CHECK(policy_error(with_gates(R"({"name": "a", "fail_if": 1.3})")) ==
        "policy.json: /gates/0/fail_if: expected a string such as \"pue > 1.3\", got a number");
  CHECK(policy_error(with_gates(R"({"name": "a", "max_pue": "1.3"})")) ==
        "policy.json: /gates/0/max_pue: expected a number, got a string");
  CHECK(policy_error(with_gates(R"({"name": "a", "max_pue": true})")) ==
        "policy.json: /gates/0/max_pue: expected a number, got a boolean");
  CHECK(policy_error(with_gates(R"({"name": "a", "min_coverage": 95})")) ==
        "policy.json: /gates/0/min_coverage: out of range: 95 (expected a share from 0 to 1, "
        "e.g. 0.95)");
}

TEST_CASE("an expression error in a policy points at the gate and the character",
          "[checks][policy][errors]") {
  const auto text =
      with_gates(R"({"name": "ok", "max_pue": 1.3}, {"name": "bad", "fail_if": "pue >> 1.3"})");
  CHECK_THROWS_MATCHES(read(text), ConfigError,
                       Message("policy.json: /gates/1/fail_if: unexpected '>' at character 6 "
                               "(expected a number or a metric)\n"
                               "  pue >> 1.3\n"
                               "       ^"));
}

TEST_CASE("a bucket selector in a policy is checked against the report", "[checks][policy]") {
  const auto gates = read(with_gates(R"({"name": "peak", "fail_if": "daily.pue.max > 1.4"})"));
  CHECK_THROWS_MATCHES(dceff::checks::require_period(gates, dceff::report::Period::kMonth),
                       dceff::Error,
                       Message("policy.json: /gates/0/fail_if: daily.pue.max needs daily "
                               "buckets, but the report has monthly buckets (pass --period day)"));
}

TEST_CASE("a policy file that cannot be opened is a configuration error",
          "[checks][policy][errors]") {
  CHECK_THROWS_MATCHES(dceff::checks::load_policy("/nonexistent/policy.json"), ConfigError,
                       Message("/nonexistent/policy.json: cannot open policy file"));
}
