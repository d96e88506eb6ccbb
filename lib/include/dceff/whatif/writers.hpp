#pragma once

#include <ostream>
#include <string_view>

#include "dceff/report/writers.hpp"
#include "dceff/whatif/whatif.hpp"

namespace dceff::whatif {

/// Side-by-side comparison for people: one row per scenario (dPUE, pPUE, ERE, ERF, WUE, cost,
/// CO2, water and the deltas to the baseline), why each differs, energy by use and hours by mode
/// (up to 12 scenarios), notes, the defaults used and the sensitivity ranking.
void write_table(const WhatIfResult& result, std::ostream& out);
/// The same in Markdown.
void write_markdown(const WhatIfResult& result, std::ostream& out);
/// One row per scenario (or sweep point), every figure in its own column; empty = n/a.
void write_csv(const WhatIfResult& result, std::ostream& out);
/// The machine format; schema in schema/whatif.schema.json (`dceff_whatif` 1).
void write_json(const WhatIfResult& result, std::ostream& out);

/// Writes in the chosen format.
void write_whatif(const WhatIfResult& result, report::Format format, std::ostream& out);

/// The hourly results of every scenario, scenario by scenario, hour by hour (CSV, powers in kW
/// as hour means, so also kWh per hour). Re-simulates each scenario, streaming its hours.
void write_hourly(const WhatIfResult& result, std::ostream& out);

/// `inside (heat-pump electricity in E_DC, ISO/IEC 30134)` and the like, for every result.
[[nodiscard]] auto boundary_text(HeatPumpBoundary boundary) -> std::string_view;

}  // namespace dceff::whatif
