#include "dceff/report/evidence.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"
#include "dceff/io/atomic_file.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/report/writers.hpp"

#include "io/json_config.hpp"
#include "report/provenance_json.hpp"
#include <fcntl.h>
#include <unistd.h>

namespace dceff::report {
namespace {

namespace fs = std::filesystem;
using io::detail::ConfigContext;
using io::detail::ConfigJson;
using io::detail::escape_pointer_token;
using io::detail::type_name;
using nlohmann::ordered_json;

constexpr std::size_t kMaxListedDifferences = 20;

auto read_bytes(const std::string& path) -> std::string {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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

auto time_or_null(const std::optional<Timestamp>& t) -> ordered_json {
  return t ? ordered_json(format_utc(*t)) : ordered_json(nullptr);
}

auto manifest_json(const std::string& dir, const AnalysisRequest& request, const Report& report,
                   const std::string& site_bytes, const std::string& report_text) -> ordered_json {
  ordered_json doc;
  doc["dceff_evidence"] = 1;
  doc["tool"] = {{"name", "dceff"}, {"version", report.tool_version}};

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
                 {"bytes", site_bytes.size()},
                 {"sha256", report.site_sha256}};
  const auto bundle_dir = fs::absolute(fs::path{dir}).lexically_normal();
  ordered_json inputs = ordered_json::array();
  for (const auto& input : report.inputs) {
    const auto location =
        fs::absolute(fs::path{input.path}).lexically_normal().lexically_relative(bundle_dir);
    inputs.push_back({{"path", input.path},
                      {"location", location.generic_string()},
                      {"format", input.format},
                      {"bytes", input.bytes},
                      {"rows", input.rows},
                      {"sha256", input.sha256}});
  }
  doc["inputs"] = inputs;
  doc["report"] = {{"path", kEvidenceReport},
                   {"bytes", report_text.size()},
                   {"sha256", io::sha256_hex(report_text)}};
  doc["period"] = {{"from", format_utc(report.from)},
                   {"to", format_utc(report.to)},
                   {"twelve_months", report.twelve_months},
                   {"pue_label", report.pue_label()}};
  ordered_json assumptions = ordered_json::array();
  for (const auto& a : report.assumptions) {
    assumptions.push_back({{"name", a.name}, {"value", a.value}, {"source", a.source}});
  }
  doc["assumptions"] = assumptions;

  ordered_json meters = ordered_json::array();
  for (const auto& m : report.meters) {
    meters.push_back({{"id", m.id},
                      {"declared_as", m.declared_as},
                      {"role", m.role},
                      {"category", m.category},
                      {"unit", m.unit},
                      {"total", m.total},
                      {"coverage", m.coverage},
                      {"rows", m.rows},
                      {"missing_values", m.missing_values},
                      {"gaps", m.gaps},
                      {"longest_gap_h", m.longest_gap_h},
                      {"filled_gaps", m.filled_gaps},
                      {"first", time_or_null(m.first)},
                      {"last", time_or_null(m.last)}});
  }
  const auto& e = report.total.energy;
  doc["coverage"] = {{"overall", report.total.coverage},
                     {"filled_kwh", e.filled_kwh},
                     {"filled_share", e.facility_kwh > 0 ? e.filled_kwh / e.facility_kwh : 0.0},
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
  // `dir`, never a mixed bundle).
  TemporaryDirectory old{dir + ".old"};
  fs::remove(old.path());
  if (::rename(dir.c_str(), old.path().c_str()) != 0 ||
      ::rename(temporary.path().c_str(), dir.c_str()) != 0) {
    throw OutputError(fmt::format("{}: cannot write: {}", dir, std::strerror(errno)));
  }
}

// Differences between the stored and the re-computed report, leaf by leaf.
void compare_json(const ConfigJson& stored, const ConfigJson& computed, const std::string& pointer,
                  std::vector<VerifyFinding>& out, std::size_t& count) {
  if (stored.is_object() && computed.is_object()) {
    for (const auto& [key, value] : stored.items()) {
      const auto child = pointer + "/" + escape_pointer_token(key);
      if (computed.contains(key)) {
        compare_json(value, computed[key], child, out, count);
      } else {
        compare_json(value, ConfigJson{}, child, out, count);
      }
    }
    for (const auto& [key, value] : computed.items()) {
      if (!stored.contains(key)) {
        compare_json(ConfigJson{}, value, pointer + "/" + escape_pointer_token(key), out, count);
      }
    }
    return;
  }
  if (stored.is_array() && computed.is_array()) {
    const auto n = std::max(stored.size(), computed.size());
    for (std::size_t i = 0; i < n; ++i) {
      compare_json(i < stored.size() ? stored[i] : ConfigJson{},
                   i < computed.size() ? computed[i] : ConfigJson{},
                   fmt::format("{}/{}", pointer, i), out, count);
    }
    return;
  }
  if (stored == computed) {
    return;
  }
  ++count;
  if (out.size() < kMaxListedDifferences) {
    const auto text = [](const ConfigJson& v) {
      auto s = detail::dump_json(v, -1);
      return s.size() > 80 ? s.substr(0, 77) + "..." : s;
    };
    out.push_back({false, fmt::format("figure {}", pointer.empty() ? "/" : pointer),
                   fmt::format("stored {}, re-computed {}", text(stored), text(computed))});
  }
}

// The manifest's fields, each read with its JSON pointer.
class Manifest {
 public:
  // Parentheses: braces would wrap the document in a one-element array (nlohmann::json).
  Manifest(ConfigJson doc, std::string name) : doc_(std::move(doc)), ctx_{std::move(name)} {}
  auto value(const std::string& pointer) const -> const ConfigJson& {
    const ConfigJson::json_pointer ptr{pointer};
    if (!doc_.contains(ptr)) {
      ctx_.fail(pointer, "missing (expected the field of a dceff evidence manifest)");
    }
    return doc_.at(ptr);
  }
  auto string(const std::string& pointer) const -> std::string {
    const auto& v = value(pointer);
    if (!v.is_string()) {
      ctx_.fail(pointer, fmt::format("{} (expected a string)", type_name(v)));
    }
    return v.get<std::string>();
  }
  auto optional_string(const std::string& pointer) const -> std::optional<std::string> {
    const auto& v = value(pointer);
    if (v.is_null()) {
      return std::nullopt;
    }
    return string(pointer);
  }
  auto strings(const std::string& pointer) const -> std::vector<std::string> {
    const auto& v = value(pointer);
    if (!v.is_array()) {
      ctx_.fail(pointer, fmt::format("{} (expected an array of strings)", type_name(v)));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      out.push_back(string(fmt::format("{}/{}", pointer, i)));
    }
    return out;
  }
  auto count(const std::string& pointer) const -> std::uint64_t {
    const auto& v = value(pointer);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
      ctx_.fail(pointer, fmt::format("{} (expected a whole number >= 0)", type_name(v)));
    }
    return v.get<std::uint64_t>();
  }
  auto size(const std::string& pointer) const -> std::size_t {
    const auto& v = value(pointer);
    if (!v.is_array()) {
      ctx_.fail(pointer, fmt::format("{} (expected an array)", type_name(v)));
    }
    return v.size();
  }
  [[nodiscard]] auto context() const -> const ConfigContext& { return ctx_; }
  [[nodiscard]] auto doc() const -> const ConfigJson& { return doc_; }

 private:
  ConfigJson doc_;
  ConfigContext ctx_;
};

auto hash_finding(const std::string& subject, const std::string& path,
                  const std::string& want_sha256, std::uint64_t want_bytes, bool& readable)
    -> VerifyFinding {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) {
    readable = false;
    return {false, subject, fmt::format("cannot read {}: {}", path, error.message())};
  }
  const auto sha256 = io::sha256_file(path);
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
  bool occupied = false;
  std::error_code error;
  if (fs::exists(dir, error)) {
    if (!fs::is_directory(dir, error)) {
      throw Error(
          fmt::format("--evidence '{}': exists and is not a directory (expected a new "
                      "or empty directory)",
                      dir));
    }
    occupied = !fs::is_empty(dir, error);
    if (occupied && !options.force) {
      throw Error(
          fmt::format("--evidence '{}': directory exists and is not empty (expected a "
                      "new or empty directory; --force replaces an earlier bundle)",
                      dir));
    }
    if (occupied && !fs::exists(fs::path{dir} / kEvidenceManifest, error)) {
      throw Error(
          fmt::format("--evidence '{}': directory is not empty and holds no {} (--force "
                      "only replaces an earlier evidence bundle)",
                      dir, kEvidenceManifest));
    }
  }
  return occupied;
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
  const auto manifest = manifest_json(dir, request, report, site_bytes, report_text);

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
  std::ifstream in{manifest_path, std::ios::binary};
  if (!in) {
    throw ConfigError(
        fmt::format("{}: cannot open (expected an evidence bundle written by "
                    "'dceff report --evidence DIR')",
                    manifest_path));
  }
  const Manifest m{
      io::detail::parse_config_json(in, manifest_path, "a manifest gives each field once"),
      manifest_path};
  if (!m.doc().is_object() || !m.doc().contains("dceff_evidence")) {
    m.context().fail("/dceff_evidence", "missing (expected a dceff evidence manifest)");
  }
  if (m.doc()["dceff_evidence"] != 1) {
    m.context().fail("/dceff_evidence",
                     fmt::format("unsupported manifest version '{}' (expected 1)",
                                 detail::dump_json(m.doc()["dceff_evidence"], -1)));
  }
  VerifyResult result;
  result.bundle = dir;
  result.bundle_tool_version = m.string("/tool/version");
  result.tool_version_differs = result.bundle_tool_version != version();

