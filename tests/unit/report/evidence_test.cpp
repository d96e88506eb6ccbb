#include "dceff/report/evidence.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"

#include "support/scratch.hpp"

namespace {

namespace fs = std::filesystem;
using dceff::report::verify_evidence;
using dceff::report::write_evidence;

const std::string kSite =
    R"({"dceff_site": 1, "site": "T", "timezone": "UTC", "meters": {"grid": {"kind": "power", )"
    R"("unit": "kW", "role": "facility_input"}, "it": {"kind": "power", "unit": "kW", "role": )"
    R"("it", "category": 1}}})";
// sha256sum of kSite plus its newline, computed outside dceff.
const std::string kSiteSha256 = "a1f3283d85c99598d6967acfc321d6f3679c6f1ed32567fcb4b05e70e87cc43f";

// Two hours at 15 min: grid 125 kW, IT 100 kW -> E_DC 250 kWh, E_IT 200 kWh, PUE 1.25.
auto telemetry() -> std::vector<std::string> {
  std::vector<std::string> lines{"timestamp,meter,value"};
  for (int q = 0; q <= 8; ++q) {
    const auto t = "2025-01-01T0" + std::to_string(q / 4) + ":" +
                   (q % 4 == 0 ? std::string{"00"} : std::to_string(q % 4 * 15)) + ":00Z";
    lines.push_back(t + ",grid,125");
    lines.push_back(t + ",it,100");
  }
  return lines;
}

auto slurp(const fs::path& path) -> std::string {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Bundle {
  dceff::test::Scratch scratch;
  std::string site = scratch.write("site.json", {kSite});
  std::string data = scratch.write("data.csv", telemetry());
  fs::path dir = fs::path{site}.parent_path() / "evidence";

  auto request() const -> dceff::AnalysisRequest {
    dceff::AnalysisRequest r;
    r.site_path = site;
    r.inputs = {data};
    r.missing_markers = {"n/a"};
    return r;
  }
  void write(const dceff::report::EvidenceOptions& options = {}) const {
    dceff::Diagnostics diagnostics;
    const auto report = dceff::analyze(request(), diagnostics);
    write_evidence(dir.string(), request(), report, options);
  }
};

auto failures(const dceff::report::VerifyResult& result) -> std::vector<std::string> {
  std::vector<std::string> out;
  for (const auto& f : result.findings) {
    if (!f.ok) {
      out.push_back(f.subject + ": " + f.message);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("evidence: the bundle holds the report, the site copy and a manifest", "[evidence]") {
  const Bundle b;
  b.write();
  CHECK(slurp(b.dir / "site.json") == kSite + "\n");
  const auto manifest = nlohmann::json::parse(slurp(b.dir / "manifest.json"));
  CHECK(manifest["dceff_evidence"] == 1);
  CHECK(manifest["site"]["sha256"] == kSiteSha256);
  CHECK(manifest["site"]["bytes"] == kSite.size() + 1);
  CHECK(manifest["inputs"][0]["path"] == b.data);
  CHECK(manifest["inputs"][0]["location"] == "../data.csv");
  CHECK(manifest["inputs"][0]["rows"] == 18);  // 9 readings of 2 meters
  CHECK(manifest["request"]["missing_markers"] == nlohmann::json::array({"n/a"}));
  CHECK(manifest["request"]["from"].is_null());
  CHECK(manifest["coverage"]["overall"] == 1.0);
  CHECK(manifest["coverage"]["meters"].size() == 2);
  CHECK_FALSE(manifest["assumptions"].empty());
  const auto report = nlohmann::json::parse(slurp(b.dir / "report.json"));
  CHECK(report["kpis"]["pue"]["value"].get<double>() == Approx(1.25));  // 250 / 200 kWh
  // Nothing is left beside the bundle.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator{b.dir.parent_path()}) {
    ++entries;
  }
  CHECK(entries == 3);  // site.json, data.csv, evidence/
}

TEST_CASE("evidence: verify passes on an untouched bundle", "[evidence]") {
  const Bundle b;
  b.write();
  const auto result = verify_evidence(b.dir.string());
  CHECK(failures(result).empty());
  CHECK(result.passed());
  CHECK_FALSE(result.tool_version_differs);
  // site, report, one input, the re-computation, the manifest.
  CHECK(result.findings.size() == 5);
}

TEST_CASE("evidence: a changed input fails verification naming it", "[evidence]") {
  const Bundle b;
  b.write();
  {
    // 125 -> 126 kW on the first grid reading: same size, different hash and figures.
    auto text = slurp(b.data);
    text[text.find(",grid,125") + 8] = '6';
    std::ofstream{b.data, std::ios::binary} << text;
  }
  const auto result = verify_evidence(b.dir.string());
  CHECK_FALSE(result.passed());
  const auto failed = failures(result);
  REQUIRE_FALSE(failed.empty());
  CHECK_THAT(failed[0], Catch::StartsWith("input " + b.data + ": SHA-256 of"));
  bool pue_named = false;
  for (const auto& f : failed) {
    pue_named = pue_named || f.rfind("figure /kpis/pue/value:", 0) == 0;
  }
  CHECK(pue_named);
}

TEST_CASE("evidence: an edited report fails verification naming the figure", "[evidence]") {
  const Bundle b;
  b.write();
  auto text = slurp(b.dir / "report.json");
  const auto at = text.find("\"value\": 1.25");
  REQUIRE(at != std::string::npos);
  text.replace(at, 13, "\"value\": 1.2");
  std::ofstream{b.dir / "report.json", std::ios::binary} << text;
  const auto failed = failures(verify_evidence(b.dir.string()));
  REQUIRE(failed.size() == 2);
  CHECK_THAT(failed[0], Catch::StartsWith("report.json: SHA-256 of"));
  CHECK(failed[1] == "figure /kpis/pue/value: stored 1.2, re-computed 1.25");
}

TEST_CASE("evidence: --inputs-dir finds inputs at their paths as given", "[evidence]") {
  const Bundle b;
  b.write();
  const dceff::test::Scratch elsewhere;
  const auto copy = elsewhere.write("data.csv", telemetry());
  dceff::report::VerifyOptions options;
  options.inputs_dir = fs::path{copy}.parent_path().string();
  // The input was given as an absolute path: it is looked for by its file name.
  CHECK(verify_evidence(b.dir.string(), options).passed());
}

TEST_CASE("evidence: an occupied directory is refused unless it is a bundle and --force",
          "[evidence]") {
  const Bundle b;
  b.write();
  CHECK_THROWS_WITH(b.write(), "--evidence '" + b.dir.string() +
                                   "': directory exists and is not empty (expected a new or "
                                   "empty directory; --force replaces an earlier bundle)");
  b.write({true, {}});
  CHECK(verify_evidence(b.dir.string()).passed());
  fs::remove(b.dir / "manifest.json");
  CHECK_THROWS_WITH(b.write({true, {}}), "--evidence '" + b.dir.string() +
                                             "': directory is not empty and holds no manifest.json "
                                             "(--force only replaces an earlier evidence bundle)");
  fs::remove_all(b.dir);
  fs::create_directory(b.dir);  // an empty directory is fine
  b.write();
  CHECK(fs::exists(b.dir / "manifest.json"));
}

TEST_CASE("evidence: standard input is refused", "[evidence]") {
  auto request = dceff::AnalysisRequest{};
  request.inputs = {"a.csv", "-"};
  CHECK_THROWS_WITH(dceff::report::check_evidence_request("dir", request),
                    "--evidence: an input is standard input '-', which an auditor cannot "
                    "re-read (expected files: save the data to a file and give its path)");
}

TEST_CASE("evidence: a report output inside the bundle directory is refused", "[evidence]") {
  const Bundle b;
  const auto inside = [&](const std::string& output) {
    CHECK_THROWS_WITH(b.write({false, output}),
                      "-o '" + output + "': inside the evidence directory '" + b.dir.string() +
                          "' (expected a path outside it: the bundle already holds the report "
                          "as report.json)");
  };
  inside((b.dir / "report.json").string());
  inside(b.dir.string());
  inside((b.dir / ".." / "evidence" / "sub" / "r.json").string());
  CHECK_FALSE(fs::exists(b.dir));
  // Beside the bundle, or on standard output, is fine.
  b.write({false, (b.dir.parent_path() / "evidence-report.json").string()});
  CHECK(verify_evidence(b.dir.string()).passed());
  fs::remove_all(b.dir);
  b.write({false, "-"});
  CHECK(fs::exists(b.dir / "manifest.json"));
  // A path that cannot be resolved (a link loop here; /dev/stdout on a pipe) is compared as
  // written, never an internal error.
  fs::remove_all(b.dir);
  const auto loop = b.dir.parent_path() / "loop";
  fs::create_symlink(loop, loop);
  b.write({false, (loop / "report.json").string()});
  CHECK(fs::exists(b.dir / "manifest.json"));
}

TEST_CASE("evidence: a malformed manifest is a ConfigError naming its pointer", "[evidence]") {
  const Bundle b;
  b.write();
  const auto manifest = (b.dir / "manifest.json").string();
  std::ofstream{manifest, std::ios::binary} << R"({"dceff_evidence": 2})";
  CHECK_THROWS_WITH(verify_evidence(b.dir.string()),
                    manifest + ": /dceff_evidence: unsupported manifest version '2' (expected 1)");
  std::ofstream{manifest, std::ios::binary} << R"({"dceff_evidence": 1, "tool": {}})";
  CHECK_THROWS_AS(verify_evidence(b.dir.string()), dceff::ConfigError);
  CHECK_THROWS_WITH(verify_evidence(b.dir.string()),
                    manifest + ": /tool/version: missing (expected a string)");
  CHECK_THROWS_WITH(verify_evidence((b.dir / "nope").string()),
                    Catch::Contains("manifest.json: cannot open"));
}

TEST_CASE("evidence: a bundle of another dceff version is reported, figures still compared",
          "[evidence]") {
  const Bundle b;
  b.write();
  // Pretend version 0.0.1 wrote it: the report's two version fields, the manifest's tool
  // version and the report hash it records.
  auto report = slurp(b.dir / "report.json");
  const std::string current{dceff::version()};
  for (const std::string key : {"\"version\": \"", "\"tool_version\": \""}) {
    const auto at = report.find(key + current + "\"");
    REQUIRE(at != std::string::npos);
    report.replace(at + key.size(), current.size(), "0.0.1");
  }
  std::ofstream{b.dir / "report.json", std::ios::binary} << report;
  auto manifest = nlohmann::ordered_json::parse(slurp(b.dir / "manifest.json"));
  manifest["tool"]["version"] = "0.0.1";
  manifest["report"]["sha256"] = dceff::io::sha256_hex(report);
  manifest["report"]["bytes"] = report.size();
  std::ofstream{b.dir / "manifest.json", std::ios::binary} << manifest.dump(2);
  const auto result = verify_evidence(b.dir.string());
  CHECK(failures(result).empty());
  CHECK(result.tool_version_differs);
  std::ostringstream out;
  dceff::report::write_verify(result, out);
  CHECK_THAT(out.str(), Catch::Contains("note  tool version: this is dceff " + current +
                                        ", the bundle was written by dceff 0.0.1"));
}

namespace {

auto edit_manifest(const Bundle& b, const std::function<void(nlohmann::ordered_json&)>& edit)
    -> std::string {
  const auto path = (b.dir / "manifest.json").string();
  auto manifest = nlohmann::ordered_json::parse(slurp(path));
  edit(manifest);
  std::ofstream{path, std::ios::binary} << manifest.dump(2);
  return path;
}

}  // namespace

TEST_CASE("evidence: an edited site copy fails verification naming the changed figure",
          "[evidence]") {
  const Bundle b;
  b.write();
  // Site name "T" -> "U": same size, another hash, and the re-computed report names "U".
  auto site = slurp(b.dir / "site.json");
  site.replace(site.find(R"("site": "T")"), 11, R"("site": "U")");
  std::ofstream{b.dir / "site.json", std::ios::binary} << site;
  const auto failed = failures(verify_evidence(b.dir.string()));
  REQUIRE_FALSE(failed.empty());
  CHECK_THAT(failed[0], Catch::StartsWith("site.json: SHA-256 of"));
  CHECK(std::find(failed.begin(), failed.end(),
                  R"(figure /site/name: stored "T", re-computed "U")") != failed.end());
}

TEST_CASE("evidence: an edited manifest fails verification even where the report is untouched",
          "[evidence]") {
  const Bundle b;
  b.write();
  SECTION("the coverage ledger") {
    // Every reading present: the grid meter's coverage is 1.0; the edit claims 0.5.
    edit_manifest(b, [](auto& m) { m["coverage"]["meters"][0]["coverage"] = 0.5; });
    CHECK(failures(verify_evidence(b.dir.string())) ==
          std::vector<std::string>{
              "manifest /coverage/meters/0/coverage: stored 0.5, re-computed 1.0"});
  }
  SECTION("an assumption") {
    edit_manifest(b, [](auto& m) { m["assumptions"][0]["value"] = "edited"; });
    const auto failed = failures(verify_evidence(b.dir.string()));
    REQUIRE(failed.size() == 1);
    CHECK_THAT(failed[0], Catch::StartsWith("manifest /assumptions/0/value: stored \"edited\""));
  }
  SECTION("a request field that does not change the figures") {
    // No cell reads "x", so the re-run gives the same report; the manifest's own command line
    // (dceff report --site S D --period day --input-format auto --missing-marker n/a ..., the
    // marker at index 10) still says n/a, and the rebuilt one says x.
    edit_manifest(b, [](auto& m) { m["request"]["missing_markers"][0] = "x"; });
    CHECK(failures(verify_evidence(b.dir.string())) ==
          std::vector<std::string>{
              "manifest /request/command_line/10: stored \"n/a\", re-computed \"x\""});
  }
  SECTION("a field the manifest does not have") {
    edit_manifest(b, [](auto& m) { m["verified_by"] = "me"; });
    CHECK(failures(verify_evidence(b.dir.string())) ==
          std::vector<std::string>{"manifest /verified_by: stored \"me\", re-computed null"});
  }
}

TEST_CASE("evidence: the bundle's own files are read from inside it", "[evidence]") {
  const Bundle b;
  b.write();
  const auto manifest = (b.dir / "manifest.json").string();
  SECTION("site copy outside the bundle") {
    edit_manifest(b, [](auto& m) { m["site"]["copy"] = "../../etc/passwd"; });
    CHECK_THROWS_WITH(verify_evidence(b.dir.string()),
                      manifest +
                          ": /site/copy: a string '\"../../etc/passwd\"' (expected "
                          "'site.json': a bundle's files are read from inside it)");
  }
  SECTION("report elsewhere") {
    edit_manifest(b, [](auto& m) { m["report"]["path"] = "/etc/passwd"; });
    CHECK_THROWS_AS(verify_evidence(b.dir.string()), dceff::ConfigError);
  }
  SECTION("an absolute input location") {
    edit_manifest(b, [](auto& m) { m["inputs"][0]["location"] = "/etc/passwd"; });
    CHECK_THROWS_WITH(verify_evidence(b.dir.string()),
                      manifest +
                          ": /inputs/0/location: '/etc/passwd' (expected a path relative "
                          "to the bundle directory)");
  }
  SECTION("an input location that is no regular file") {
    edit_manifest(b, [](auto& m) { m["inputs"][0]["location"] = ".."; });
    const auto failed = failures(verify_evidence(b.dir.string()));
    REQUIRE(failed.size() == 2);
    CHECK_THAT(failed[0], Catch::EndsWith(": not a regular file"));
  }
  SECTION("a site copy that is a link") {
    fs::remove(b.dir / "site.json");
    fs::create_symlink(b.site, b.dir / "site.json");
    const auto failed = failures(verify_evidence(b.dir.string()));
    REQUIRE_FALSE(failed.empty());
    CHECK_THAT(failed[0], Catch::EndsWith(": a symbolic link (expected a file)"));
  }
}

TEST_CASE("evidence: threads and chunk size are not recorded and change nothing", "[evidence]") {
  const Bundle b;
  auto request = b.request();
  request.threads = 1;
  request.chunk_bytes = 64;  // a chunk every two lines or so
  dceff::Diagnostics diagnostics;
  write_evidence(b.dir.string(), request, dceff::analyze(request, diagnostics));
  // verify re-runs with the defaults (every core, 4 MiB chunks).
  CHECK(failures(verify_evidence(b.dir.string())).empty());
}

TEST_CASE("evidence: --force never deletes what was put beside a bundle's files", "[evidence]") {
  const Bundle b;
  b.write();
  std::ofstream{b.dir / "telemetry-2024.csv"} << "kept\n";
  CHECK_THROWS_WITH(b.write({true, {}}),
                    "--evidence '" + b.dir.string() +
                        "': holds 'telemetry-2024.csv' besides the bundle's files (expected only "
                        "manifest.json, report.json and site.json: --force would delete it; move "
                        "it elsewhere first)");
  CHECK(slurp(b.dir / "telemetry-2024.csv") == "kept\n");
}

TEST_CASE("evidence: --inputs-dir confines the inputs to that directory", "[evidence]") {
  const Bundle b;
  b.write();
  edit_manifest(b, [](auto& m) { m["inputs"][0]["path"] = "../../outside/data.csv"; });
  const dceff::test::Scratch elsewhere;
  const auto copy = elsewhere.write("data.csv", telemetry());
  dceff::report::VerifyOptions options;
  options.inputs_dir = fs::path{copy}.parent_path().string();
  // A path that leaves the directory is looked for by its file name inside it.
  const auto result = verify_evidence(b.dir.string(), options);
  const auto expected = fs::path{copy}.lexically_normal().string();
  CHECK_THAT(result.findings[2].message,
             Catch::EndsWith("matches the manifest (" + expected + ")"));
}

TEST_CASE("evidence: manifests that are too large or hold 1e400 are refused", "[evidence]") {
  const Bundle b;
  b.write();
  const auto manifest = (b.dir / "manifest.json").string();
  std::ofstream{manifest, std::ios::binary} << R"({"dceff_evidence": 1e400})";
  CHECK_THROWS_WITH(verify_evidence(b.dir.string()),
                    manifest +
                        ": invalid JSON: number overflow parsing '1e400' (expected a finite "
                        "number)");
  // A sparse file: 2 GiB by its size, no disk used.
  fs::resize_file(manifest, std::uintmax_t{2} << 30);
  CHECK_THROWS_WITH(verify_evidence(b.dir.string()),
                    manifest +
                        ": 2147483648 bytes, more than the 1 GiB a dceff JSON document can "
                        "be (expected an evidence bundle written by 'dceff report "
                        "--evidence DIR')");
}
