#pragma once

#include <string>
#include <utility>

#include <fmt/format.h>

namespace dceff::checks::detail {

/// The same number of decimals for both, at least 3, and more only where 3 would print two
/// different values alike (`1.2004 > 1.2` is not `1.200 > 1.200`).
inline auto format_pair(double a, double b) -> std::pair<std::string, std::string> {
  constexpr int kMinDecimals = 3;
  constexpr int kMaxDecimals = 17;
  for (int decimals = kMinDecimals;; ++decimals) {
    auto sa = fmt::format("{:.{}f}", a, decimals);
    auto sb = fmt::format("{:.{}f}", b, decimals);
    if (sa != sb || a == b || decimals == kMaxDecimals) {
      return {std::move(sa), std::move(sb)};
    }
  }
}

}  // namespace dceff::checks::detail
