#pragma once
// Shared by the libFuzzer targets: dceff::Error is the documented way to refuse input; any
// other exception escapes to libFuzzer and is reported as a finding (it would be exit 3).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dceff/error.hpp"

namespace dceff::fuzz {

inline auto text_of(const std::uint8_t* data, std::size_t size) -> std::string {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs `body`; input errors are fine, everything else is a finding.
template <typename Body>
void refuse_cleanly(Body&& body) {
  try {
    body();
  } catch (const dceff::Error&) {
  }
}

}  // namespace dceff::fuzz
