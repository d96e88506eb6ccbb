#pragma once

#include <string>
#include <utility>

namespace dceff::test {

/// The message of the `E` that `run()` throws, or "" when it throws none. Messages are UI and
/// are asserted in full; comparing this string with `==` shows both texts when they differ.
/// One helper instead of a try/catch copied into every reader's test file.
template <typename E, typename Run>
auto error_message(Run&& run) -> std::string {
  try {
    std::forward<Run>(run)();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

}  // namespace dceff::test
