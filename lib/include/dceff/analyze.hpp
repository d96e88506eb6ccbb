#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dceff/diagnostics.hpp"
#include "dceff/io/telemetry_reader.hpp"
#include "dceff/report/report.hpp"

namespace dceff {

/// The tool's version, printed in every report for provenance.
[[nodiscard]] auto version() noexcept -> std::string_view;

/// What `dceff report` and `dceff validate` are asked to do.
struct AnalysisRequest {
  std::string site_path;
  std::vector<std::string> inputs;  ///< paths, `-` for standard input
  std::optional<std::string> from;  ///< RFC 3339 or a local date/time in the site's zone
  std::optional<std::string> to;    ///< exclusive
  report::Period period = report::Period::kDay;
  io::TelemetryFormat format = io::TelemetryFormat::kAuto;
  std::vector<std::string> missing_markers;  ///< in addition to the site file's
  unsigned threads = 0;  ///< parser threads; 0 uses every core (results are identical)
  std::size_t chunk_bytes = std::size_t{4} << 20;  ///< bytes per parser chunk
};

/// Reads the site file and telemetry and computes the report.
/// @throws ConfigError, InputError on invalid input; ConfigError when a result is physically
/// impossible (PUE < 1, ERF > 1, ERE < 0), naming the meters to check.
[[nodiscard]] auto analyze(const AnalysisRequest& request, Diagnostics& diagnostics)
    -> report::Report;

}  // namespace dceff
