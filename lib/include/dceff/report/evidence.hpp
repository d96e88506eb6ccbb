#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "dceff/analyze.hpp"
#include "dceff/report/report.hpp"

namespace dceff::report {

/// File names inside an evidence bundle.
inline constexpr const char* kEvidenceManifest = "manifest.json";
inline constexpr const char* kEvidenceReport = "report.json";
inline constexpr const char* kEvidenceSite = "site.json";

struct EvidenceOptions {
  /// Replace DIR when it holds an earlier bundle (a manifest.json) and nothing but the bundle's
  /// three files; never another directory, never files put beside a bundle.
  bool force = false;
  /// Where the report itself goes (`-o`; empty or `-` for standard output): refused when it lies
  /// inside DIR, where it would replace the bundle's report.json or add a file beside it.
  std::string report_output;
};

/// The checks write_evidence() makes before it writes anything, for callers that want to fail
/// before a long run. @throws Error as write_evidence() does for standard input and `dir`.
void check_evidence_request(const std::string& dir, const AnalysisRequest& request,
                            const EvidenceOptions& options = {});

/// Writes an auditor's evidence bundle for a finished run into `dir`: the JSON report, a copy of
/// the site file and a manifest (schema/evidence-manifest.schema.json: tool version, the request
/// that re-runs it, every input's path, size and SHA-256, the site file's SHA-256, every
/// assumption applied and a per-meter coverage ledger). Inputs are referenced, not copied (they
/// can be years of telemetry): the manifest records each path as given and relative to `dir`.
///
/// The bundle appears whole or not at all: it is written into `dir.tmp-XXXXXX` beside `dir`,
/// every file synced, then renamed to `dir` (an existing empty `dir` is replaced; with `force`
/// an earlier bundle is swapped out atomically and removed).
/// @throws Error when an input is standard input (an auditor cannot re-read it: save it to a file
/// first), when `dir` exists and is not empty (without `force`, or is not a bundle), or when the
/// site file changed since the run; OutputError when the bundle cannot be written.
void write_evidence(const std::string& dir, const AnalysisRequest& request, const Report& report,
                    const EvidenceOptions& options = {});

struct VerifyOptions {
  /// Look for the inputs here instead of where the manifest says: at `<dir>/<path as given>`
  /// for a relative path inside it, `<dir>/<file name>` for an absolute one or one that leaves
  /// it (`../x.csv`). Every read of verify then stays inside the bundle and this directory.
  std::optional<std::string> inputs_dir;
};

struct VerifyFinding {
  bool ok = false;
  std::string subject;  ///< `site.json`, `input samples/x.csv`, `report.json`, `figure /kpis/..`
  std::string message;
};

struct VerifyResult {
  std::string bundle;
  std::string bundle_tool_version;
  bool tool_version_differs = false;  ///< reported; figures are compared without it
  std::vector<VerifyFinding> findings;
  [[nodiscard]] auto passed() const -> bool;
};

/// Re-reads the manifest, checks the SHA-256 of the site copy, the stored report and every
/// input, re-computes the report with the recorded request and compares it byte for byte with
/// the stored one, listing every figure (JSON pointer) that differs; then rebuilds the manifest
/// from the re-computed report and compares it field by field (an edited coverage ledger or
/// assumption fails even where report.json is untouched).
///
/// What a manifest may point at: the site copy and the report are always `<dir>/site.json` and
/// `<dir>/report.json` (regular files, not links); an input's location must be relative to
/// `dir` and may leave it (inputs are referenced where they live), and must be a regular file
/// (a link to one is fine). verify only reads and hashes those files, never writes; where the
/// bundle comes from someone else, `inputs_dir` confines the inputs to a directory you choose.
/// @throws ConfigError `<dir>/manifest.json: /pointer: ...` when the bundle is malformed (also
/// a site copy or report named elsewhere, an absolute input location, more than 1 GiB).
[[nodiscard]] auto verify_evidence(const std::string& dir, const VerifyOptions& options = {})
    -> VerifyResult;

/// One line per finding, then `verified: ...` or `FAILED: N findings differ from the bundle`.
void write_verify(const VerifyResult& result, std::ostream& out);

}  // namespace dceff::report
