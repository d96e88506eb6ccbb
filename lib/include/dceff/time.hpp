#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dceff {

/// An instant in UTC with millisecond resolution.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
/// A wall-clock time in some time zone, not yet tied to an instant.
using LocalTimestamp = std::chrono::local_time<std::chrono::milliseconds>;

/// A timestamp as read from text: either an instant (RFC 3339 with `Z` or an offset, or Unix
/// epoch seconds/milliseconds) or a naive local time that still needs a time zone.
struct ParsedTimestamp {
  bool is_local = false;
  Timestamp instant{};     ///< valid when !is_local
  LocalTimestamp local{};  ///< valid when is_local
};

/// Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM|+HHMM]`, a date alone
/// (`YYYY-MM-DD`, local midnight), or all digits (Unix epoch: 12 or more digits are milliseconds,
/// fewer are seconds). Years 1970..9999. Empty on any malformed or out-of-range text.
[[nodiscard]] auto parse_timestamp(std::string_view text) noexcept
    -> std::optional<ParsedTimestamp>;

/// An IANA time zone read from the system's TZif database (TZDIR, else /usr/share/zoneinfo),
/// including the POSIX rule that extends it past its last transition.
class TimeZone {
 public:
  /// Coordinated Universal Time.
  [[nodiscard]] static auto utc() -> TimeZone;
  /// @throws ConfigError `unknown time zone 'X' (expected an IANA name such as Europe/Berlin)`
  [[nodiscard]] static auto load(std::string_view name) -> TimeZone;

  [[nodiscard]] auto name() const noexcept -> const std::string&;
  /// UT offset (local - UTC) in effect at an instant.
  [[nodiscard]] auto offset_at(Timestamp instant) const -> std::chrono::seconds;
  [[nodiscard]] auto to_local(Timestamp instant) const -> LocalTimestamp {
    return LocalTimestamp{instant.time_since_epoch() + offset_at(instant)};
  }

  /// How a wall-clock time maps to instants.
  struct Resolution {
    enum class Kind {
      kUnique,       ///< one instant: `earlier == later`
      kAmbiguous,    ///< repeated hour when clocks go back: two instants
      kNonexistent,  ///< skipped hour when clocks go forward: `earlier == later` is the instant
                     ///< the wall time would be under the offset before the transition
    };
    Kind kind = Kind::kUnique;
    Timestamp earlier{};
    Timestamp later{};
  };
  [[nodiscard]] auto resolve(LocalTimestamp local) const -> Resolution;

  /// The largest step that divides every UT offset this zone has used and one hour, so that
  /// every local hour boundary falls on a multiple of it (3600 s for Europe/Berlin, 1800 s for
  /// Asia/Kolkata, 900 s for Asia/Kathmandu).
  [[nodiscard]] auto boundary_step() const noexcept -> std::chrono::seconds;

  struct Data;  // transitions and rule, defined in the implementation

 private:
  explicit TimeZone(std::shared_ptr<const Data> data) : data_{std::move(data)} {}
  std::shared_ptr<const Data> data_;
};

/// Formats an instant as RFC 3339 in the given zone, e.g. `2025-03-30T03:00:00+02:00`
/// (`Z` for UTC zones). Milliseconds are printed only when non-zero.
[[nodiscard]] auto format_timestamp(Timestamp instant, const TimeZone& zone) -> std::string;

/// Formats a UTC instant as `2025-03-30T01:00:00Z`.
[[nodiscard]] auto format_utc(Timestamp instant) -> std::string;

}  // namespace dceff
