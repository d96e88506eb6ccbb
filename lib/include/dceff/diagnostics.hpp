#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dceff {

enum class Severity { kInfo, kWarning, kError };

/// Where a finding was made: `file:line`, or `file` alone when `line` is 0.
struct SourceLocation {
  std::string file;
  std::uint64_t line = 0;
};

/// A data-quality finding. Findings with the same code and meter are folded into one entry that
/// keeps the first location and message and counts the occurrences.
struct Diagnostic {
  Severity severity = Severity::kWarning;
  std::string code;   ///< stable machine-readable id, e.g. "counter_reset"
  std::string meter;  ///< meter id, empty when the finding is not about one meter
  SourceLocation where;
  std::string message;
  std::uint64_t count = 1;
};

/// Collects findings during an analysis; memory is bounded by the number of distinct
/// (code, meter) pairs, not by the number of occurrences.
class Diagnostics {
 public:
  void add(Severity severity, std::string code, std::string meter, SourceLocation where,
           std::string message);
  /// Folds in an entry from another run (counts add up; the first location stays).
  void merge(const Diagnostic& entry);
  [[nodiscard]] auto entries() const noexcept -> const std::vector<Diagnostic>& { return entries_; }
  [[nodiscard]] auto count(Severity at_least) const noexcept -> std::uint64_t;
  /// Occurrences of one code over all meters.
  [[nodiscard]] auto count_code(std::string_view code) const noexcept -> std::uint64_t;

 private:
  std::vector<Diagnostic> entries_;
};

[[nodiscard]] auto severity_name(Severity severity) noexcept -> std::string_view;

/// `file:line`, or `file` when the line is 0.
[[nodiscard]] auto format_location(const SourceLocation& where) -> std::string;

}  // namespace dceff
