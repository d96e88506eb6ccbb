#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dceff/analyze.hpp"
#include "dceff/diagnostics.hpp"
#include "dceff/ledger/energy_ledger.hpp"
#include "dceff/report/report.hpp"

namespace dceff {

/// The mergeable state of one run over part of the data (`dceff report --partial`): the site
/// file itself, every meter's buckets, tallies and edge readings, the inputs and findings.
/// Merging the parts of any split gives the report of one run over all the data.
struct PartialState {
  std::string tool_version;
  std::string site_path;
  std::string site_sha256;
  std::string site_text;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  std::vector<report::InputProvenance> inputs;
  std::vector<report::UnmappedMeter> unmapped;
  std::vector<Diagnostic> diagnostics;
  std::vector<std::pair<std::string, ledger::ChannelSnapshot>> meters;  ///< sorted by id
};

/// Reads the request's inputs into a partial state (the report options are not used).
[[nodiscard]] auto analyze_partial(const AnalysisRequest& request, Diagnostics& diagnostics)
    -> PartialState;

/// Combines parts into one report. Parts may come in any order; they must share the site file
/// and the --from/--to bounds, and a meter's data must not overlap in time across parts.
/// @throws ConfigError, InputError
[[nodiscard]] auto merge(std::vector<PartialState> parts, report::Period period,
                         Diagnostics& diagnostics) -> report::Report;

/// JSON (`dceff_partial` 1); integers and shortest round-trip doubles, so nothing is lost.
void write_partial(const PartialState& state, std::ostream& out);
/// @throws ConfigError `<name>: /meters/3/buckets/10: ...`
[[nodiscard]] auto read_partial(std::istream& in, std::string_view name) -> PartialState;

}  // namespace dceff
