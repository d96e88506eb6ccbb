#pragma once

#include <ostream>
#include <string_view>

#include "dceff/report/report.hpp"

namespace dceff::report {

enum class Format { kTable, kJson, kCsv, kMarkdown };

/// Aligned text for people: headline, KPIs, energy, per-bucket series, data quality.
void write_table(const Report& report, std::ostream& out);
/// The machine and audit format; schema in schema/report.schema.json (`dceff_report` 1).
void write_json(const Report& report, std::ostream& out);
/// The per-bucket series, one row per bucket, empty cells where a figure is undefined.
void write_csv(const Report& report, std::ostream& out);
/// Markdown for tickets and wikis.
void write_markdown(const Report& report, std::ostream& out);

/// `table`, `json`, `csv` or `md`. @throws Error for any other name.
[[nodiscard]] auto parse_format(std::string_view name) -> Format;

/// Writes in the chosen format.
void write_report(const Report& report, Format format, std::ostream& out);

}  // namespace dceff::report
