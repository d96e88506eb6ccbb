#include "dceff/checks/writers.hpp"

#include <cstdint>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dceff/checks/profile.hpp"
#include "dceff/error.hpp"

#include "unit/checks/report_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using dceff::checks::Format;
using dceff::checks::Kind;
using dceff::checks::Verdict;

// A small XML 1.0 reader, strict enough to tell well-formed documents from the mistakes an
// escaping bug makes: unbalanced or misnamed tags, unquoted or duplicate attributes, a raw `<`
// or `&`, unknown entities, characters XML forbids and malformed UTF-8. No DTDs, comments or
// CDATA (the JUnit writer emits none).
struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<XmlElement> children;
  std::string text;
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view doc) : doc_{doc} {}

  auto document() -> XmlElement {
    check_characters();
    if (doc_.substr(0, 5) == "<?xml") {
      const auto end = doc_.find("?>");
      if (end == std::string_view::npos) {
        fail("unterminated XML declaration");
      }
      pos_ = end + 2;
    }
    skip_space();
    auto root = element();
    skip_space();
    if (pos_ != doc_.size()) {
      fail("content after the root element");
    }
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("not well-formed XML at byte " + std::to_string(pos_) + ": " + what);
  }

  static auto decode(std::string_view s, std::size_t& i) -> std::int64_t {
    const auto b = [&](std::size_t k) {
      return k < s.size() ? static_cast<unsigned char>(s[k]) : 0U;
    };
    const unsigned lead = b(i);
    if (lead < 0x80U) {
      ++i;
      return lead;
    }
    std::size_t n = 0;
    std::int64_t cp = 0;
    if ((lead & 0xE0U) == 0xC0U) {
      n = 2;
      cp = lead & 0x1FU;
    } else if ((lead & 0xF0U) == 0xE0U) {
      n = 3;
      cp = lead & 0x0FU;
    } else if ((lead & 0xF8U) == 0xF0U) {
      n = 4;
      cp = lead & 0x07U;
    } else {
      return -1;
    }
    for (std::size_t k = 1; k < n; ++k) {
      if ((b(i + k) & 0xC0U) != 0x80U) {
        return -1;
      }
      cp = (cp << 6) | (b(i + k) & 0x3FU);
    }
    const std::int64_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    i += n;
    return cp < min[n] ? -1 : cp;
  }

  static auto is_xml_char(std::int64_t cp) -> bool {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  void check_characters() {
    for (std::size_t i = 0; i < doc_.size();) {
      pos_ = i;
      const auto cp = decode(doc_, i);
      if (cp < 0) {
        fail("malformed UTF-8");
      }
      if (!is_xml_char(cp)) {
        fail("a character XML forbids");
      }
    }
    pos_ = 0;
  }

  void skip_space() {
    while (pos_ < doc_.size() &&
           std::string_view{" \t\r\n"}.find(doc_[pos_]) != std::string::npos) {
      ++pos_;
    }
  }

  auto name() -> std::string {
    const auto start = pos_;
    const auto ok = [](char c, bool first) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
             (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
    };
    while (pos_ < doc_.size() && ok(doc_[pos_], pos_ == start)) {
      ++pos_;
    }
    if (pos_ == start) {
      fail("expected a name");
    }
    return std::string{doc_.substr(start, pos_ - start)};
  }

  void expect(char c) {
    if (pos_ >= doc_.size() || doc_[pos_] != c) {
      fail(std::string{"expected '"} + c + "'");
    }
    ++pos_;
  }

  static void append_utf8(std::string& out, std::int64_t cp) {
    const auto u = static_cast<std::uint32_t>(cp);
    if (u < 0x80) {
      out += static_cast<char>(u);
    } else if (u < 0x800) {
      out += static_cast<char>(0xC0 | (u >> 6));
      out += static_cast<char>(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
      out += static_cast<char>(0xE0 | (u >> 12));
      out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (u & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (u >> 18));
      out += static_cast<char>(0x80 | ((u >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (u & 0x3F));
    }
  }

  void reference(std::string& out) {
    const auto end = doc_.find(';', pos_);
    if (end == std::string_view::npos) {
      fail("unterminated reference");
    }
    const auto ref = doc_.substr(pos_ + 1, end - pos_ - 1);
    const std::map<std::string_view, char> named{
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    if (const auto it = named.find(ref); it != named.end()) {
      out += it->second;
    } else if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string digits{ref.substr(hex ? 2 : 1)};
      if (digits.empty() || digits.size() > 8) {
        fail("invalid character reference");
      }
      std::size_t used = 0;
      const auto cp = std::stoll(digits, &used, hex ? 16 : 10);
      if (used != digits.size() || !is_xml_char(cp)) {
        fail("invalid character reference");
      }
      append_utf8(out, cp);
    } else {
      fail("unknown entity");
    }
    pos_ = end + 1;
  }

  auto attribute_value() -> std::string {
    const char quote = doc_[pos_];
    if (quote != '"' && quote != '\'') {
      fail("unquoted attribute value");
    }
    ++pos_;
    std::string value;
    while (pos_ < doc_.size() && doc_[pos_] != quote) {
      const char c = doc_[pos_];
      if (c == '<') {
        fail("'<' in an attribute value");
      }
      if (c == '&') {
        reference(value);
        continue;
      }
      // Attribute-value normalisation: literal white space becomes a space.
      value += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
      ++pos_;
    }
    expect(quote);
    return value;
  }

  auto element() -> XmlElement {
    expect('<');
    XmlElement e;
    e.name = name();
    for (;;) {
      const auto before = pos_;
      skip_space();
      if (pos_ < doc_.size() && (doc_[pos_] == '/' || doc_[pos_] == '>')) {
        break;
      }
      if (pos_ == before) {
        fail("expected white space before an attribute");
      }
      auto key = name();
      skip_space();
      expect('=');
      skip_space();
      if (!e.attributes.emplace(key, attribute_value()).second) {
        fail("duplicate attribute " + key);
      }
    }
    if (doc_[pos_] == '/') {
      ++pos_;
      expect('>');
      return e;
    }
    expect('>');
    for (;;) {
      if (pos_ >= doc_.size()) {
        fail("unclosed element " + e.name);
      }
      const char c = doc_[pos_];
      if (c == '<' && pos_ + 1 < doc_.size() && doc_[pos_ + 1] == '/') {
        pos_ += 2;
        if (name() != e.name) {
          fail("mismatched end tag for " + e.name);
        }
        skip_space();
        expect('>');
        return e;
      }
      if (c == '<') {
        e.children.push_back(element());
      } else if (c == '&') {
        reference(e.text);
      } else {
        if (doc_.substr(pos_, 3) == "]]>") {
          fail("']]>' in text");
        }
        e.text += c;
        ++pos_;
      }
    }
  }

  std::string_view doc_;
  std::size_t pos_ = 0;
};

auto parse_xml(const std::string& doc) -> XmlElement {
  return XmlReader{doc}.document();
}

auto verdict(std::string gate, std::string expression, bool passed, Kind kind, std::string message)
    -> Verdict {
  Verdict v;
  v.gate = std::move(gate);
  v.expression = std::move(expression);
  v.passed = passed;
  v.kind = kind;
  v.message = std::move(message);
  v.measured = 1.25;
  v.limit = 1.2;
  v.period = dceff::test::kHandPeriod;
  return v;
}

auto sample_verdicts() -> std::vector<Verdict> {
  const std::string p = dceff::test::kHandPeriod;
  return {verdict("max-pue", "pue > 1.2", false, Kind::kEfficiency,
                  "pue 1.250 > 1.200 (maximum) over " + p),
          verdict("min-coverage", "coverage < 0.95", true, Kind::kDataQuality,
                  "coverage 0.960 >= 0.950 (minimum) over " + p)};
}

auto write(Format format, const std::vector<Verdict>& verdicts) -> std::string {
  std::ostringstream out;
  dceff::checks::write_check(dceff::test::hand_report(), verdicts, format, out);
  return out.str();
}

}  // namespace

TEST_CASE("xml_escape escapes markup and keeps line breaks as references", "[checks][junit]") {
  using dceff::checks::xml_escape;
  CHECK(xml_escape("a < b && c > \"d\" 'e'") ==
        "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;");
  CHECK(xml_escape("one\ntwo\r\tthree") == "one&#10;two&#13;&#9;three");
  CHECK(xml_escape("plain 1.214 % ok") == "plain 1.214 % ok");
}

TEST_CASE("xml_escape replaces what XML cannot carry", "[checks][junit]") {
  using dceff::checks::xml_escape;
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(xml_escape(std::string{"a\x01"
                               "b\x1B"}) == "a" + replacement + "b" + replacement);
  CHECK(xml_escape(std::string{"nul\0!", 5}) == "nul" + replacement + "!");
  CHECK(xml_escape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8C\xA1") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8C\xA1");  // valid UTF-8 stays
  CHECK(xml_escape("bad \xC3 end") == "bad " + replacement + " end");
  CHECK(xml_escape("\xFF") == replacement);
  CHECK(xml_escape("\xEF\xBF\xBF") == replacement);                                     // U+FFFF
  CHECK(xml_escape("\xED\xA0\x80x") == replacement + replacement + replacement + "x");  // surrogate
}

TEST_CASE("GitHub messages escape percent and line breaks", "[checks][github]") {
  using dceff::checks::github_escape_data;
  using dceff::checks::github_escape_property;
  CHECK(github_escape_data("94.4 % of\r\nthe period: a, b") == "94.4 %25 of%0D%0Athe period: a, b");
  CHECK(github_escape_data("%0A") == "%250A");
  CHECK(github_escape_property("gate: a, b%\n") == "gate%3A a%2C b%25%0A");
}

TEST_CASE("the JUnit report is well-formed with a testcase per gate", "[checks][junit]") {
  const auto xml = write(Format::kJunit, sample_verdicts());
  const auto root = parse_xml(xml);
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  CHECK(root.name == "testsuite");
  CHECK(root.attributes.at("name") == "dceff check");
  CHECK(root.attributes.at("tests") == "2");
  CHECK(root.attributes.at("failures") == "1");
  CHECK(root.attributes.at("errors") == "0");
  CHECK(root.attributes.count("time") == 0);  // deterministic: no durations
  REQUIRE(root.children.size() == 3);
  const auto& properties = root.children[0];
  CHECK(properties.name == "properties");
  REQUIRE(properties.children.size() == 4);
  CHECK(properties.children[0].attributes.at("name") == "site");
  CHECK(properties.children[0].attributes.at("value") == "Hand Hall");

  const auto& failed = root.children[1];
  CHECK(failed.name == "testcase");
  CHECK(failed.attributes.at("classname") == "dceff.efficiency");
  CHECK(failed.attributes.at("name") == "max-pue");
  REQUIRE(failed.children.size() == 1);
  CHECK(failed.children[0].name == "failure");
  CHECK(failed.children[0].attributes.at("message") ==
        std::string{"pue 1.250 > 1.200 (maximum) over "} + dceff::test::kHandPeriod);
  CHECK(failed.children[0].attributes.at("type") == "efficiency gate");
  CHECK(failed.children[0].text == std::string{"fail if pue > 1.2\npue 1.250 > 1.200 (maximum) "
                                               "over "} +
                                       dceff::test::kHandPeriod);

  const auto& passed = root.children[2];
  CHECK(passed.attributes.at("classname") == "dceff.data_quality");
  CHECK(passed.attributes.at("name") == "min-coverage");
  REQUIRE(passed.children.size() == 1);
  CHECK(passed.children[0].name == "system-out");
}

TEST_CASE("hostile gate names and messages survive the JUnit report intact", "[checks][junit]") {
  const std::string name = "a<b> & \"c\" 'd'\tz\x01";
  const std::string message = "line one\nline two ]]> & <tag> 94 %";
  const auto xml =
      write(Format::kJunit, {verdict(name, "pue > 1", false, Kind::kDataQuality, message)});
  XmlElement root;
  REQUIRE_NOTHROW(root = parse_xml(xml));
  REQUIRE(root.children.size() == 2);
  const auto& testcase = root.children[1];
  CHECK(testcase.attributes.at("name") == "a<b> & \"c\" 'd'\tz\xEF\xBF\xBD");
  CHECK(testcase.attributes.at("classname") == "dceff.data_quality");
  CHECK(testcase.children[0].attributes.at("message") == message);
  CHECK(testcase.children[0].text == "fail if pue > 1\n" + message);
}

TEST_CASE("the XML checker itself rejects broken documents", "[checks][junit]") {
  CHECK_THROWS(parse_xml("<a><b></a></b>"));
  CHECK_THROWS(parse_xml("<a x=1/>"));
  CHECK_THROWS(parse_xml("<a x='1' x='2'/>"));
  CHECK_THROWS(parse_xml("<a>&nbsp;</a>"));
  CHECK_THROWS(parse_xml("<a>a & b</a>"));
  CHECK_THROWS(parse_xml("<a>a < b</a>"));
  CHECK_THROWS(parse_xml("<a>\x01</a>"));
  CHECK_THROWS(parse_xml("<a>\xC3</a>"));
  CHECK_THROWS(parse_xml("<a/><b/>"));
  CHECK_NOTHROW(parse_xml("<a x=\"&lt;&#10;&#x41;\">t &amp; u<b/></a>"));
  CHECK(parse_xml("<a x=\"&lt;&#10;&#x41;\"/>").attributes.at("x") == "<\nA");
}

TEST_CASE("GitHub annotations have one line per gate and escape their text", "[checks][github]") {
  auto verdicts = sample_verdicts();
  verdicts.push_back(verdict("data, main", "coverage < 0.99", false, Kind::kDataQuality,
                             "coverage 0.960 < 0.990: KPIs rest on 96.0 % of the\nperiod"));
  const auto text = write(Format::kGithub, verdicts);
  const std::string p = dceff::test::kHandPeriod;
  CHECK(text ==
        "::error title=dceff efficiency gate::pue 1.250 > 1.200 (maximum) over " + p +
            " (gate max-pue: fail if pue > 1.2)\n"
            "::notice title=dceff data quality gate::coverage 0.960 >= 0.950 (minimum) over " +
            p +
            " (gate min-coverage: fail if coverage < 0.95)\n"
            "::error title=dceff data quality gate::coverage 0.960 < 0.990: KPIs rest on 96.0 %25 "
            "of the%0Aperiod (gate data, main: fail if coverage < 0.99)\n"
            "dceff check: Hand Hall: FAILED: 2 of 3 gates (1 efficiency, 1 data quality); iPUE = "
            "1.250 (category 2, E_IT at PDU output); coverage 96.0 %25\n");
}

TEST_CASE("the table has a verdict line per gate and a summary", "[checks][table]") {
  const std::string p = dceff::test::kHandPeriod;
  CHECK(write(Format::kTable, sample_verdicts()) ==
        "dceff 0.1.0 check: Hand Hall (UTC)\n"
        "Period    " +
            p +
            "  (shorter than 12 months: interim PUE)\n"
            "Headline  iPUE = 1.250 (category 2, E_IT at PDU output); coverage 96.0 %\n"
            "\n"
            "FAIL efficiency: pue 1.250 > 1.200 (maximum) over " +
            p +
            "\n"
            "  gate max-pue: fail if pue > 1.2\n"
            "PASS data quality: coverage 0.960 >= 0.950 (minimum) over " +
            p +
            "\n"
            "  gate min-coverage: fail if coverage < 0.95\n"
            "\n"
            "FAILED: 1 of 2 gates (1 efficiency, 0 data quality)\n");
  auto passing = sample_verdicts();
  passing[0].passed = true;
  CHECK(write(Format::kTable, passing).ends_with("\nPASSED: all 2 gates\n"));
}

TEST_CASE("the JSON result carries verdicts headline KPIs and inputs", "[checks][json]") {
  const auto doc = nlohmann::json::parse(write(Format::kJson, sample_verdicts()));
  CHECK(doc.at("dceff_check") == 1);
  CHECK(doc.at("passed") == false);
  CHECK(doc.at("summary").at("gates") == 2);
  CHECK(doc.at("summary").at("failed") == 1);
  CHECK(doc.at("summary").at("failed_efficiency") == 1);
  CHECK(doc.at("summary").at("failed_data_quality") == 0);
  CHECK(doc.at("period").at("from") == "2025-01-01T00:00:00Z");
  CHECK(doc.at("period").at("granularity") == "month");
  CHECK(doc.at("headline").at("pue").at("value") == 1.25);
  CHECK(doc.at("headline").at("pue").at("category") == 2);
  CHECK(doc.at("headline").at("cue").is_null());
  CHECK(doc.at("headline").at("filled_share").get<double>() == Approx(0.02));
  const auto& v = doc.at("verdicts");
  REQUIRE(v.size() == 2);
  CHECK(v[0].at("gate") == "max-pue");
  CHECK(v[0].at("kind") == "efficiency");
  CHECK(v[0].at("passed") == false);
  CHECK(v[0].at("measured") == 1.25);
  CHECK(v[0].at("limit") == 1.2);
  CHECK(v[0].at("period") == dceff::test::kHandPeriod);
  CHECK(v[1].at("kind") == "data_quality");
  CHECK(doc.at("provenance").at("inputs")[0].at("sha256") == "ab");
  CHECK(doc.at("provenance").at("site_sha256") == "00");
}

TEST_CASE("every format is byte-identical from one run to the next", "[checks][writers]") {
  for (const auto format : {Format::kTable, Format::kJson, Format::kJunit, Format::kGithub}) {
    CHECK(write(format, sample_verdicts()) == write(format, sample_verdicts()));
  }
}

TEST_CASE("format names parse and unknown ones are refused", "[checks][writers][errors]") {
  using dceff::checks::parse_format;
  CHECK(parse_format("table") == Format::kTable);
  CHECK(parse_format("json") == Format::kJson);
  CHECK(parse_format("junit") == Format::kJunit);
  CHECK(parse_format("github") == Format::kGithub);
  CHECK_THROWS_MATCHES(parse_format("xml"), dceff::Error,
                       Message("unknown format 'xml' (expected table, json, junit or github)"));
}

TEST_CASE("profile verdicts: well-formed JUnit, GitHub errors/warnings/notices, table words",
          "[checks][junit][github][profiles]") {
  // hand_report() is 3 months at category 2 with no UPS meter listed: eu-eed-2024-1364 refuses
  // (not a calendar year), accepts category 2 with a note, and passes coverage 0.96 >= 0.95.
  const auto verdicts =
      dceff::checks::evaluate_profile("eu-eed-2024-1364", dceff::test::hand_report(), {});
  REQUIRE(verdicts.size() == 3);
  const auto xml = write(Format::kJunit, verdicts);
  const auto root = parse_xml(xml);
  CHECK(root.attributes.at("tests") == "3");
  CHECK(root.attributes.at("failures") == "1");
  REQUIRE(root.children.size() == 4);
  const auto& refused = root.children[1];
  CHECK(refused.attributes.at("classname") == "dceff.profile.eu-eed-2024-1364");
  CHECK(refused.attributes.at("name") == "eu-eed-2024-1364/condition/calendar-year");
  REQUIRE(refused.children.size() == 1);
  CHECK(refused.children[0].name == "failure");
  CHECK(refused.children[0].attributes.at("type") == "condition");
  CHECK(root.children[2].children[0].name == "system-out");
  CHECK(root.children[2].children[0].text.starts_with("NOTE condition: E_IT at PDU output"));

  const auto github = write(Format::kGithub, verdicts);
  CHECK(github.starts_with(
      "::error title=dceff eu-eed-2024-1364 condition::eu-eed-2024-1364 refuses to give a "
      "verdict: the period 2025-01-01T00:00:00Z..2025-04-01T00:00:00Z is not a calendar year"));
  CHECK(github.find("\n::warning title=dceff eu-eed-2024-1364 condition::E_IT at PDU output "
                    "(category 2)") != std::string::npos);
  CHECK(github.find("\n::notice title=dceff eu-eed-2024-1364 condition::coverage 0.960 >= "
                    "0.950") != std::string::npos);

  const auto table = write(Format::kTable, verdicts);
  CHECK(table.find("\nFAIL eu-eed-2024-1364 condition: ") != std::string::npos);
  CHECK(table.find("\nNOTE eu-eed-2024-1364 condition: ") != std::string::npos);
  CHECK(table.find("\nPASS eu-eed-2024-1364 condition: coverage") != std::string::npos);
  CHECK(table.find("  eu-eed-2024-1364/condition/calendar-year: Reg. (EU) 2024/1364 Art. 3 [S] "
                   "[S23]\n") != std::string::npos);
}

TEST_CASE("filled_share: one accessor on the report for the gates and the check JSON",
          "[checks][json]") {
  auto r = dceff::test::hand_report();
  // 20 kWh filled of E_DC 1000 kWh = 0.02; with no E_DC there is no share (null, not 0).
  CHECK(r.total.filled_share() == 0.02);
  r.total.energy.facility_kwh = 0.0;
  CHECK_FALSE(r.total.filled_share());
  std::ostringstream out;
  dceff::checks::write_json(r, {}, out);
  CHECK(nlohmann::json::parse(out.str()).at("headline").at("filled_share").is_null());
}
