#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace dceff::cli {

/// Sends output to standard output, or atomically to `path` when it is set and not `-`.
void emit(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace dceff::cli
