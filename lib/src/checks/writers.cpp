#include "dceff/checks/writers.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "dceff/error.hpp"
#include "dceff/time.hpp"

#include "checks/report_facts.hpp"

namespace dceff::checks {
namespace {

using detail::whole_period;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// `iPUE = 1.214 (category 2, E_IT at PDU output); coverage 94.4 %`, as the report's headline.
auto headline(const report::Report& r) -> std::string {
  const auto& pue = r.total.kpis.pue;
  return fmt::format("{} = {} ({}); coverage {:.1f} %", r.pue_variant(),
                     pue ? fmt::format("{:.3f}", *pue) : std::string{"n/a"},
                     r.headline_category == 0
                         ? std::string{"no IT meter with data"}
                         : fmt::format("category {}, E_IT at {}", r.headline_category,
                                       report::category_point(r.headline_category)),
                     r.total.coverage * 100.0);
}

struct Tally {
  std::size_t failed = 0;
  std::size_t failed_efficiency = 0;
  std::size_t failed_data_quality = 0;
};

auto tally(std::span<const Verdict> verdicts) -> Tally {
  Tally t;
  for (const auto& v : verdicts) {
    if (!v.passed) {
      ++t.failed;
      ++(v.kind == Kind::kDataQuality ? t.failed_data_quality : t.failed_efficiency);
    }
  }
  return t;
}

auto plural(std::size_t n, std::string_view noun) -> std::string {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// One profile's verdicts: its conditions, its binding rules and what it shows for information.
struct ProfileTally {
  std::string_view name;
  std::size_t conditions = 0;
  std::size_t conditions_failed = 0;
  std::size_t rules = 0;
  std::size_t rules_failed = 0;
  std::size_t informational = 0;
  std::size_t attention = 0;
};

auto profile_summary(const ProfileTally& p) -> std::string {
  if (p.conditions_failed > 0) {
    return fmt::format("profile {} refused: {} of {} not met", p.name, p.conditions_failed,
                       plural(p.conditions, "condition"));
  }
  if (p.rules_failed > 0) {
    return fmt::format("profile {} failed: {} of {} not met", p.name, p.rules_failed,
                       plural(p.rules, "rule"));
  }
  auto out = fmt::format("profile {} passed: {}", p.name, plural(p.conditions, "condition"));
  out += p.rules > 0 ? fmt::format(" and {} met", plural(p.rules, "rule")) : " met";
  if (p.informational > 0) {
    out += fmt::format(", {} shown for information", p.informational);
  }
  if (p.attention > 0) {
    out += fmt::format(" ({} {} input)", p.attention, p.attention == 1 ? "needs" : "need");
  }
  return out;
}

// Gates and profiles are counted apart: a profile's verdicts are its conditions, rules and
// figures, not gates, and a refusal is not a failed limit.
auto summary(std::span<const Verdict> verdicts) -> std::string {
  std::size_t gates = 0;
  Tally gate_tally;
  std::vector<ProfileTally> profiles;
  for (const auto& v : verdicts) {
    if (v.profile.empty()) {
      ++gates;
      gate_tally.failed += v.passed ? 0 : 1;
      (v.kind == Kind::kDataQuality ? gate_tally.failed_data_quality
                                    : gate_tally.failed_efficiency) += v.passed ? 0 : 1;
      continue;
    }
    if (profiles.empty() || profiles.back().name != v.profile) {
      profiles.push_back({.name = v.profile});
    }
    auto& p = profiles.back();
    p.attention += v.attention ? 1 : 0;
    if (v.rule == "condition") {
      ++p.conditions;
      p.conditions_failed += v.passed ? 0 : 1;
    } else if (v.informational) {
      ++p.informational;
    } else {
      ++p.rules;
      p.rules_failed += v.passed ? 0 : 1;
    }
  }
  std::vector<std::string> parts;
  if (gates > 0) {
    // Next to profiles the gates need their verb: `FAILED: all 2 gates passed; profile ...`.
    const std::string_view verb = profiles.empty()         ? ""
                                  : gate_tally.failed == 0 ? " passed"
                                                           : " failed";
    if (gate_tally.failed == 0) {
      parts.push_back(gates == 1 ? fmt::format("1 gate{}", verb)
                                 : fmt::format("all {} gates{}", gates, verb));
    } else {
      parts.push_back(fmt::format("{} of {}{} ({} efficiency, {} data quality)", gate_tally.failed,
                                  plural(gates, "gate"), verb, gate_tally.failed_efficiency,
                                  gate_tally.failed_data_quality));
    }
  }
  for (const auto& p : profiles) {
    parts.push_back(profile_summary(p));
  }
  if (parts.empty()) {
    parts.emplace_back("no gates");
  }
  return fmt::format("{}: {}", all_passed(verdicts) ? "PASSED" : "FAILED", fmt::join(parts, "; "));
}

// PASS or FAIL; for a profile's informational verdicts INFO, or NOTE when it needs an input.
auto status_word(const Verdict& v) -> std::string_view {
  if (v.informational || v.attention) {
    return v.attention ? "NOTE" : "INFO";
  }
  return v.passed ? "PASS" : "FAIL";
}

// `data_quality` where an identifier is needed (JUnit classname, JSON).
auto kind_id(Kind kind) -> std::string_view {
  return kind == Kind::kDataQuality ? "data_quality" : "efficiency";
}

// Decodes one UTF-8 sequence at `i`: the code point, or -1 when malformed, and its length.
auto decode_utf8(std::string_view text, std::size_t i) -> std::pair<std::int32_t, std::size_t> {
  const auto byte = [&](std::size_t k) {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0U;
  };
  const unsigned lead = byte(i);
  std::size_t length = 0;
  std::uint32_t cp = 0;
  unsigned low = 0x80;
  unsigned high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0FU;
    low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    high = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07U;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return {-1, 1};
  }
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned next = byte(i + k);
    if (next < (k == 1 ? low : 0x80U) || next > (k == 1 ? high : 0xBFU)) {
      return {-1, k};
    }
    cp = (cp << 6U) | (next & 0x3FU);
  }
  return {static_cast<std::int32_t>(cp), length};
}

void write_property(std::ostream& out, std::string_view name, std::string_view value) {
  fmt::print(out, "    <property name=\"{}\" value=\"{}\"/>\n", xml_escape(name),
             xml_escape(value));
}

}  // namespace

