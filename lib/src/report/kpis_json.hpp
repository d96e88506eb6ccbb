#pragma once

#include <array>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dceff/report/report.hpp"

namespace dceff::report::detail {

/// A figure, or null when it could not be computed (never 0 or NaN).
[[nodiscard]] inline auto number(const std::optional<double>& value) -> nlohmann::ordered_json {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

/// `{"1": ..., "2": ..., "3": ...}`, one value per measurement category.
[[nodiscard]] inline auto category_map(const std::array<std::optional<double>, 3>& values)
    -> nlohmann::ordered_json {
  auto out = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < 3; ++c) {
    out[std::to_string(c + 1)] = number(values[c]);
  }
  return out;
}

/// The KPIs by name as every JSON document of dceff lists them: the report's buckets and TTM,
/// and the headline of `dceff check`.
[[nodiscard]] inline auto kpis_flat(const Kpis& k) -> nlohmann::ordered_json {
  nlohmann::ordered_json out;
  out["pue"] = number(k.pue);
  out["pue_by_category"] = category_map(k.pue_by_category);
  out["dcie"] = number(k.dcie);
  out["ppue_cooling"] = number(k.ppue_cooling);
  out["ppue_power_distribution"] = number(k.ppue_power_distribution);
  out["ppue_other"] = number(k.ppue_other);
  out["ere"] = number(k.ere);
  out["erf"] = number(k.erf);
  out["ref"] = number(k.ref);
  out["cue"] = number(k.cue);
  out["wue"] = number(k.wue);
  return out;
}

}  // namespace dceff::report::detail
