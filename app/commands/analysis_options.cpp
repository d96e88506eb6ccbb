#include "commands/analysis_options.hpp"

namespace dceff::cli {

void add_analysis_options(CLI::App& sub, AnalysisOptions& options) {
  sub.add_option("--site", options.request.site_path, "Site file (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  sub.add_option("data", options.request.inputs,
                 "Telemetry files (long or wide CSV, JSON, NDJSON); - for standard input")
      ->required();
  sub.add_option("--from", options.from,
                 "Start (inclusive): RFC 3339, or a local date/time in the site's zone");
  sub.add_option("--to", options.to, "End (exclusive), as --from");
  sub.add_option("--period", options.period, "Granularity of the per-bucket series")
      ->check(CLI::IsMember({"hour", "day", "month", "year"}))
      ->capture_default_str();
  sub.add_option("--input-format", options.input_format, "Telemetry format")
      ->check(CLI::IsMember({"auto", "long", "wide", "json", "ndjson"}))
      ->capture_default_str();
  // One marker per occurrence, so that DATA after it is not taken for more markers.
  sub.add_option("--missing-marker", options.request.missing_markers,
                 "A cell text that means 'no reading' (repeatable), e.g. n/a")
      ->allow_extra_args(false);
  sub.add_option("--threads", options.request.threads,
                 "Parser threads (0: every core; the result is the same for any number)")
      ->check(CLI::Range(0U, 256U))
      ->capture_default_str();
}

auto to_request(const AnalysisOptions& options) -> AnalysisRequest {
  auto request = options.request;
  if (!options.from.empty()) {
    request.from = options.from;
  }
  if (!options.to.empty()) {
    request.to = options.to;
  }
  request.period = report::parse_period(options.period);
  request.format = io::parse_format(options.input_format);
  return request;
}

}  // namespace dceff::cli
