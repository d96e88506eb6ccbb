#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace dceff::test {

/// Asserts that `got` holds exactly the lines `want`, in order: the count first (REQUIRE), then
/// each line in full (CHECK), so that a failure shows the one note or message that differs.
/// Readers and the simulation report what they filled or capped as such lists of notes.
inline void check_lines(const std::vector<std::string>& got, const std::vector<std::string>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == want[i]);
  }
}

}  // namespace dceff::test
