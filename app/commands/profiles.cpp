#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "dceff/checks/profile.hpp"
#include "dceff/error.hpp"

#include "commands/commands.hpp"
#include "commands/output.hpp"
#include "commands/profile_options.hpp"

namespace dceff::cli {

void add_profile_options(CLI::App& sub, ProfileFlags& flags) {
  sub.add_option("--profile", flags.profiles,
                 "Regulatory profile (repeatable; list them with `dceff profiles`)")
      ->allow_extra_args(false);
  sub.add_option("--commissioned", flags.commissioned,
                 "de-enefg: date the data centre started operating (YYYY-MM-DD)");
  sub.add_option("--as-of", flags.as_of,
                 "de-enefg: judge the rules at this date (YYYY-MM-DD; default: the last day of "
                 "the period)");
  sub.add_option("--dc-type", flags.dc_type, "tw-new-dc: hyperscale or colocation");
  flags.min_coverage_option =
      sub.add_option("--min-profile-coverage", flags.values.min_coverage,
                     "Share of the period with complete data a profile needs [U]")
          ->capture_default_str();
  flags.gb_grade1_option = sub.add_option("--gb-grade1-max", flags.values.gb_grade1_max,
                                          "cn-gb40879: grade 1 maximum of RM2 [U]")
                               ->capture_default_str();
  flags.gb_grade2_option = sub.add_option("--gb-grade2-max", flags.values.gb_grade2_max,
                                          "cn-gb40879: grade 2 maximum of RM2 [U]")
                               ->capture_default_str();
  sub.add_option("--export-json", flags.export_json,
                 "eu-eed-2024-1364: write the reporting fields as JSON to this file");
  sub.add_option("--export-csv", flags.export_csv,
                 "eu-eed-2024-1364: write the reporting fields as CSV to this file");
}

auto to_profile_options(const ProfileFlags& flags) -> checks::ProfileOptions {
  auto options = flags.values;
  if (!flags.commissioned.empty()) {
    options.commissioned = checks::parse_date(flags.commissioned, "--commissioned");
  }
  if (!flags.as_of.empty()) {
    options.as_of = checks::parse_date(flags.as_of, "--as-of");
  }
  if (!flags.dc_type.empty()) {
    options.dc_type = checks::parse_dc_type(flags.dc_type, "--dc-type");
  }
  const auto given = [&](std::string_view name) {
    return std::find(flags.profiles.begin(), flags.profiles.end(), name) != flags.profiles.end();
  };
  for (auto it = flags.profiles.begin(); it != flags.profiles.end(); ++it) {
    checks::check_options(*it, options);
    if (std::find(flags.profiles.begin(), it, *it) != it) {
      throw Error(fmt::format("--profile: '{}' given twice (expected each profile once)", *it));
    }
  }
  // An option of a profile that is not asked for would be ignored without a word.
  if ((!flags.commissioned.empty() || !flags.as_of.empty()) && !given("de-enefg")) {
    throw Error(
        fmt::format("{}: only with --profile de-enefg (expected that profile, whose "
                    "rules it selects)",
                    flags.commissioned.empty() ? "--as-of" : "--commissioned"));
  }
  if (!flags.dc_type.empty() && !given("tw-new-dc")) {
    throw Error(
        "--dc-type: only with --profile tw-new-dc (expected that profile, whose limit it "
        "selects)");
  }
  const auto was_given = [](const CLI::Option* option) {
    return option != nullptr && option->count() > 0;
  };
  if (was_given(flags.min_coverage_option) && flags.profiles.empty()) {
    throw Error(
        "--min-profile-coverage: only with --profile (expected a profile, whose data condition "
        "it sets; --min-coverage is the gate on coverage)");
  }
  if ((was_given(flags.gb_grade1_option) || was_given(flags.gb_grade2_option)) &&
      !given("cn-gb40879")) {
    throw Error(fmt::format(
        "{}: only with --profile cn-gb40879 (expected that profile, whose grades it sets)",
        was_given(flags.gb_grade1_option) ? "--gb-grade1-max" : "--gb-grade2-max"));
  }
  const bool eed = given("eu-eed-2024-1364");
  if (!eed && (!flags.export_json.empty() || !flags.export_csv.empty())) {
    throw Error(
        "--export-json/--export-csv: only with --profile eu-eed-2024-1364 (expected that "
        "profile, whose reporting fields they write)");
  }
  return options;
}

auto add_profiles_command(CLI::App& app) -> Command {
  auto explain = std::make_shared<std::string>();
  auto* sub = app.add_subcommand(
      "profiles", "List the regulatory profiles of `dceff check --profile`, or explain one");
  sub->add_option("--explain", *explain, "Sources, limits with their tags, and conditions");
  return Command{sub, [explain]() {
                   if (!explain->empty()) {
                     checks::require_profile(*explain, "--explain");
                   }
                   emit("", [&](std::ostream& out) {
                     if (explain->empty()) {
                       checks::write_profile_list(out);
                     } else {
                       checks::write_explanation(checks::explain(*explain, {}), out);
                     }
                   });
                   return Outcome::kSuccess;
                 }};
}

}  // namespace dceff::cli
