#include "commands/output.hpp"

#include <iostream>

#include "dceff/error.hpp"
#include "dceff/io/atomic_file.hpp"

namespace dceff::cli {

void emit(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (!path.empty() && path != "-") {
    io::write_atomically(path, write);
    return;
  }
  write(std::cout);
  std::cout.flush();
  if (!std::cout) {
    throw OutputError("<stdout>: cannot write");
  }
}

}  // namespace dceff::cli
