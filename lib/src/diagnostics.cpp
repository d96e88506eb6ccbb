#include "dceff/diagnostics.hpp"

#include <algorithm>

namespace dceff {

void Diagnostics::add(Severity severity, std::string code, std::string meter, SourceLocation where,
                      std::string message) {
  // Linear search is fine: entries are distinct (code, meter) pairs, a few hundred at most in
  // practice; the hot paths fold repeats before they get here.
  for (auto& entry : entries_) {
    if (entry.code == code && entry.meter == meter) {
      ++entry.count;
      entry.severity = std::max(entry.severity, severity);
      return;
    }
  }
  entries_.push_back(Diagnostic{severity, std::move(code), std::move(meter), std::move(where),
                                std::move(message), 1});
}

void Diagnostics::merge(const Diagnostic& entry) {
  for (auto& existing : entries_) {
    if (existing.code == entry.code && existing.meter == entry.meter) {
      existing.count += entry.count;
      existing.severity = std::max(existing.severity, entry.severity);
      return;
    }
  }
  entries_.push_back(entry);
}

auto Diagnostics::count(Severity at_least) const noexcept -> std::uint64_t {
  std::uint64_t total = 0;
  for (const auto& entry : entries_) {
    if (entry.severity >= at_least) {
      total += entry.count;
    }
  }
  return total;
}

auto Diagnostics::count_code(std::string_view code) const noexcept -> std::uint64_t {
  std::uint64_t total = 0;
  for (const auto& entry : entries_) {
    if (entry.code == code) {
      total += entry.count;
    }
  }
  return total;
}

auto severity_name(Severity severity) noexcept -> std::string_view {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "";
}

auto format_location(const SourceLocation& where) -> std::string {
  return where.line == 0 ? where.file : where.file + ":" + std::to_string(where.line);
}

}  // namespace dceff
