#include "dceff/report/evidence.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"
#include "dceff/io/atomic_file.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/report/writers.hpp"

#include "io/file_bytes.hpp"
#include "io/json_config.hpp"
#include "report/json_fields.hpp"
#include "report/provenance_json.hpp"
#include <fcntl.h>
#include <unistd.h>

namespace dceff::report {
namespace {

namespace fs = std::filesystem;
using detail::JsonFields;
using io::detail::ConfigJson;
using io::detail::escape_pointer_token;
using nlohmann::ordered_json;

constexpr std::size_t kMaxListedDifferences = 20;

auto read_bytes(const std::string& path) -> std::string {
  auto bytes = io::detail::read_file_bytes(path);
  if (!bytes) {
    throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  return std::move(*bytes);
}

// The spelling `--input-format` takes.
auto input_format_option(io::TelemetryFormat format) -> std::string {
  switch (format) {
    case io::TelemetryFormat::kLongCsv:
      return "long";
    case io::TelemetryFormat::kWideCsv:
      return "wide";
    default:
      return std::string{io::format_name(format)};
  }
}

auto optional_text(const std::optional<std::string>& text) -> ordered_json {
  return text ? ordered_json(*text) : ordered_json(nullptr);
}

// The manifest of a bundle: the request as first given (`request.site_path` and `inputs` as
// the user typed them), each input's location relative to the bundle, and everything else copied
// from the JSON report itself, so that the ledger can never disagree with the report and
// `verify` can rebuild the manifest from a re-computed report and compare the two.
auto manifest_json(const AnalysisRequest& request, const std::vector<std::string>& locations,
                   std::uint64_t site_bytes, const std::string& report_text) -> ordered_json {
  const auto report = ConfigJson::parse(report_text);
  const JsonFields r{report, kEvidenceReport};
  ordered_json doc;
  doc["dceff_evidence"] = 1;
  doc["tool"] = {{"name", "dceff"}, {"version", r.string("/tool/version")}};

  ordered_json command = ordered_json::array({"dceff", "report", "--site", request.site_path});
  for (const auto& input : request.inputs) {
    command.push_back(input);
  }
  if (request.from) {
    command.push_back("--from");
    command.push_back(*request.from);
  }
  if (request.to) {
    command.push_back("--to");
    command.push_back(*request.to);
  }
  command.push_back("--period");
  command.push_back(period_name(request.period));
  command.push_back("--input-format");
  command.push_back(input_format_option(request.format));
  for (const auto& marker : request.missing_markers) {
    command.push_back("--missing-marker");
    command.push_back(marker);
  }
  command.push_back("--format");
  command.push_back("json");
  // Threads and chunk size are not recorded: the result is bit-identical for any of them.
  doc["request"] = {{"site", request.site_path},
                    {"inputs", request.inputs},
                    {"from", optional_text(request.from)},
                    {"to", optional_text(request.to)},
                    {"period", period_name(request.period)},
                    {"input_format", input_format_option(request.format)},
                    {"missing_markers", request.missing_markers},
                    {"format", "json"},
                    {"command_line", command},
                    {"note",
                     "command_line re-runs the report from the directory it was first run in; "
                     "'dceff verify' re-runs it from the bundle"}};

  doc["site"] = {{"path", request.site_path},
                 {"copy", kEvidenceSite},
                 {"bytes", site_bytes},
                 {"sha256", r.string("/provenance/site_sha256")}};
  ordered_json inputs = ordered_json::array();
  const auto& provenance = r.array("/provenance/inputs");
  for (std::size_t i = 0; i < provenance.size(); ++i) {
    const auto& input = provenance[i];
    inputs.push_back({{"path", input.at("path")},
                      {"location", i < locations.size() ? locations[i] : std::string{}},
                      {"format", input.at("format")},
                      {"bytes", input.at("bytes")},
                      {"rows", input.at("rows")},
                      {"sha256", input.at("sha256")}});
  }
  doc["inputs"] = inputs;
  doc["report"] = {{"path", kEvidenceReport},
                   {"bytes", report_text.size()},
                   {"sha256", io::sha256_hex(report_text)}};
  doc["period"] = {{"from", r.value("/period/from", "a string")},
                   {"to", r.value("/period/to", "a string")},
                   {"twelve_months", r.value("/period/twelve_months", "true or false")},
                   {"pue_label", r.value("/kpis/pue/label", "a string")}};
  doc["assumptions"] = r.array("/provenance/assumptions");

  ordered_json meters = ordered_json::array();
  for (const auto& m : r.array("/quality/meters")) {
    ordered_json entry;
    for (const auto* key :
         {"id", "declared_as", "role", "category", "unit", "total", "coverage", "rows",
          "missing_values", "gaps", "longest_gap_h", "filled_gaps", "first", "last"}) {
      entry[key] = m.at(key);
    }
    meters.push_back(std::move(entry));
  }
  doc["coverage"] = {{"overall", r.value("/quality/coverage", "a number")},
                     {"filled_kwh", r.value("/energy_kwh/filled", "a number")},
                     {"filled_share", r.value("/quality/filled_share", "a number")},
                     {"meters", meters}};
  return doc;
}

void sync_directory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    throw OutputError(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  }
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) {
    throw OutputError(fmt::format("{}: cannot write: {}", path, std::strerror(error)));
  }
}

// Removes the temporary bundle unless it was renamed into place.
class TemporaryDirectory {
 public:
  explicit TemporaryDirectory(const std::string& target) {
    std::string name = target + ".tmp-XXXXXX";
    if (::mkdtemp(name.data()) == nullptr) {
      throw OutputError(fmt::format("{}: cannot write: {}", target, std::strerror(errno)));
    }
    path_ = name;
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  auto operator=(const TemporaryDirectory&) -> TemporaryDirectory& = delete;
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  [[nodiscard]] auto path() const -> const std::string& { return path_; }

 private:
  std::string path_;
};

// Puts the finished bundle at `dir`. rename(2) replaces an empty directory atomically; an earlier
// bundle is exchanged with the new one in one step (renameat2 RENAME_EXCHANGE) and the old one,
// now at the temporary name, is removed with it.
void move_into_place(const TemporaryDirectory& temporary, const std::string& dir, bool occupied) {
  if (!occupied) {
    if (::rename(temporary.path().c_str(), dir.c_str()) != 0) {
      throw OutputError(fmt::format("{}: cannot write: {}", dir, std::strerror(errno)));
    }
    return;
  }
  if (::renameat2(AT_FDCWD, temporary.path().c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) ==
      0) {
    return;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    throw OutputError(fmt::format("{}: cannot write: {}", dir, std::strerror(errno)));
  }
  // A file system without exchange: move the old bundle aside first (a short window without
  // `dir`, never a mixed bundle), and back if the new one cannot take its place.
  TemporaryDirectory old{dir + ".old"};
  fs::remove(old.path());
  if (::rename(dir.c_str(), old.path().c_str()) != 0) {
    throw OutputError(fmt::format("{}: cannot write: {}", dir, std::strerror(errno)));
  }
  if (::rename(temporary.path().c_str(), dir.c_str()) != 0) {
    const int error = errno;
    static_cast<void>(::rename(old.path().c_str(), dir.c_str()));
    throw OutputError(fmt::format("{}: cannot write: {}", dir, std::strerror(error)));
  }
}

// Differences between a stored and a re-computed document, leaf by leaf, as
// `<subject> /pointer: stored X, re-computed Y`; the first kMaxListedDifferences are listed.
void compare_json(const ConfigJson& stored, const ConfigJson& computed, const std::string& subject,
                  const std::string& pointer, std::vector<VerifyFinding>& out, std::size_t& count) {
  if (stored.is_object() && computed.is_object()) {
    for (const auto& [key, value] : stored.items()) {
      const auto child = pointer + "/" + escape_pointer_token(key);
      compare_json(value, computed.contains(key) ? computed.at(key) : ConfigJson{}, subject, child,
                   out, count);
    }
    for (const auto& [key, value] : computed.items()) {
      if (!stored.contains(key)) {
        compare_json(ConfigJson{}, value, subject, pointer + "/" + escape_pointer_token(key), out,
                     count);
      }
    }
    return;
  }
  if (stored.is_array() && computed.is_array()) {
    const auto n = std::max(stored.size(), computed.size());
    for (std::size_t i = 0; i < n; ++i) {
      compare_json(i < stored.size() ? stored[i] : ConfigJson{},
                   i < computed.size() ? computed[i] : ConfigJson{}, subject,
                   fmt::format("{}/{}", pointer, i), out, count);
    }
    return;
  }
  if (stored == computed) {
    return;
  }
  if (++count <= kMaxListedDifferences) {
    const auto text = [](const ConfigJson& v) {
      auto s = detail::dump_json(v, -1);
      return s.size() > 80 ? s.substr(0, 77) + "..." : s;
    };
    out.push_back({false, fmt::format("{} {}", subject, pointer.empty() ? "/" : pointer),
                   fmt::format("stored {}, re-computed {}", text(stored), text(computed))});
  }
}

// Lists the differences of two documents; a note when there are more than are listed.
void list_differences(const ConfigJson& stored, const ConfigJson& computed,
                      const std::string& subject, std::vector<VerifyFinding>& out) {
  std::size_t count = 0;
  compare_json(stored, computed, subject, "", out, count);
  if (count > kMaxListedDifferences) {
    out.push_back(
        {false, subject, fmt::format("and {} more differences", count - kMaxListedDifferences)});
  }
}

// `verify` reads only regular files. A bundle's own files must be in the bundle and not links
// (a manifest from elsewhere could otherwise make it hash and parse any file); inputs may be
// links, since data directories often are.
auto hash_finding(const std::string& subject, const std::string& path,
                  const std::string& want_sha256, std::uint64_t want_bytes, bool follow_links,
                  bool& readable) -> VerifyFinding {
  std::error_code error;
  const auto status = follow_links ? fs::status(path, error) : fs::symlink_status(path, error);
  if (error || !fs::is_regular_file(status)) {
    readable = false;
    return {false, subject,
            fmt::format("cannot read {}: {}", path,
                        error                    ? error.message()
                        : fs::is_symlink(status) ? "a symbolic link (expected a file)"
                        : fs::exists(status)     ? "not a regular file"
                                                 : "No such file or directory")};
  }
  const auto size = fs::file_size(path, error);
  std::string sha256;
  try {
    sha256 = io::sha256_file(path);
  } catch (const Error& e) {
    readable = false;
    return {false, subject, fmt::format("cannot read {}: {}", path, e.what())};
  }
  if (sha256 != want_sha256) {
    return {false, subject,
            fmt::format("SHA-256 of {} is {}, the manifest says {} ({} bytes, manifest {})", path,
                        sha256, want_sha256, size, want_bytes)};
  }
  return {true, subject, fmt::format("SHA-256 {} matches the manifest ({})", sha256, path)};
}

auto occupied_dir(const std::string& dir, const AnalysisRequest& request,
                  const EvidenceOptions& options) -> bool {
  for (const auto& input : request.inputs) {
    if (input == "-") {
      throw Error(
          "--evidence: an input is standard input '-', which an auditor cannot re-read "
          "(expected files: save the data to a file and give its path)");
    }
  }
  if (dir.empty()) {
    throw Error("--evidence: empty directory name (expected a directory to create)");
  }
  if (!options.report_output.empty() && options.report_output != "-") {
    // Component by component, links resolved: `ev/`, `./ev/../ev/x` and a link to ev all count.
    // A path that cannot be resolved (/dev/stdout on a pipe, a folder without permission) is
    // compared as written.
    const auto resolved = [](const std::string& path) {
      std::error_code ignored;
      auto p = fs::weakly_canonical(fs::path{path}, ignored);
      if (ignored) {
        p = fs::absolute(fs::path{path}, ignored).lexically_normal();
      }
      if (p.filename().empty()) {
        p = p.parent_path();
      }
      return p;
    };
    const auto bundle = resolved(dir);
    const auto output = resolved(options.report_output);
    const auto [mismatch, _] =
        std::mismatch(bundle.begin(), bundle.end(), output.begin(), output.end());
    if (mismatch == bundle.end()) {
      throw Error(fmt::format(
          "-o '{}': inside the evidence directory '{}' (expected a path outside it: the bundle "
          "already holds the report as {})",
          options.report_output, dir, kEvidenceReport));
    }
  }
  std::error_code error;
  if (!fs::exists(dir, error)) {
    return false;
  }
  if (!fs::is_directory(dir, error)) {
    throw Error(
        fmt::format("--evidence '{}': exists and is not a directory (expected a new "
                    "or empty directory)",
                    dir));
  }
  if (fs::is_empty(dir, error)) {
    return false;
  }
  if (!options.force) {
    throw Error(
        fmt::format("--evidence '{}': directory exists and is not empty (expected a "
                    "new or empty directory; --force replaces an earlier bundle)",
                    dir));
  }
  if (!fs::exists(fs::path{dir} / kEvidenceManifest, error)) {
    throw Error(
        fmt::format("--evidence '{}': directory is not empty and holds no {} (--force "
                    "only replaces an earlier evidence bundle)",
                    dir, kEvidenceManifest));
  }
  // --force removes the earlier bundle: never anything put beside its files (the telemetry
  // kept with it, notes), which would be lost with it.
  for (const auto& entry : fs::directory_iterator{dir, error}) {
    const auto name = entry.path().filename().string();
    if (name != kEvidenceManifest && name != kEvidenceReport && name != kEvidenceSite) {
      throw Error(fmt::format(
          "--evidence '{}': holds '{}' besides the bundle's files (expected only {}, {} and {}: "
          "--force would delete it; move it elsewhere first)",
          dir, name, kEvidenceManifest, kEvidenceReport, kEvidenceSite));
    }
  }
  return true;
}

// Where verify looks for input `i`: the manifest's location (relative to the bundle), or inside
// --inputs-dir at the path as given, or by file name where that path is absolute or leaves it.
auto input_path(const JsonFields& m, const std::string& base, const std::string& dir,
                const VerifyOptions& options) -> std::string {
  if (options.inputs_dir) {
    const auto as_given = fs::path{m.string(base + "/path")}.lexically_normal();
    const bool inside = as_given.is_relative() && !as_given.empty() && *as_given.begin() != "..";
    return (fs::path{*options.inputs_dir} / (inside ? as_given : as_given.filename()))
        .lexically_normal()
        .string();
  }
  const fs::path location{m.string(base + "/location")};
  if (location.empty() || location.is_absolute()) {
    m.context().fail(
        base + "/location",
        fmt::format("'{}' (expected a path relative to the bundle directory)", location.string()));
  }
  return (fs::path{dir} / location).lexically_normal().string();
}

// The stored report names the files as the original run was given them: in its provenance and
// wherever a finding points at a file. `renames` maps the paths verify used to those.
void rename_paths(Report& report, const std::vector<std::pair<std::string, std::string>>& renames) {
  const auto rename = [&](std::string& file) {
    for (const auto& [from, to] : renames) {
      if (file == from) {
        file = to;
        return;
      }
    }
  };
  rename(report.site_path);
  for (auto& input : report.inputs) {
    rename(input.path);
  }
  for (auto& d : report.diagnostics) {
    rename(d.where.file);
    for (const auto& [from, to] : renames) {
      for (auto at = d.message.find(from); !from.empty() && at != std::string::npos;
           at = d.message.find(from, at + to.size())) {
        d.message.replace(at, from.size(), to);
      }
    }
  }
  for (auto& u : report.unmapped) {
    rename(u.first_seen.file);
  }
}

}  // namespace

void check_evidence_request(const std::string& dir, const AnalysisRequest& request,
                            const EvidenceOptions& options) {
  static_cast<void>(occupied_dir(dir, request, options));
}

void write_evidence(const std::string& dir, const AnalysisRequest& request, const Report& report,
                    const EvidenceOptions& options) {
  const bool occupied = occupied_dir(dir, request, options);
  const auto site_bytes = read_bytes(request.site_path);
  if (io::sha256_hex(site_bytes) != report.site_sha256) {
    throw Error(
        fmt::format("{}: the site file changed while the report was computed (SHA-256 "
                    "{}, the report says {})",
                    request.site_path, io::sha256_hex(site_bytes), report.site_sha256));
  }
  std::ostringstream report_out;
  write_json(report, report_out);
  const auto report_text = report_out.str();
  const auto bundle_dir = fs::absolute(fs::path{dir}).lexically_normal();
  std::vector<std::string> locations;
  for (const auto& input : report.inputs) {
    locations.push_back(fs::absolute(fs::path{input.path})
                            .lexically_normal()
                            .lexically_relative(bundle_dir)
                            .generic_string());
  }
  const auto manifest = manifest_json(request, locations, site_bytes.size(), report_text);

  auto target = fs::path{dir}.lexically_normal().string();
  while (target.size() > 1 && target.back() == '/') {
    target.pop_back();
  }
  const TemporaryDirectory temporary{target};
  const auto put = [&](const char* name, const std::string& bytes) {
    io::write_atomically((fs::path{temporary.path()} / name).string(),
                         [&](std::ostream& out) { out << bytes; });
  };
  put(kEvidenceReport, report_text);
  put(kEvidenceSite, site_bytes);
  put(kEvidenceManifest, detail::dump_json(manifest, 2) + "\n");
  sync_directory(temporary.path());
  move_into_place(temporary, target, occupied);
  const auto parent = fs::path{target}.parent_path();
  sync_directory(parent.empty() ? "." : parent.string());
}

auto VerifyResult::passed() const -> bool {
  return std::all_of(findings.begin(), findings.end(), [](const VerifyFinding& f) { return f.ok; });
}

auto verify_evidence(const std::string& dir, const VerifyOptions& options) -> VerifyResult {
  const auto manifest_path = (fs::path{dir} / kEvidenceManifest).string();
  const auto doc = detail::load_json_document(
      manifest_path, "an evidence bundle written by 'dceff report --evidence DIR'",
      "a manifest gives each field once");
  const JsonFields m{doc, manifest_path};
  if (!doc.is_object()) {
    m.wrong_type("", doc, "a dceff evidence manifest, an object");
  }
  if (!doc.contains("dceff_evidence")) {
    m.context().fail("/dceff_evidence", "missing (expected 1: a dceff evidence manifest)");
  }
  if (m.count("/dceff_evidence") != 1) {
    m.context().fail("/dceff_evidence",
                     fmt::format("unsupported manifest version '{}' (expected 1)",
                                 detail::dump_json(doc["dceff_evidence"], -1)));
  }
  VerifyResult result;
  result.bundle = dir;
  result.bundle_tool_version = m.string("/tool/version");
  result.tool_version_differs = result.bundle_tool_version != version();
  // The request as first given, for the rebuilt manifest; the one verify runs reads the copies.
  AnalysisRequest original;
  original.from = m.string_or_null("/request/from");
  original.to = m.string_or_null("/request/to");
  for (const auto* pointer : {"/request/period", "/request/input_format"}) {
    const auto text = m.string(pointer);
    try {
      if (std::string_view{pointer} == "/request/period") {
        original.period = parse_period(text);
      } else {
        original.format = io::parse_format(text);
      }
    } catch (const ConfigError&) {
      throw;
    } catch (const Error& e) {
      m.context().fail(pointer, e.what());
    }
  }
  original.missing_markers = m.strings("/request/missing_markers");
  original.site_path = m.string("/site/path");
  // The bundle's own files are read from inside it, whatever a manifest says.
  for (const auto& [pointer, name] :
       {std::pair{"/site/copy", kEvidenceSite}, std::pair{"/report/path", kEvidenceReport}}) {
    if (m.string(pointer) != name) {
      m.wrong_type(pointer, m.value(pointer, name),
                   fmt::format("'{}': a bundle's files are read from inside it", name));
    }
  }

  auto request = original;
  request.site_path = (fs::path{dir} / kEvidenceSite).string();

  bool readable = true;
  result.findings.push_back(hash_finding(kEvidenceSite, request.site_path, m.string("/site/sha256"),
                                         m.count("/site/bytes"), false, readable));
  const auto report_path = (fs::path{dir} / kEvidenceReport).string();
  bool report_readable = true;
  result.findings.push_back(hash_finding(kEvidenceReport, report_path, m.string("/report/sha256"),
                                         m.count("/report/bytes"), false, report_readable));
  std::vector<std::string> locations;
  for (std::size_t i = 0, n = m.array("/inputs").size(); i < n; ++i) {
    const auto base = fmt::format("/inputs/{}", i);
    original.inputs.push_back(m.string(base + "/path"));
    locations.push_back(m.string(base + "/location"));
    request.inputs.push_back(input_path(m, base, dir, options));
    result.findings.push_back(hash_finding(fmt::format("input {}", original.inputs.back()),
                                           request.inputs.back(), m.string(base + "/sha256"),
                                           m.count(base + "/bytes"), true, readable));
  }
  if (!readable || !report_readable) {
    result.findings.push_back(
        {false, "re-computation", "skipped: a file it needs cannot be read (see above)"});
    return result;
  }
  std::error_code size_error;
  const auto stored_size = fs::file_size(report_path, size_error);
  if (!size_error && stored_size > detail::kMaxJsonDocumentBytes) {
    result.findings.push_back({false, kEvidenceReport,
                               fmt::format("{} bytes, more than the 1 GiB a report can be; "
                                           "re-computation skipped",
                                           stored_size)});
    return result;
  }

  Report recomputed;
  try {
    Diagnostics diagnostics;
    recomputed = analyze(request, diagnostics);
  } catch (const Error& e) {
    result.findings.push_back({false, "re-computation", fmt::format("failed: {}", e.what())});
    return result;
  }
  std::vector<std::pair<std::string, std::string>> renames{{request.site_path, original.site_path}};
  for (std::size_t i = 0; i < original.inputs.size(); ++i) {
    renames.emplace_back(request.inputs[i], original.inputs[i]);
  }
  rename_paths(recomputed, renames);
  recomputed.tool_version = result.bundle_tool_version;
  std::ostringstream out;
  write_json(recomputed, out);
  const auto computed_text = out.str();
  const auto stored_text = read_bytes(report_path);
  if (computed_text == stored_text) {
    result.findings.push_back({true, "re-computation", "identical to report.json, byte for byte"});
  } else {
    try {
      std::istringstream stored_in{stored_text};
      const auto stored =
          io::detail::parse_config_json(stored_in, report_path, "a report gives each field once");
      const auto before = result.findings.size();
      list_differences(stored, ConfigJson::parse(computed_text), "figure", result.findings);
      if (result.findings.size() == before) {
        result.findings.push_back(
            {false, kEvidenceReport,
             "same figures but different bytes (formatting changed after writing)"});
      }
    } catch (const Error& e) {
      result.findings.push_back(
          {false, kEvidenceReport, fmt::format("not a JSON report ({})", e.what())});
    }
  }
  // The manifest itself: every field of it (the request, the hashes, the assumptions, the
  // coverage ledger) must be what the re-computed report and the recorded request give; an
  // edited ledger or assumption fails here even where report.json is untouched.
  const auto site_size = fs::file_size(request.site_path, size_error);
  const auto expected =
      manifest_json(original, locations, size_error ? 0 : site_size, computed_text);
  const auto before = result.findings.size();
  list_differences(doc, ConfigJson::parse(detail::dump_json(expected, -1)), "manifest",
                   result.findings);
  if (result.findings.size() == before) {
    result.findings.push_back(
        {true, kEvidenceManifest, "every field agrees with the re-computed report"});
  }
  return result;
}

void write_verify(const VerifyResult& result, std::ostream& out) {
  out << fmt::format("dceff verify: {} (bundle written by dceff {})\n", result.bundle,
                     result.bundle_tool_version);
  if (result.tool_version_differs) {
    out << fmt::format(
        "note  tool version: this is dceff {}, the bundle was written by dceff {} (the report's "
        "version field is not compared)\n",
        version(), result.bundle_tool_version);
  }
  std::size_t failed = 0;
  for (const auto& f : result.findings) {
    failed += f.ok ? 0 : 1;
    out << fmt::format("{:<5} {}: {}\n", f.ok ? "ok" : "DIFF", f.subject, f.message);
  }
  if (failed == 0) {
    out << "verified: every hash matches, the re-computed report is identical and the manifest "
           "agrees with it\n";
  } else {
    out << fmt::format("FAILED: {} finding{} differ{} from the bundle\n", failed,
                       failed == 1 ? "" : "s", failed == 1 ? "s" : "");
  }
}

}  // namespace dceff::report
