#include "dceff/checks/policy.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"

#include "io/json_config.hpp"

namespace dceff::checks {
namespace {

// Keeps file order, so that the first of two conditions given is the one named.
using json = io::detail::ConfigJson;
using Context = io::detail::ConfigContext;
using io::detail::escape_pointer_token;
using io::detail::reject_unknown_keys;
using io::detail::type_name;

auto find_threshold(std::string_view key) -> std::optional<Threshold> {
  for (const auto threshold : kThresholds) {
    if (threshold_key(threshold) == key) {
      return threshold;
    }
  }
  return std::nullopt;
}

// Rethrows the gate builders' errors as configuration errors; their text already names the
// file and pointer.
template <typename Build>
auto as_config_error(Build&& build) -> Gate {
  try {
    return std::forward<Build>(build)();
  } catch (const ConfigError&) {
    throw;
  } catch (const Error& e) {
    throw ConfigError(e.what());
  }
}

auto read_gate(const Context& ctx, const json& body, const std::string& pointer) -> Gate {
  if (!body.is_object()) {
    ctx.fail(pointer, fmt::format("expected an object, got {}", type_name(body)));
  }
  reject_unknown_keys(ctx, body, pointer,
                      {"name", "description", "comment", "fail_if", "max_pue", "max_ere", "min_erf",
                       "min_ref", "max_wue", "min_coverage", "max_filled"});
  if (!body.contains("name")) {
    ctx.fail(pointer, "missing field 'name' (expected a unique name such as pue-target)");
  }
  const auto& name_value = body["name"];
  if (!name_value.is_string()) {
    ctx.fail(pointer + "/name", fmt::format("expected a string, got {}", type_name(name_value)));
  }
  auto name = name_value.get<std::string>();
  if (name.empty()) {
    ctx.fail(pointer + "/name", "empty name (expected a unique name such as pue-target)");
  }

  std::optional<std::string> condition;
  for (const auto& [key, value] : body.items()) {
    if (key != "fail_if" && !find_threshold(key)) {
      continue;
    }
    if (condition) {
      ctx.fail(pointer + "/" + key,
               fmt::format("a gate has one condition, but '{}' is also given (expected a "
                           "separate gate for each)",
                           *condition));
    }
    condition = key;
  }
  if (!condition) {
    ctx.fail(pointer,
             "missing condition (expected one of: fail_if, max_pue, max_ere, min_erf, min_ref, "
             "max_wue, min_coverage, max_filled)");
  }
  const auto key_pointer = pointer + "/" + *condition;
  const auto& value = body[*condition];
  if (*condition == "fail_if") {
    if (!value.is_string()) {
      ctx.fail(key_pointer,
               fmt::format("expected a string such as \"pue > 1.3\", got {}", type_name(value)));
    }
    return as_config_error([&] {
      return fail_if_gate(value.get<std::string>(), std::move(name), ctx.where(key_pointer));
    });
  }
  if (!value.is_number()) {
    ctx.fail(key_pointer, fmt::format("expected a number, got {}", type_name(value)));
  }
  return as_config_error([&] {
    return threshold_gate(*find_threshold(*condition), value.get<double>(), std::move(name),
                          ctx.where(key_pointer));
  });
}

}  // namespace

auto read_policy(std::istream& in, std::string_view name) -> std::vector<Gate> {
  const Context ctx{name};
  // A repeated key would silently replace a threshold (the last one wins in JSON): refused.
  auto doc = io::detail::parse_config_json(in, name, "each field must be given once");
  if (!doc.is_object()) {
    ctx.fail("", fmt::format("expected an object, got {}", type_name(doc)));
  }
  reject_unknown_keys(ctx, doc, "", {"dceff_policy", "description", "comment", "gates"});
  if (!doc.contains("dceff_policy")) {
    ctx.fail("", "missing field 'dceff_policy' (expected 1)");
  }
  const auto& version = doc["dceff_policy"];
  if (!version.is_number_integer() || version.get<std::int64_t>() != 1) {
    ctx.fail("/dceff_policy",
             fmt::format("unsupported policy file version {} (expected 1)", version.dump()));
  }
  if (!doc.contains("gates")) {
    ctx.fail("", "missing field 'gates' (expected an array of gates)");
  }
  const auto& gates = doc["gates"];
  if (!gates.is_array()) {
    ctx.fail("/gates", fmt::format("expected an array of gates, got {}", type_name(gates)));
  }
  if (gates.empty()) {
    ctx.fail("/gates", "no gates (expected at least one)");
  }
  std::vector<Gate> out;
  for (std::size_t i = 0; i < gates.size(); ++i) {
    const auto pointer = fmt::format("/gates/{}", i);
    auto gate = read_gate(ctx, gates[i], pointer);
    for (std::size_t j = 0; j < out.size(); ++j) {
      if (out[j].name == gate.name) {
        ctx.fail(pointer + "/name",
                 fmt::format("duplicate gate name '{}' (first at /gates/{})", gate.name, j));
      }
    }
    out.push_back(std::move(gate));
  }
  return out;
}

auto load_policy(const std::string& path) -> std::vector<Gate> {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw ConfigError(fmt::format("{}: cannot open policy file", path));
  }
  return read_policy(in, path);
}

}  // namespace dceff::checks
