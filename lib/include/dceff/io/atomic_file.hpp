#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace dceff::io {

/// Writes a file atomically: the content goes to a temporary file in the same directory, which
/// is flushed, synced and renamed over `path` only when `write` returned and every byte reached
/// the disk. On any failure the temporary file is removed and nothing is left at `path`.
/// @throws OutputError `<path>: cannot write: <reason>`
void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace dceff::io
