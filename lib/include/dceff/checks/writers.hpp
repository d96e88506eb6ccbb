#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "dceff/checks/gates.hpp"
#include "dceff/report/report.hpp"

namespace dceff::checks {

/// Output formats of `dceff check`. All are deterministic: the same report and gates give
/// byte-identical output (no timestamps, no durations).
enum class Format { kTable, kJson, kJunit, kGithub };

/// `table`, `json`, `junit` or `github`. @throws Error for any other name.
[[nodiscard]] auto parse_format(std::string_view name) -> Format;

/// For people: the headline, a PASS/FAIL line per gate and a summary.
void write_table(const report::Report& report, std::span<const Verdict> verdicts,
                 std::ostream& out);
/// `dceff_check` 1: overall result, verdicts, headline KPIs and the inputs' provenance.
void write_json(const report::Report& report, std::span<const Verdict> verdicts, std::ostream& out);
/// JUnit XML: one `<testsuite name="dceff check">`, one `<testcase>` per gate with classname
/// `dceff.efficiency` or `dceff.data_quality`, and a `<failure>` when it failed.
void write_junit(const report::Report& report, std::span<const Verdict> verdicts,
                 std::ostream& out);
/// GitHub Actions workflow commands: `::error` per failed gate, `::notice` per passed one.
void write_github(const report::Report& report, std::span<const Verdict> verdicts,
                  std::ostream& out);
/// Writes in the chosen format.
void write_check(const report::Report& report, std::span<const Verdict> verdicts, Format format,
                 std::ostream& out);

/// Escapes text for XML 1.0 element content and attribute values: `& < > " '`, tab, line feed
/// and carriage return as references; other characters XML forbids become U+FFFD.
[[nodiscard]] auto xml_escape(std::string_view text) -> std::string;
/// Escapes a GitHub workflow command's message: `%` `\r` `\n` as `%25` `%0D` `%0A`.
[[nodiscard]] auto github_escape_data(std::string_view text) -> std::string;
/// Escapes a workflow command property value: as the message, plus `:` `,` as `%3A` `%2C`.
[[nodiscard]] auto github_escape_property(std::string_view text) -> std::string;

}  // namespace dceff::checks
