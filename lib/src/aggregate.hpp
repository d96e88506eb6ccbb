#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "dceff/diagnostics.hpp"
#include "dceff/ledger/energy_ledger.hpp"
#include "dceff/model/site.hpp"
#include "dceff/report/report.hpp"

namespace dceff::detail {

/// Turns the ledger into the report's figures: groups meters by role, keeps the base buckets in
/// which every meter entering a KPI has complete data, sums energies in fixed point, and divides
/// sums (never averages ratios). Fills `out`'s period, totals, buckets, distribution, meters and
/// assumptions. @throws ConfigError when a figure is physically impossible.
void aggregate(const model::Site& site, const ledger::EnergyLedger& ledger,
               const std::map<std::string, std::uint32_t>& channels,
               const std::function<const model::MeterSpec&(std::uint32_t)>& spec_of,
               const ledger::LedgerOptions& options, Diagnostics& diagnostics, report::Report& out);

}  // namespace dceff::detail
