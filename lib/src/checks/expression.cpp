#include "dceff/checks/expression.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/time.hpp"

#include "checks/report_facts.hpp"

namespace dceff::checks {
namespace {

template <typename T>
struct Named {
  T value;
  std::string_view name;
};

constexpr std::array<Named<Kpi>, 15> kKpiNames{{
    {Kpi::kPue, "pue"},
    {Kpi::kPueCat1, "pue_cat1"},
    {Kpi::kPueCat2, "pue_cat2"},
    {Kpi::kPueCat3, "pue_cat3"},
    {Kpi::kDcie, "dcie"},
    {Kpi::kEre, "ere"},
    {Kpi::kErf, "erf"},
    {Kpi::kRef, "ref"},
    {Kpi::kCue, "cue"},
    {Kpi::kWue, "wue"},
    {Kpi::kPpueCooling, "ppue_cooling"},
    {Kpi::kPpuePowerDistribution, "ppue_power_distribution"},
    {Kpi::kPpueOther, "ppue_other"},
    {Kpi::kCoverage, "coverage"},
    {Kpi::kFilledShare, "filled_share"},
}};

constexpr std::array<Named<Selector>, 6> kSelectorNames{{
    {Selector::kAnnual, "annual"},
    {Selector::kTtm, "ttm"},
    {Selector::kHourly, "hourly"},
    {Selector::kDaily, "daily"},
    {Selector::kMonthly, "monthly"},
    {Selector::kYearly, "yearly"},
}};

constexpr std::array<Named<Aggregate>, 3> kAggregateNames{{
    {Aggregate::kMax, "max"},
    {Aggregate::kMin, "min"},
    {Aggregate::kMean, "mean"},
}};

// Nesting of '!' and '(' deeper than this is no real gate; the limits keep the recursive parser
// and the evaluation off the end of the stack for hostile input.
constexpr int kMaxDepth = 100;
constexpr std::size_t kMaxComparisons = 1000;

template <typename T, std::size_t N>
auto lookup(const std::array<Named<T>, N>& table, std::string_view name) -> std::optional<T> {
  for (const auto& entry : table) {
    if (entry.name == name) {
      return entry.value;
    }
  }
  return std::nullopt;
}

template <typename T, std::size_t N>
auto name_of(const std::array<Named<T>, N>& table, T value) -> std::string_view {
  for (const auto& entry : table) {
    if (entry.value == value) {
      return entry.name;
    }
  }
  return "";
}

template <typename T, std::size_t N>
auto list(const std::array<Named<T>, N>& table) -> std::string {
  std::string out;
  for (const auto& entry : table) {
    out += out.empty() ? "" : ", ";
    out += entry.name;
  }
  return out;
}

auto is_continuation(char c) -> bool {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// 1-based position in code points, so that the number matches what the user sees.
auto character_number(std::string_view text, std::size_t offset) -> std::size_t {
  std::size_t n = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (!is_continuation(text[i])) {
      ++n;
    }
  }
  return n;
}

auto is_control(char c) -> bool {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20U || byte == 0x7FU;
}

// The expression on one line: other control characters would break the caret line.
auto display_line(std::string_view text) -> std::string {
  std::string out;
  for (char c : text) {
    out += is_control(c) && c != '\t' ? ' ' : c;
  }
  return out;
}

// Blanks up to `offset`, one per code point, tabs kept, so the caret lands under the character.
auto caret_padding(std::string_view text, std::size_t offset) -> std::string {
  std::string out;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\t') {
      out += '\t';
    } else if (!is_continuation(text[i])) {
      out += ' ';
    }
  }
  return out;
}

