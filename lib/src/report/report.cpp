#include "dceff/report/report.hpp"

#include <fmt/format.h>

#include "dceff/error.hpp"

namespace dceff::report {

auto period_name(Period period) noexcept -> std::string_view {
  switch (period) {
    case Period::kHour:
      return "hour";
    case Period::kDay:
      return "day";
    case Period::kMonth:
      return "month";
    case Period::kYear:
      return "year";
  }
  return "";
}

auto parse_period(std::string_view name) -> Period {
  for (const auto period : {Period::kHour, Period::kDay, Period::kMonth, Period::kYear}) {
    if (period_name(period) == name) {
      return period;
    }
  }
  throw Error(fmt::format("unknown period '{}' (expected hour, day, month or year)", name));
}

auto category_point(int category) noexcept -> std::string_view {
  switch (category) {
    case 1:
      return "UPS output";
    case 2:
      return "PDU output";
    case 3:
      return "IT equipment input";
    default:
      return "no IT meter";
  }
}

auto Report::pue_label() const -> std::string {
  if (headline_category == 0) {
    return fmt::format("{} (no IT meter with data)", pue_variant());
  }
  return fmt::format("{}, category {} (E_IT at {})", pue_variant(), headline_category,
                     category_point(headline_category));
}

}  // namespace dceff::report
