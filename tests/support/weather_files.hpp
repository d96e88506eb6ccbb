#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dceff::test {

/// A synthetic EPW year, editable field by field before it is turned into text. Row i (0-based)
/// is file line 9 + i. Values: dry bulb = hour of day - 1 (0..23 degC, so linear fills are easy
/// to check by hand), dew point = dry bulb - 5, RH 70 %, pressure 100000 Pa; year 2001.
struct SyntheticEpw {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // 35 fields each

  static constexpr std::size_t kDryBulb = 6;
  static constexpr std::size_t kDewPoint = 7;
  static constexpr std::size_t kHumidity = 8;
  static constexpr std::size_t kPressure = 9;

  /// The file text with `eol` after every line, or none after the last when !final_newline.
  [[nodiscard]] auto text(std::string_view eol = "\n", bool final_newline = true) const
      -> std::string {
    std::string out;
    for (const auto& line : header) {
      out += line;
      out += eol;
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t f = 0; f < rows[r].size(); ++f) {
        out += f == 0 ? "" : ",";
        out += rows[r][f];
      }
      if (final_newline || r + 1 < rows.size()) {
        out += eol;
      }
    }
    return out;
  }
};

/// 0-based row of a month, day and hour (1..24) in a year with or without 29 February.
inline auto epw_row(int month, int day, int hour, bool leap = false) -> std::size_t {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = 0;
  for (int m = 1; m < month; ++m) {
    days += kDays[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
  }
  return static_cast<std::size_t>((days + day - 1) * 24 + hour - 1);
}

inline auto make_epw(bool leap = false) -> SyntheticEpw {
  SyntheticEpw epw;
  epw.header = {"LOCATION,Testville,TS,XYZ,Synthetic,123456,50.50,-6.25,1.0,120.0",
                "DESIGN CONDITIONS,0",
                "TYPICAL/EXTREME PERIODS,0",
                "GROUND TEMPERATURES,0",
                std::string{"HOLIDAYS/DAYLIGHT SAVINGS,"} + (leap ? "Yes" : "No") + ",0,0,0",
                "COMMENTS 1,synthetic test year",
                "COMMENTS 2,",
                "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31"};
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    const int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    for (int day = 1; day <= days; ++day) {
      for (int hour = 1; hour <= 24; ++hour) {
        std::vector<std::string> row{"2001",
                                     std::to_string(month),
                                     std::to_string(day),
                                     std::to_string(hour),
                                     "60",
                                     "?9?9?9?9E0",
                                     std::to_string(hour - 1) + ".0",
                                     std::to_string(hour - 6) + ".0",
                                     "70",
                                     "100000"};
        row.resize(35, "0");
        epw.rows.push_back(std::move(row));
      }
    }
  }
  return epw;
}

}  // namespace dceff::test