auto parse_format(std::string_view name) -> Format {
  if (name == "table") {
    return Format::kTable;
  }
  if (name == "json") {
    return Format::kJson;
  }
  if (name == "junit") {
    return Format::kJunit;
  }
  if (name == "github") {
    return Format::kGithub;
  }
  throw Error(fmt::format("unknown format '{}' (expected table, json, junit or github)", name));
}

auto xml_escape(std::string_view text) -> std::string {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80U) {
      const auto [cp, length] = decode_utf8(text, i);
      // XML 1.0 has no U+FFFE and U+FFFF; a malformed sequence must not reach a parser either.
      if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF) {
        out += kReplacement;
      } else {
        out += text.substr(i, length);
      }
      i += length;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      // As references, so that attribute-value normalisation keeps them.
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (byte < 0x20U) {
          out += kReplacement;  // not allowed in XML 1.0, not even as a reference
        } else {
          out += c;
        }
    }
    ++i;
  }
  return out;
}

auto github_escape_data(std::string_view text) -> std::string {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

auto github_escape_property(std::string_view text) -> std::string {
  std::string out;
  for (char c : github_escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

void write_table(const report::Report& report, std::span<const Verdict> verdicts,
                 std::ostream& out) {
  fmt::print(out, "dceff {} check: {} ({})\n", report.tool_version, report.site_name,
             report.timezone);
  fmt::print(out, "Period    {}{}\n", whole_period(report),
             report.twelve_months ? "" : "  (shorter than 12 months: interim PUE)");
  fmt::print(out, "Headline  {}\n\n", headline(report));
  for (const auto& v : verdicts) {
    if (v.profile.empty()) {
      fmt::print(out, "{} {}: {}\n", v.passed ? "PASS" : "FAIL", kind_name(v.kind), v.message);
      fmt::print(out, "  gate {}: fail if {}\n", v.gate, v.expression);
      continue;
    }
    fmt::print(out, "{} {} {}: {}\n", status_word(v), v.profile, v.rule, v.message);
    fmt::print(out, "  {}{}: {}\n", v.gate,
               v.expression.empty() ? "" : fmt::format(" (fail if {})", v.expression), v.source);
  }
  fmt::print(out, "\n{}\n", summary(verdicts));
}

void write_junit(const report::Report& report, std::span<const Verdict> verdicts,
                 std::ostream& out) {
  const auto t = tally(verdicts);
  fmt::print(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  fmt::print(out,
             "<testsuite name=\"dceff check\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
             "skipped=\"0\">\n",
             verdicts.size(), t.failed);
  fmt::print(out, "  <properties>\n");
  write_property(out, "site", report.site_name);
  write_property(out, "period", whole_period(report));
  write_property(out, "headline", headline(report));
  write_property(out, "tool_version", report.tool_version);
  fmt::print(out, "  </properties>\n");
  for (const auto& v : verdicts) {
    const auto classname = v.profile.empty() ? fmt::format("dceff.{}", kind_id(v.kind))
                                             : fmt::format("dceff.profile.{}", v.profile);
    fmt::print(out, "  <testcase classname=\"{}\" name=\"{}\">\n", xml_escape(classname),
               xml_escape(v.gate));
    if (v.passed) {
      fmt::print(out, "    <system-out>{}</system-out>\n",
                 xml_escape(v.profile.empty() ? v.message
                                              : fmt::format("{} {}: {} ({})", status_word(v),
                                                            v.rule, v.message, v.source)));
    } else if (v.profile.empty()) {
      fmt::print(out, "    <failure message=\"{}\" type=\"{} gate\">{}</failure>\n",
                 xml_escape(v.message), kind_name(v.kind),
                 xml_escape(fmt::format("fail if {}\n{}", v.expression, v.message)));
    } else {
      fmt::print(
          out, "    <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml_escape(v.message),
          xml_escape(v.rule),
          xml_escape(fmt::format(
              "{}{}\n{}", v.source,
              v.expression.empty() ? std::string{} : fmt::format("; fail if {}", v.expression),
              v.message)));
    }
    fmt::print(out, "  </testcase>\n");
  }
  fmt::print(out, "</testsuite>\n");
}

void write_github(const report::Report& report, std::span<const Verdict> verdicts,
                  std::ostream& out) {
  for (const auto& v : verdicts) {
    if (!v.profile.empty()) {
      fmt::print(out, "::{} title={}::{}\n",
                 !v.passed ? "error" : (v.attention ? "warning" : "notice"),
                 github_escape_property(fmt::format("dceff {} {}", v.profile, v.rule)),
                 github_escape_data(fmt::format("{} ({}: {})", v.message, v.gate, v.source)));
      continue;
    }
    fmt::print(out, "::{} title={}::{}\n", v.passed ? "notice" : "error",
               github_escape_property(fmt::format("dceff {} gate", kind_name(v.kind))),
               github_escape_data(
                   fmt::format("{} (gate {}: fail if {})", v.message, v.gate, v.expression)));
  }
  // A plain log line (the annotations above carry the verdicts), escaped all the same so that
  // no site name can start a workflow command of its own.
  fmt::print(out, "{}\n",
             github_escape_data(fmt::format("dceff check: {}: {}; {}", report.site_name,
                                            summary(verdicts), headline(report))));
}

void write_check(const report::Report& report, std::span<const Verdict> verdicts, Format format,
                 std::ostream& out) {
  switch (format) {
    case Format::kTable:
      write_table(report, verdicts, out);
      return;
    case Format::kJson:
      write_json(report, verdicts, out);
      return;
    case Format::kJunit:
      write_junit(report, verdicts, out);
      return;
    case Format::kGithub:
      write_github(report, verdicts, out);
      return;
  }
}

}  // namespace dceff::checks
