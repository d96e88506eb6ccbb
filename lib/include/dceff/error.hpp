#pragma once

#include <stdexcept>

namespace dceff {

/// Root of every error dceff reports to a user; the CLI maps it to exit code 2.
/// Messages read `<where>: <what> ['<offending text>'] [(expected ...)]`, lower-case, no period.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Malformed telemetry or weather data; `what()` starts with `file:line`.
class InputError : public Error {
 public:
  using Error::Error;
};

/// Invalid site, model, scenario or policy file; `what()` starts with `file: /json/pointer`.
class ConfigError : public Error {
 public:
  using Error::Error;
};

/// An output could not be written (unwritable directory, full disk).
class OutputError : public Error {
 public:
  using Error::Error;
};

}  // namespace dceff