  AnalysisRequest request;
  request.site_path = (fs::path{dir} / m.string("/site/copy")).string();
  request.from = m.optional_string("/request/from");
  request.to = m.optional_string("/request/to");
  for (const auto* pointer : {"/request/period", "/request/input_format"}) {
    const auto text = m.string(pointer);
    try {
      if (std::string_view{pointer} == "/request/period") {
        request.period = parse_period(text);
      } else {
        request.format = io::parse_format(text);
      }
    } catch (const ConfigError&) {
      throw;
    } catch (const Error& e) {
      m.context().fail(pointer, e.what());
    }
  }
  request.missing_markers = m.strings("/request/missing_markers");

  bool readable = true;
  const auto site_path = m.string("/site/path");
  result.findings.push_back(hash_finding(kEvidenceSite, request.site_path, m.string("/site/sha256"),
                                         m.count("/site/bytes"), readable));
  const auto report_path = (fs::path{dir} / m.string("/report/path")).string();
  bool report_readable = true;
  result.findings.push_back(hash_finding(kEvidenceReport, report_path, m.string("/report/sha256"),
                                         m.count("/report/bytes"), report_readable));

  std::vector<std::string> given;
  for (std::size_t i = 0, n = m.size("/inputs"); i < n; ++i) {
    const auto base = fmt::format("/inputs/{}", i);
    const auto path = m.string(base + "/path");
    fs::path resolved;
    if (options.inputs_dir) {
      const fs::path as_given{path};
      resolved =
          fs::path{*options.inputs_dir} / (as_given.is_absolute() ? as_given.filename() : as_given);
    } else {
      resolved = fs::path{dir} / m.string(base + "/location");
    }
    given.push_back(path);
    request.inputs.push_back(resolved.lexically_normal().string());
    result.findings.push_back(hash_finding(fmt::format("input {}", path), request.inputs.back(),
                                           m.string(base + "/sha256"), m.count(base + "/bytes"),
                                           readable));
  }
  if (!readable || !report_readable) {
    result.findings.push_back(
        {false, "re-computation", "skipped: a file it needs cannot be read (see above)"});
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
  // The stored report names the files as the original run was given them: in its provenance
  // and wherever a finding points at a file.
  std::vector<std::pair<std::string, std::string>> renames{{request.site_path, site_path}};
  for (std::size_t i = 0; i < given.size(); ++i) {
    renames.emplace_back(request.inputs[i], given[i]);
  }
  const auto rename = [&](std::string& file) {
    for (const auto& [from, to] : renames) {
      if (file == from) {
        file = to;
        return;
      }
    }
  };
  recomputed.site_path = site_path;
  for (std::size_t i = 0; i < recomputed.inputs.size() && i < given.size(); ++i) {
    recomputed.inputs[i].path = given[i];
  }
  for (auto& d : recomputed.diagnostics) {
    rename(d.where.file);
    for (const auto& [from, to] : renames) {
      for (auto at = d.message.find(from); !from.empty() && at != std::string::npos;
           at = d.message.find(from, at + to.size())) {
        d.message.replace(at, from.size(), to);
      }
    }
  }
  for (auto& u : recomputed.unmapped) {
    rename(u.first_seen.file);
  }
  recomputed.tool_version = result.bundle_tool_version;
  std::ostringstream out;
  write_json(recomputed, out);
  const auto computed_text = out.str();
  const auto stored_text = read_bytes(report_path);
  if (computed_text == stored_text) {
    result.findings.push_back({true, "re-computation", "identical to report.json, byte for byte"});
    return result;
  }
  ConfigJson stored;
  try {
    stored = ConfigJson::parse(stored_text);
  } catch (const nlohmann::json::exception& e) {
    result.findings.push_back(
        {false, "report.json", fmt::format("not JSON ({}); re-computed figures differ", e.what())});
    return result;
  }
  std::size_t count = 0;
  std::vector<VerifyFinding> differences;
  compare_json(stored, ConfigJson::parse(computed_text), "", differences, count);
  if (count == 0) {
    differences.push_back({false, "report.json",
                           "same figures but different bytes (formatting changed after writing)"});
  }
  result.findings.insert(result.findings.end(), differences.begin(), differences.end());
  if (count > differences.size()) {
    result.findings.push_back(
        {false, "figures", fmt::format("and {} more differences", count - differences.size())});
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
    out << "verified: every hash matches and the re-computed report is identical\n";
  } else {
    out << fmt::format("FAILED: {} finding{} differ{} from the bundle\n", failed,
                       failed == 1 ? "" : "s", failed == 1 ? "s" : "");
  }
}

}  // namespace dceff::report