// `'>'`, the whole UTF-8 sequence for non-ASCII, `character U+000A` for control characters.
auto describe_character(std::string_view text, std::size_t offset) -> std::string {
  const char c = text[offset];
  if (is_control(c)) {
    return fmt::format("character U+{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
  }
  std::size_t end = offset + 1;
  while (end < text.size() && is_continuation(text[end])) {
    ++end;
  }
  return fmt::format("'{}'", text.substr(offset, end - offset));
}

auto is_identifier_start(char c) -> bool {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

auto is_identifier_char(char c) -> bool {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

// `annual` and `ttm` name one period, not a series of buckets: no aggregate.
auto is_whole_period(Selector selector) -> bool {
  return selector == Selector::kAnnual || selector == Selector::kTtm;
}

auto is_digit(char c) -> bool {
  return c >= '0' && c <= '9';
}

auto metric_text(const Metric& metric) -> std::string {
  if (!metric.text.empty()) {
    return metric.text;
  }
  std::string out;
  if (metric.selector != Selector::kAnnual) {
    out = fmt::format("{}.", selector_name(metric.selector));
  }
  out += kpi_name(metric.kpi);
  if (metric.aggregate != Aggregate::kNone) {
    out += fmt::format(".{}", aggregate_name(metric.aggregate));
  }
  return out;
}

auto bucket_adjective(report::Period period) -> std::string_view {
  switch (period) {
    case report::Period::kHour:
      return "hourly";
    case report::Period::kDay:
      return "daily";
    case report::Period::kMonth:
      return "monthly";
    case report::Period::kYear:
      return "yearly";
  }
  return "";
}

auto bucket_noun(report::Period period, std::size_t count) -> std::string {
  std::string_view noun;
  switch (period) {
    case report::Period::kHour:
      noun = "hour";
      break;
    case report::Period::kDay:
      noun = "day";
      break;
    case report::Period::kMonth:
      noun = "month";
      break;
    case report::Period::kYear:
      noun = "year";
      break;
  }
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

auto value_of(const report::Figures& figures, Kpi kpi) -> std::optional<double> {
  const auto& k = figures.kpis;
  switch (kpi) {
    case Kpi::kPue:
      return k.pue;
    case Kpi::kPueCat1:
      return k.pue_by_category[0];
    case Kpi::kPueCat2:
      return k.pue_by_category[1];
    case Kpi::kPueCat3:
      return k.pue_by_category[2];
    case Kpi::kDcie:
      return k.dcie;
    case Kpi::kEre:
      return k.ere;
    case Kpi::kErf:
      return k.erf;
    case Kpi::kRef:
      return k.ref;
    case Kpi::kCue:
      return k.cue;
    case Kpi::kWue:
      return k.wue;
    case Kpi::kPpueCooling:
      return k.ppue_cooling;
    case Kpi::kPpuePowerDistribution:
      return k.ppue_power_distribution;
    case Kpi::kPpueOther:
      return k.ppue_other;
    case Kpi::kCoverage:
      return figures.coverage;
    case Kpi::kFilledShare:
      return figures.filled_share();
  }
  return std::nullopt;
}

// What a KPI needs, for the message of a gate whose figure the report could not compute.
auto requirement(Kpi kpi) -> std::string_view {
  switch (kpi) {
    case Kpi::kPue:
    case Kpi::kDcie:
      return "it needs facility and IT meters with complete data over the same time";
    case Kpi::kPueCat1:
      return "it needs category 1 IT meters (UPS output) with complete data";
    case Kpi::kPueCat2:
      return "it needs category 2 IT meters (PDU output) with complete data";
    case Kpi::kPueCat3:
      return "it needs category 3 IT meters (IT equipment input) with complete data";
    case Kpi::kEre:
    case Kpi::kErf:
      return "it needs a reuse meter and complete facility and IT data";
    case Kpi::kRef:
      return "it needs a renewable or onsite_renewable meter and complete facility data";
    case Kpi::kCue:
      return "it needs grid_carbon_kg_per_kwh in the site file, co2_kg_per_kwh for every fuel "
             "meter and complete IT data";
    case Kpi::kWue:
      return "it needs a water meter and complete IT data";
    case Kpi::kPpueCooling:
      return "it needs a cooling meter and complete IT data";
    case Kpi::kPpuePowerDistribution:
      return "it needs a power_distribution meter and complete IT data";
    case Kpi::kPpueOther:
      return "it needs an 'other' meter and complete IT data";
    case Kpi::kCoverage:
      return "the report has no buckets";
    case Kpi::kFilledShare:
      return "E_DC is zero: no time with complete facility data";
  }
  return "";
}

}  // namespace

auto kpi_name(Kpi kpi) noexcept -> std::string_view {
  return name_of(kKpiNames, kpi);
}

auto selector_name(Selector selector) noexcept -> std::string_view {
  return name_of(kSelectorNames, selector);
}

auto aggregate_name(Aggregate aggregate) noexcept -> std::string_view {
  return name_of(kAggregateNames, aggregate);
}

auto op_symbol(Op op) noexcept -> std::string_view {
  switch (op) {
    case Op::kLess:
      return "<";
    case Op::kLessEqual:
      return "<=";
    case Op::kGreater:
      return ">";
    case Op::kGreaterEqual:
      return ">=";
    case Op::kEqual:
      return "==";
    case Op::kNotEqual:
      return "!=";
  }
  return "";
}

auto negate(Op op) noexcept -> Op {
  switch (op) {
    case Op::kLess:
      return Op::kGreaterEqual;
    case Op::kLessEqual:
      return Op::kGreater;
    case Op::kGreater:
      return Op::kLessEqual;
    case Op::kGreaterEqual:
      return Op::kLess;
    case Op::kEqual:
      return Op::kNotEqual;
    case Op::kNotEqual:
      return Op::kEqual;
  }
  return op;
}

auto mirror(Op op) noexcept -> Op {
  switch (op) {
    case Op::kLess:
      return Op::kGreater;
    case Op::kLessEqual:
      return Op::kGreaterEqual;
    case Op::kGreater:
      return Op::kLess;
    case Op::kGreaterEqual:
      return Op::kLessEqual;
    case Op::kEqual:
    case Op::kNotEqual:
      return op;
  }
  return op;
}

auto compare(double a, Op op, double b) noexcept -> bool {
  switch (op) {
    case Op::kLess:
      return a < b;
    case Op::kLessEqual:
      return a <= b;
    case Op::kGreater:
      return a > b;
    case Op::kGreaterEqual:
      return a >= b;
    case Op::kEqual:
      return a == b;
    case Op::kNotEqual:
      return a != b;
  }
  return false;
}

auto is_data_quality(Kpi kpi) noexcept -> bool {
  return kpi == Kpi::kCoverage || kpi == Kpi::kFilledShare;
}

auto required_period(Selector selector) noexcept -> std::optional<report::Period> {
  switch (selector) {
    case Selector::kAnnual:
    case Selector::kTtm:
      return std::nullopt;
    case Selector::kHourly:
      return report::Period::kHour;
    case Selector::kDaily:
      return report::Period::kDay;
    case Selector::kMonthly:
      return report::Period::kMonth;
    case Selector::kYearly:
      return report::Period::kYear;
  }
  return std::nullopt;
}

auto measure(const Metric& metric, const report::Report& report) -> Measurement {
  const auto whole_period = detail::whole_period(report);
  const auto period = required_period(metric.selector);
  if (!period) {
    if (metric.aggregate != Aggregate::kNone) {
      throw Error(
          fmt::format("{}: an aggregate needs a bucket selector (expected hourly, daily, "
                      "monthly or yearly)",
                      metric_text(metric)));
    }
    if (metric.selector == Selector::kTtm) {
      const auto& ttm = report.trailing_twelve_months;
      if (!ttm) {
        return {std::nullopt, whole_period,
                "ttm needs at least 12 months of data, and the report covers less"};
      }
      auto value = value_of(*ttm, metric.kpi);
      return {value,
              fmt::format("{}..{} (trailing twelve months)", format_utc(ttm->from),
                          format_utc(ttm->to)),
              value ? "" : std::string{requirement(metric.kpi)}};
    }
    auto value = value_of(report.total, metric.kpi);
    return {value, whole_period, value ? "" : std::string{requirement(metric.kpi)}};
  }
  if (report.period != *period) {
    throw Error(fmt::format("{} needs {} buckets, but the report has {} buckets (pass --period {})",
                            metric_text(metric), selector_name(metric.selector),
                            bucket_adjective(report.period), report::period_name(*period)));
  }
  if (metric.aggregate == Aggregate::kNone) {
    throw Error(fmt::format("{}: a bucket selector needs an aggregate (expected max, min or mean)",
                            metric_text(metric)));
  }
  // Buckets without a value (no complete data) are left out, as the report's series shows them.
  std::vector<std::size_t> defined;
  for (std::size_t i = 0; i < report.buckets.size(); ++i) {
    if (value_of(report.buckets[i], metric.kpi)) {
      defined.push_back(i);
    }
  }
  if (defined.empty()) {
    const auto why = report.buckets.empty()
                         ? std::string{"the report has no buckets"}
                         : fmt::format("no {} bucket has a value: {}",
                                       bucket_adjective(report.period), requirement(metric.kpi));
    return {std::nullopt, whole_period, why};
  }
  const auto at = [&](std::size_t i) { return *value_of(report.buckets[i], metric.kpi); };
  switch (metric.aggregate) {
    case Aggregate::kMax:
    case Aggregate::kMin: {
      // The first bucket wins a tie, so the period named is stable.
      std::size_t best = defined.front();
      for (const auto i : defined) {
        const bool better =
            metric.aggregate == Aggregate::kMax ? at(i) > at(best) : at(i) < at(best);
        best = better ? i : best;
      }
      return {at(best), report.buckets[best].label, ""};
    }
    case Aggregate::kMean: {
      double sum = 0.0;
      for (const auto i : defined) {
        sum += at(i);
      }
      const auto& first = report.buckets[defined.front()].label;
      const auto& last = report.buckets[defined.back()].label;
      const auto span = defined.size() == 1 ? first : fmt::format("{}..{}", first, last);
      return {sum / static_cast<double>(defined.size()),
              fmt::format("{} (mean of {})", span, bucket_noun(report.period, defined.size())), ""};
    }
    case Aggregate::kNone:
      break;
  }
  return {std::nullopt, whole_period, ""};
}

// Recursive descent over the grammar in expression.hpp, with positions for every error.
class ExpressionParser {
 public:
  ExpressionParser(std::string_view text, std::string_view where) : text_{text}, where_{where} {
    out_.text_ = std::string{text};
  }

  auto parse() -> Expression {
    out_.root_ = parse_or();
    skip_space();
    if (!at_end()) {
      unexpected("expected '&&', '||' or the end");
    }
    out_.negated_.assign(out_.comparisons_.size(), false);
    mark_negated(out_.root_, false);
    return std::move(out_);
  }

 private:
  using Node = Expression::Node;

  [[noreturn]] void fail(std::string_view what, std::size_t at, std::string_view expected) const {
    auto message = fmt::format("{}: {} at character {}", where_, what, character_number(text_, at));
    if (!expected.empty()) {
      message += fmt::format(" ({})", expected);
    }
    message += fmt::format("\n  {}\n  {}^", display_line(text_), caret_padding(text_, at));
    throw Error(message);
  }

  [[noreturn]] void unexpected(std::string_view expected) const {
    fail(at_end() ? std::string{"unexpected end"}
                  : fmt::format("unexpected {}", describe_character(text_, pos_)),
         pos_, expected);
  }

  [[nodiscard]] auto at_end() const -> bool { return pos_ >= text_.size(); }
  [[nodiscard]] auto peek(std::size_t ahead = 0) const -> char {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  [[nodiscard]] auto looking_at(std::string_view token) const -> bool {
    return text_.substr(pos_).starts_with(token);
  }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t')) {
      ++pos_;
    }
  }

  auto add(Node node) -> std::size_t {
    out_.nodes_.push_back(node);
    return out_.nodes_.size() - 1;
  }

  void enter() {
    if (++depth_ > kMaxDepth) {
      fail("too deeply nested", pos_, fmt::format("expected at most {} levels", kMaxDepth));
    }
  }

  auto parse_or() -> std::size_t {
    auto left = parse_and();
    for (;;) {
      skip_space();
      if (!looking_at("||")) {
        return left;
      }
      pos_ += 2;
      const auto right = parse_and();
      left = add({Node::Type::kOr, left, right});
    }
  }

  auto parse_and() -> std::size_t {
    auto left = parse_unary();
    for (;;) {
      skip_space();
      if (!looking_at("&&")) {
        return left;
      }
      pos_ += 2;
      const auto right = parse_unary();
      left = add({Node::Type::kAnd, left, right});
    }
  }

  auto parse_unary() -> std::size_t {
    skip_space();
    std::size_t node = 0;
    if (peek() == '!' && peek(1) != '=') {
      enter();
      ++pos_;
      node = add({Node::Type::kNot, parse_unary(), 0});
      --depth_;
    } else if (peek() == '(') {
      enter();
      const auto open = pos_;
      ++pos_;
      node = parse_or();
      skip_space();
      if (at_end()) {
        fail("unexpected end", pos_,
             fmt::format("expected ')' to close the '(' at character {}",
                         character_number(text_, open)));
      }
      if (peek() != ')') {
        unexpected("expected '&&', '||' or ')'");
      }
      ++pos_;
      --depth_;
    } else {
      node = parse_comparison();
    }
    return node;
  }

  auto parse_comparison() -> std::size_t {
    const auto start = pos_;
    if (out_.comparisons_.size() >= kMaxComparisons) {
      fail("too many comparisons", start, fmt::format("expected at most {}", kMaxComparisons));
    }
    Comparison comparison;
    comparison.left = parse_operand("expected a comparison, '!' or '('");
    skip_space();
    const auto op = parse_op();
    if (!op) {
      unexpected("expected a comparison operator: <, <=, >, >=, == or !=");
    }
    comparison.op = *op;
    comparison.right = parse_operand("expected a number or a metric");
    if (!comparison.left.metric && !comparison.right.metric) {
      fail("a comparison of two numbers", start, "expected a metric on at least one side");
    }
    out_.comparisons_.push_back(std::move(comparison));
    return add({Node::Type::kComparison, out_.comparisons_.size() - 1, 0});
  }

  auto parse_op() -> std::optional<Op> {
    constexpr std::array<std::pair<std::string_view, Op>, 6> kOps{{
        {"<=", Op::kLessEqual},
        {">=", Op::kGreaterEqual},
        {"==", Op::kEqual},
        {"!=", Op::kNotEqual},
        {"<", Op::kLess},
        {">", Op::kGreater},
    }};
    for (const auto& [symbol, op] : kOps) {
      if (looking_at(symbol)) {
        pos_ += symbol.size();
        return op;
      }
    }
    return std::nullopt;
  }

  auto parse_operand(std::string_view expected) -> Operand {
    skip_space();
    if (is_digit(peek()) || (peek() == '.' && is_digit(peek(1)))) {
      return parse_number();
    }
    if (is_identifier_start(peek())) {
      return parse_metric();
    }
    unexpected(expected);
  }

  auto parse_number() -> Operand {
    const auto start = pos_;
    while (is_digit(peek())) {
      ++pos_;
    }
    if (peek() == '.') {
      ++pos_;
      while (is_digit(peek())) {
        ++pos_;
      }
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      pos_ += 2;
      while (is_digit(peek())) {
        ++pos_;
      }
    }
    Operand operand;
    operand.text = std::string{text_.substr(start, pos_ - start)};
    operand.number = std::strtod(operand.text.c_str(), nullptr);
    if (!std::isfinite(operand.number)) {
      fail(fmt::format("invalid number '{}'", operand.text), start, "expected a finite number");
    }
    return operand;
  }

  struct Part {
    std::size_t offset = 0;
    std::string_view name;
  };

  auto parse_metric() -> Operand {
    const auto start = pos_;
    std::vector<Part> parts;
    for (;;) {
      const auto begin = pos_;
      while (is_identifier_char(peek())) {
        ++pos_;
      }
      parts.push_back({begin, text_.substr(begin, pos_ - begin)});
      if (peek() != '.' || !is_identifier_start(peek(1))) {
        break;
      }
      ++pos_;
    }
    Metric metric;
    metric.text = std::string{text_.substr(start, pos_ - start)};
    resolve(parts, metric);
    Operand operand;
    operand.text = metric.text;
    operand.metric = std::move(metric);
    return operand;
  }

  [[noreturn]] void unknown_kpi(const Part& part) const {
    fail(fmt::format("unknown KPI '{}'", part.name), part.offset,
         fmt::format("expected one of: {}", list(kKpiNames)));
  }

  [[noreturn]] void unknown_selector(const Part& part) const {
    fail(fmt::format("unknown selector '{}'", part.name), part.offset,
         fmt::format("expected one of: {}", list(kSelectorNames)));
  }

  [[noreturn]] void unknown_aggregate(const Part& part) const {
    fail(fmt::format("unknown aggregate '{}'", part.name), part.offset,
         fmt::format("expected one of: {}", list(kAggregateNames)));
  }

  // metric := [selector '.'] kpi ['.' aggregate], with the error at the part that is wrong.
  void resolve(const std::vector<Part>& parts, Metric& metric) const {
    const auto& first = parts.front();
    const auto as_kpi = [](const Part& p) { return lookup(kKpiNames, p.name); };
    const auto as_selector = [](const Part& p) { return lookup(kSelectorNames, p.name); };
    const auto as_aggregate = [](const Part& p) { return lookup(kAggregateNames, p.name); };
    if (parts.size() > 3) {
      fail("unexpected '.'", parts[3].offset - 1,
           "expected a metric as [selector.]kpi[.aggregate], e.g. monthly.pue.max");
    }
    if (parts.size() == 1) {
      if (const auto selector = as_selector(first)) {
        fail(fmt::format("incomplete metric '{}'", first.name), pos_,
             fmt::format("expected a KPI after the selector, e.g. {}.pue{}", first.name,
                         is_whole_period(*selector) ? "" : ".max"));
      }
      const auto kpi = as_kpi(first);
      if (!kpi) {
        fail(fmt::format("unknown metric '{}'", first.name), first.offset,
             fmt::format("expected one of: {}", list(kKpiNames)));
      }
      metric.kpi = *kpi;
      return;
    }
    const auto& second = parts[1];
    if (parts.size() == 2 && !as_selector(first)) {
      if (as_kpi(first)) {
        if (as_aggregate(second)) {
          fail(fmt::format("aggregate '{}' without a bucket selector", second.name), second.offset,
               fmt::format("expected hourly, daily, monthly or yearly first, e.g. monthly.{}.{}",
                           first.name, second.name));
        }
        unknown_aggregate(second);
      }
      if (as_kpi(second)) {
        unknown_selector(first);
      }
      fail(fmt::format("unknown metric '{}'", metric.text), first.offset,
           fmt::format("expected one of: {}", list(kKpiNames)));
    }
    const auto selector = as_selector(first);
    if (!selector) {
      unknown_selector(first);
    }
    const auto kpi = as_kpi(second);
    if (!kpi) {
      unknown_kpi(second);
    }
    metric.selector = *selector;
    metric.kpi = *kpi;
    if (parts.size() == 2) {
      if (!is_whole_period(*selector)) {
        fail(fmt::format("missing aggregate after '{}'", metric.text), pos_,
             fmt::format("expected {0}.max, {0}.min or {0}.mean", metric.text));
      }
      return;
    }
    const auto& third = parts[2];
    const auto aggregate = as_aggregate(third);
    if (!aggregate) {
      unknown_aggregate(third);
    }
    if (is_whole_period(*selector)) {
      fail(fmt::format("aggregate '{}' with the {} selector", third.name, first.name), third.offset,
           "expected hourly, daily, monthly or yearly: an aggregate combines buckets");
    }
    metric.aggregate = *aggregate;
  }

  void mark_negated(std::size_t index, bool negated) {
    const auto& node = out_.nodes_[index];
    switch (node.type) {
      case Node::Type::kComparison:
        out_.negated_[node.first] = negated;
        break;
      case Node::Type::kNot:
        mark_negated(node.first, !negated);
        break;
      case Node::Type::kAnd:
      case Node::Type::kOr:
        mark_negated(node.first, negated);
        mark_negated(node.second, negated);
        break;
    }
  }

  Expression out_;
  std::string_view text_;
  std::string_view where_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

auto Expression::parse(std::string_view text, std::string_view where) -> Expression {
  return ExpressionParser{text, where}.parse();
}

auto Expression::canonical() const -> std::string {
  return nodes_.empty() ? std::string{} : canonical(root_);
}

auto Expression::canonical(std::size_t index) const -> std::string {
  const auto& node = nodes_[index];
  switch (node.type) {
    case Node::Type::kComparison: {
      const auto& c = comparisons_[node.first];
      return fmt::format("({} {} {})", c.left.text, op_symbol(c.op), c.right.text);
    }
    case Node::Type::kNot:
      return fmt::format("!{}", canonical(node.first));
    case Node::Type::kAnd:
      return fmt::format("({} && {})", canonical(node.first), canonical(node.second));
    case Node::Type::kOr:
      return fmt::format("({} || {})", canonical(node.first), canonical(node.second));
  }
  return "";
}

auto Expression::decide(const std::vector<bool>& holds) const -> Outcome {
  if (nodes_.empty()) {
    return {};
  }
  auto outcome = decide(root_, holds);
  std::sort(outcome.decisive.begin(), outcome.decisive.end());
  outcome.decisive.erase(std::unique(outcome.decisive.begin(), outcome.decisive.end()),
                         outcome.decisive.end());
  return outcome;
}

auto Expression::decide(std::size_t index, const std::vector<bool>& holds) const -> Outcome {
  const auto& node = nodes_[index];
  switch (node.type) {
    case Node::Type::kComparison:
      return {holds.at(node.first), {node.first}};
    case Node::Type::kNot: {
      auto inner = decide(node.first, holds);
      inner.value = !inner.value;
      return inner;
    }
    case Node::Type::kAnd:
    case Node::Type::kOr: {
      auto a = decide(node.first, holds);
      auto b = decide(node.second, holds);
      // The side that settles the result: for `||` a true side, for `&&` a false one. When
      // neither does, both sides together do.
      const bool settling = node.type == Node::Type::kOr;
      Outcome out;
      out.value = settling ? (a.value || b.value) : (a.value && b.value);
      for (auto* side : {&a, &b}) {
        if (out.value != settling || side->value == settling) {
          std::move(side->decisive.begin(), side->decisive.end(), std::back_inserter(out.decisive));
        }
      }
      return out;
    }
  }
  return {};
}

}  // namespace dceff::checks
