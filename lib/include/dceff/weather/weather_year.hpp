#pragma once

#include <string>
#include <vector>

namespace dceff::weather {

/// One hour of outdoor air, as the what-if model needs it.
struct Hour {
  double dry_bulb_c = 0.0;
  double dew_point_c = 0.0;
  double relative_humidity_pct = 0.0;  ///< 0..100
  double pressure_pa = 101325.0;       ///< station pressure
  double wet_bulb_c = 0.0;             ///< thermodynamic wet bulb, from the psychrometrics
};

/// A year of hourly weather (8760 hours, or 8784 in a leap year), first hour first.
struct WeatherYear {
  std::string source;    ///< file path, or `built-in: <name>` for the default climate
  std::string sha256;    ///< of the file's bytes; empty for the built-in climate
  std::string location;  ///< e.g. `Aurora-Buckley Field ANGB, CO, USA`
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double elevation_m = 0.0;
  double utc_offset_h = 0.0;  ///< the file's standard time zone
  std::vector<Hour> hours;
  /// What the reader had to repair (missing values filled), one line each, printed in outputs.
  std::vector<std::string> notes;
};

}  // namespace dceff::weather
