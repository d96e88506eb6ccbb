#include "dceff/io/telemetry_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include "record_buffer.hpp"

namespace dceff::io {
namespace {

using detail::RecordBuffer;

constexpr std::size_t kBatchSize = 8192;
constexpr std::size_t kQuoteLimit = 60;  // longest offending text quoted in a message

enum class Decimal { kUnknown, kPoint, kComma };

// Quote user text in messages without flooding the terminal.
auto quote(std::string_view text) -> std::string {
  if (text.size() <= kQuoteLimit) {
    return std::string{text};
  }
  return fmt::format("{}...", text.substr(0, kQuoteLimit));
}

auto trim(std::string_view text) noexcept -> std::string_view {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

auto lower(std::string_view text) -> std::string {
  std::string out{text};
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

enum class NumberStatus { kOk, kInvalid, kOutOfRange, kMixedDecimal };

// Parses a reading. Thousands separators, hex, NaN and infinities are rejected; with a decimal
// comma the first separator seen fixes the file's convention.
auto parse_number(std::string_view text, Decimal& decimal, double& out) noexcept -> NumberStatus {
  if (text.empty()) {
    return NumberStatus::kInvalid;
  }
  if (text.front() == '+') {
    text.remove_prefix(1);
  }
  const bool has_point = text.find('.') != std::string_view::npos;
  const bool has_comma = text.find(',') != std::string_view::npos;
  if (has_point && has_comma) {
    return NumberStatus::kInvalid;
  }
  if (decimal == Decimal::kUnknown && (has_point || has_comma)) {
    decimal = has_comma ? Decimal::kComma : Decimal::kPoint;
  }
  if ((has_comma && decimal == Decimal::kPoint) || (has_point && decimal == Decimal::kComma)) {
    return has_comma && decimal == Decimal::kPoint && text.find(',') != std::string_view::npos
               ? NumberStatus::kMixedDecimal
               : NumberStatus::kMixedDecimal;
  }
  std::array<char, 64> local{};
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (has_comma) {
    if (text.size() > local.size()) {
      return NumberStatus::kInvalid;
    }
    std::copy(text.begin(), text.end(), local.begin());
    std::replace(local.begin(), local.begin() + static_cast<std::ptrdiff_t>(text.size()), ',', '.');
    first = local.data();
    last = local.data() + text.size();
  }
  // from_chars accepts "nan" and "inf"; a reading must be a finite decimal number.
  const char c0 = *first == '-' && last - first > 1 ? first[1] : *first;
  if (!((c0 >= '0' && c0 <= '9') || c0 == '.')) {
    return NumberStatus::kInvalid;
  }
  const auto [end, ec] = std::from_chars(first, last, out, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    return NumberStatus::kOutOfRange;
  }
  if (ec != std::errc{} || end != last) {
    return NumberStatus::kInvalid;
  }
  if (!std::isfinite(out)) {
    return NumberStatus::kOutOfRange;
  }
  return NumberStatus::kOk;
}

struct StringHash {
  using is_transparent = void;
  auto operator()(std::string_view text) const noexcept -> std::size_t {
    return std::hash<std::string_view>{}(text);
  }
};

// The part of reading shared by all formats: meter lookup, units, timestamps, values, batching.
class RowBuilder {
 public:
  RowBuilder(const ReaderOptions& options, RowSink& sink, Diagnostics& diagnostics,
             std::string name)
      : options_{options}, sink_{sink}, diagnostics_{diagnostics}, name_{std::move(name)} {
    batch_.reserve(kBatchSize);
  }

  [[noreturn]] void fail(std::uint64_t line, std::string_view what) const {
    throw InputError(fmt::format("{}:{}: {}", name_, line, what));
  }

  [[nodiscard]] auto name() const noexcept -> const std::string& { return name_; }
  [[nodiscard]] auto rows() const noexcept -> std::uint64_t { return rows_; }
  void set_decimal(Decimal decimal) noexcept { decimal_ = decimal; }

  auto meter(std::string_view id, std::uint64_t line) -> const MeterRef& {
    if (id == last_id_ && last_ref_ != nullptr) {
      return *last_ref_;
    }
    auto it = meters_.find(id);
    if (it == meters_.end()) {
      if (id.empty()) {
        fail(line, "empty meter id (expected a meter id)");
      }
      if (meters_.size() >= kMaxMeterIds) {
        fail(line, fmt::format("more than {} distinct meter ids in one file (is the format "
                               "or the meter column right?)",
                               kMaxMeterIds));
      }
      it = meters_.emplace(std::string{id}, sink_.resolve(id, name_, line)).first;
    }
    last_id_ = it->first;
    last_ref_ = &it->second;
    return it->second;
  }

  auto is_missing_marker(std::string_view cell) const noexcept -> bool {
    return std::any_of(options_.missing_markers.begin(), options_.missing_markers.end(),
                       [&](const std::string& marker) { return marker == cell; });
  }

  // Parses a timestamp cell; naive local times are resolved against `last` (the previous
  // instant of the same meter or row) so a repeated hour keeps its order.
  auto timestamp(std::string_view text, std::uint64_t line, Timestamp last) -> Timestamp {
    if (text == last_time_text_ && !last_time_local_) {
      return last_time_;
    }
    const auto parsed = parse_timestamp(text);
    if (!parsed) {
      fail(line, fmt::format("invalid timestamp '{}' (expected RFC 3339 such as "
                             "2025-01-31T13:45:00Z, a local time such as 2025-01-31 14:45:00, "
                             "or Unix epoch seconds or milliseconds)",
                             quote(text)));
    }
    Timestamp instant = parsed->instant;
    if (parsed->is_local) {
      if (options_.zone == nullptr) {
        fail(line, fmt::format("local timestamp '{}' but no time zone is known", quote(text)));
      }
      const auto resolution = options_.zone->resolve(parsed->local);
      using Kind = TimeZone::Resolution::Kind;
      switch (resolution.kind) {
        case Kind::kUnique:
          instant = resolution.earlier;
          break;
        case Kind::kAmbiguous:
          instant = resolution.earlier > last ? resolution.earlier : resolution.later;
          diagnostics_.add(Severity::kInfo, "dst_repeated_hour", "", {name_, line},
                           fmt::format("local time '{}' falls in the hour repeated when clocks go "
                                       "back; resolved by row order",
                                       quote(text)));
          break;
        case Kind::kNonexistent:
          instant = resolution.earlier;
          diagnostics_.add(Severity::kWarning, "dst_skipped_hour", "", {name_, line},
                           fmt::format("local time '{}' does not exist (clocks go forward); read "
                                       "with the offset before the change",
                                       quote(text)));
          break;
      }
    }
    last_time_text_.assign(text);
    last_time_ = instant;
    last_time_local_ = parsed->is_local;
    return instant;
  }

  // Adds one reading; `unit_text` empty means the meter's declared unit.
  void add(const MeterRef& ref, Timestamp time, std::string_view cell, std::string_view unit_text,
           std::uint64_t line, std::string_view meter_id) {
    ++rows_;
    if (ref.index == MeterRef::kSkip) {
      if (ref.skipped_rows != nullptr) {
        ++*ref.skipped_rows;
      }
      return;
    }
    TelemetryRow row;
    row.meter = ref.index;
    row.time = time;
    row.line = line;
    cell = trim(cell);
    if (cell.empty() || is_missing_marker(cell)) {
      row.missing = true;
      push(row);
      return;
    }
    double value = 0.0;
    switch (parse_number(cell, decimal_, value)) {
      case NumberStatus::kOk:
        break;
      case NumberStatus::kOutOfRange:
        fail(line, fmt::format("value '{}' for meter '{}' is out of range (expected a finite "
                               "number)",
                               quote(cell), quote(meter_id)));
      case NumberStatus::kMixedDecimal:
        fail(line,
             fmt::format("value '{}' for meter '{}' uses a different decimal separator "
                         "than earlier rows (expected '{}')",
                         quote(cell), quote(meter_id), decimal_ == Decimal::kComma ? ',' : '.'));
      case NumberStatus::kInvalid:
        fail(line, fmt::format("invalid value '{}' for meter '{}' (expected a number{})",
                               quote(cell), quote(meter_id),
                               options_.missing_markers.empty()
                                   ? ", or an empty cell for a missing reading"
                                   : ", an empty cell or a declared missing marker"));
    }
    const Unit* unit = &ref.unit;
    Unit row_unit;
    unit_text = trim(unit_text);
    if (!unit_text.empty()) {
      const auto parsed = parse_unit(unit_text);
      if (!parsed || parsed->quantity != ref.quantity) {
        fail(line, fmt::format("unit '{}' does not fit meter '{}' (expected {} {} unit such as "
                               "{})",
                               quote(unit_text), quote(meter_id),
                               ref.quantity == Quantity::kEnergy ? "an" : "a",
                               quantity_name(ref.quantity), canonical_symbol(ref.quantity)));
      }
      row_unit = *parsed;
      unit = &row_unit;
    }
    row.value = to_canonical(value, *unit);
    push(row);
  }

  void push(const TelemetryRow& row) {
    batch_.push_back(row);
    if (batch_.size() == kBatchSize) {
      flush();
    }
  }

  void flush() {
    if (!batch_.empty()) {
      sink_.accept(batch_, name_);
      batch_.clear();
    }
  }

 private:
  static constexpr std::size_t kMaxMeterIds = 100000;

  const ReaderOptions& options_;
  RowSink& sink_;
  Diagnostics& diagnostics_;
  std::string name_;
  std::unordered_map<std::string, MeterRef, StringHash, std::equal_to<>> meters_;
  std::string_view last_id_;
  const MeterRef* last_ref_ = nullptr;
  std::string last_time_text_;
  Timestamp last_time_{};
  bool last_time_local_ = false;
  Decimal decimal_ = Decimal::kUnknown;
  std::vector<TelemetryRow> batch_;
  std::uint64_t rows_ = 0;
};

// Splits one CSV line. Quoted cells are unquoted into `storage`; a line without quotes costs one
// memchr per cell.
class CsvSplitter {
 public:
  explicit CsvSplitter(char delimiter) : delimiter_{delimiter} {}

  auto split(std::string_view line, std::vector<std::string_view>& cells, const RowBuilder& rows,
             std::uint64_t line_number) -> void {
    cells.clear();
    if (line.find('"') == std::string_view::npos) {
      std::size_t start = 0;
      for (;;) {
        const auto pos = line.find(delimiter_, start);
        if (pos == std::string_view::npos) {
          cells.push_back(line.substr(start));
          return;
        }
        cells.push_back(line.substr(start, pos - start));
        start = pos + 1;
      }
    }
    storage_.clear();
    storage_.reserve(line.size());  // views into storage_ must stay valid
    std::size_t i = 0;
    for (;;) {
      while (i < line.size() && line[i] == ' ') {
        ++i;
      }
      if (i < line.size() && line[i] == '"') {
        const auto begin = storage_.size();
        ++i;
        for (;;) {
          if (i >= line.size()) {
            rows.fail(line_number,
                      "unterminated quoted field (a quote must close on the same "
                      "line)");
          }
          if (line[i] == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              storage_ += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          storage_ += line[i++];
        }
        while (i < line.size() && line[i] == ' ') {
          ++i;
        }
        cells.emplace_back(storage_.data() + begin, storage_.size() - begin);
        if (i < line.size() && line[i] != delimiter_) {
          rows.fail(line_number, fmt::format("unexpected '{}' after a quoted field (expected '{}')",
                                             line[i], delimiter_));
        }
      } else {
        const auto pos = line.find(delimiter_, i);
        const auto cell = line.substr(i, pos == std::string_view::npos ? line.size() - i : pos - i);
        if (cell.find('"') != std::string_view::npos) {
          rows.fail(line_number, fmt::format("stray quote in field '{}'", quote(cell)));
        }
        cells.push_back(cell);
        i += cell.size();
      }
      if (i >= line.size()) {
        return;
      }
      ++i;  // the delimiter
      if (i == line.size()) {
        cells.emplace_back();
        return;
      }
    }
  }

 private:
  char delimiter_;
  std::string storage_;
};

auto detect_delimiter(std::string_view header) -> char {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      commas += c == ',' ? 1U : 0U;
      semicolons += c == ';' ? 1U : 0U;
      tabs += c == '\t' ? 1U : 0U;
    }
  }
  if (semicolons > commas && semicolons >= tabs) {
    return ';';
  }
  if (tabs > commas) {
    return '\t';
  }
  return ',';
}

auto is_one_of(std::string_view name, std::initializer_list<std::string_view> names) -> bool {
  return std::find(names.begin(), names.end(), name) != names.end();
}
auto is_time_column(std::string_view name) -> bool {
  return is_one_of(name, {"timestamp", "time", "ts", "datetime", "date_time", "date"});
}
auto is_meter_column(std::string_view name) -> bool {
  return is_one_of(name, {"meter", "meter_id", "id", "channel", "point", "sensor", "tag"});
}
auto is_value_column(std::string_view name) -> bool {
  return is_one_of(name, {"value", "reading", "val"});
}
auto is_unit_column(std::string_view name) -> bool {
  return is_one_of(name, {"unit", "units"});
}

void check_line_endings(const RowBuilder& rows, std::string_view line, std::uint64_t number) {
  if (line.find('\r') != std::string_view::npos) {
    rows.fail(number, "carriage return inside a line (expected LF or CRLF line ends)");
  }
}

auto read_csv(RecordBuffer& buffer, TelemetryFormat format, RowBuilder& rows) -> TelemetryFormat {
  std::string_view line;
  do {
    if (!buffer.next_line(line)) {
      return format == TelemetryFormat::kAuto ? TelemetryFormat::kLongCsv : format;  // empty
    }
  } while (trim(line).empty());
  check_line_endings(rows, line, buffer.line_number());
  const char delimiter = detect_delimiter(line);
  rows.set_decimal(delimiter == ',' ? Decimal::kPoint : Decimal::kUnknown);
  CsvSplitter splitter{delimiter};
  std::vector<std::string_view> cells;
  splitter.split(line, cells, rows, buffer.line_number());
  std::vector<std::string> header;
  for (auto cell : cells) {
    header.emplace_back(trim(cell));
  }

  // Columns of the long layout; a file whose first cell is a timestamp has no header.
  std::size_t time_col = 0;
  std::size_t meter_col = 1;
  std::size_t value_col = 2;
  std::optional<std::size_t> unit_col;
  bool has_header = !parse_timestamp(header.front()).has_value();
  bool is_long = true;
  if (has_header) {
    std::optional<std::size_t> t;
    std::optional<std::size_t> m;
    std::optional<std::size_t> v;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const auto name = lower(header[i]);
      if (!t && is_time_column(name)) {
        t = i;
      } else if (!m && is_meter_column(name)) {
        m = i;
      } else if (!v && is_value_column(name)) {
        v = i;
      } else if (!unit_col && is_unit_column(name)) {
        unit_col = i;
      }
    }
    is_long = m && v;
    if (format == TelemetryFormat::kLongCsv && !is_long) {
      rows.fail(buffer.line_number(),
                fmt::format("header '{}' has no meter and value columns (expected "
                            "timestamp,meter,value[,unit])",
                            quote(line)));
    }
    if (format == TelemetryFormat::kWideCsv) {
      is_long = false;
    }
    if (is_long) {
      if (!t) {
        rows.fail(buffer.line_number(), fmt::format("header '{}' has no timestamp column (expected "
                                                    "timestamp,meter,value[,unit])",
                                                    quote(line)));
      }
      time_col = *t;
      meter_col = *m;
      value_col = *v;
    }
  } else if (format == TelemetryFormat::kWideCsv) {
    rows.fail(buffer.line_number(), "a wide CSV needs a header naming its meter columns");
  } else {
    unit_col = header.size() >= 4 ? std::optional<std::size_t>{3} : std::nullopt;
  }

  if (is_long) {
    const std::size_t needed = std::max({time_col, meter_col, value_col, unit_col.value_or(0)}) + 1;
    std::vector<Timestamp> last_by_meter;
    auto handle = [&](std::string_view text, std::uint64_t number) {
      splitter.split(text, cells, rows, number);
      if (cells.size() < needed) {
        rows.fail(number, fmt::format("expected {} fields separated by '{}', got {} in '{}'",
                                      needed, delimiter, cells.size(), quote(text)));
      }
      const auto id = trim(cells[meter_col]);
      const auto& ref = rows.meter(id, number);
      const auto index = ref.index == MeterRef::kSkip ? 0U : ref.index + 1U;  // 0: skipped
      if (last_by_meter.size() <= index) {
        last_by_meter.resize(index + 1);
      }
      const auto time = rows.timestamp(trim(cells[time_col]), number, last_by_meter[index]);
      last_by_meter[index] = time;
      rows.add(ref, time, cells[value_col],
               unit_col ? std::string_view{cells[*unit_col]} : std::string_view{}, number, id);
    };
    if (!has_header) {
      handle(line, buffer.line_number());
    }
    while (buffer.next_line(line)) {
      if (line.empty() || trim(line).empty()) {
        continue;
      }
      handle(line, buffer.line_number());
    }
    return TelemetryFormat::kLongCsv;
  }

  // Wide layout: the header names the meters; one row per timestamp.
  const auto header_line = buffer.line_number();
  std::vector<const MeterRef*> refs;
  for (std::size_t i = 1; i < header.size(); ++i) {
    if (header[i].empty()) {
      rows.fail(header_line, fmt::format("empty meter name in header column {}", i + 1));
    }
    for (std::size_t j = 1; j < i; ++j) {
      if (header[j] == header[i]) {
        rows.fail(header_line, fmt::format("meter '{}' appears twice in the header (columns {} "
                                           "and {})",
                                           quote(header[i]), j + 1, i + 1));
      }
    }
    refs.push_back(&rows.meter(header[i], header_line));
  }
  Timestamp last{};
  while (buffer.next_line(line)) {
    if (line.empty() || trim(line).empty()) {
      continue;
    }
    const auto number = buffer.line_number();
    splitter.split(line, cells, rows, number);
    if (cells.size() != header.size()) {
      rows.fail(number, fmt::format("expected {} fields separated by '{}' as in the header, got "
                                    "{} in '{}'",
                                    header.size(), delimiter, cells.size(), quote(line)));
    }
    const auto time = rows.timestamp(trim(cells[0]), number, last);
    last = time;
    for (std::size_t i = 1; i < cells.size(); ++i) {
      rows.add(*refs[i - 1], time, cells[i], {}, number, header[i]);
    }
  }
  return TelemetryFormat::kWideCsv;
}

// A flat JSON object `{"timestamp": ..., "meter": ..., "value": ...}`: keys and scalar values.
struct JsonRecord {
  std::string_view timestamp;
  std::string meter;
  std::string_view value;  // raw number text, or the string's content
  bool value_is_null = false;
  bool has_timestamp = false;
  bool has_meter = false;
  bool has_value = false;
  std::string unit;
};

class FlatJsonParser {
 public:
  FlatJsonParser(std::string_view text, const RowBuilder& rows, std::uint64_t line)
      : text_{text}, rows_{rows}, line_{line} {}

  auto parse(JsonRecord& record) -> void {
    skip_space();
    expect('{');
    skip_space();
    if (peek() == '}') {
      fail("empty object (expected timestamp, meter and value)");
    }
    for (;;) {
      skip_space();
      std::string key;
      read_string(key);
      skip_space();
      expect(':');
      skip_space();
      const auto lowered = lower(key);
      if (is_time_column(lowered)) {
        duplicate(record.has_timestamp, key);
        record.timestamp = scalar_text(timestamp_storage_, "a timestamp");
      } else if (is_meter_column(lowered)) {
        duplicate(record.has_meter, key);
        if (peek() != '"') {
          fail("meter must be a string");
        }
        read_string(record.meter);
      } else if (is_value_column(lowered)) {
        duplicate(record.has_value, key);
        if (text_.substr(pos_, 4) == "null") {
          pos_ += 4;
          record.value_is_null = true;
        } else {
          record.value = scalar_text(value_storage_, "a number");
        }
      } else if (is_unit_column(lowered)) {
        if (peek() != '"') {
          fail("unit must be a string");
        }
        read_string(record.unit);
      } else {
        skip_value();
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      expect('}');
      break;
    }
    skip_space();
    if (pos_ != text_.size()) {
      fail(fmt::format("unexpected '{}' after the object", text_[pos_]));
    }
    if (!record.has_timestamp || !record.has_meter || !record.has_value) {
      fail(fmt::format("missing field '{}' (expected timestamp, meter and value)",
                       !record.has_timestamp ? "timestamp"
                       : !record.has_meter   ? "meter"
                                             : "value"));
    }
  }

 private:
  [[noreturn]] void fail(std::string_view what) const { rows_.fail(line_, what); }

  auto peek() const noexcept -> char { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skip_space() noexcept {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  void expect(char c) {
    if (peek() != c) {
      fail(pos_ < text_.size() ? fmt::format("unexpected '{}' (expected '{}')", text_[pos_], c)
                               : fmt::format("unexpected end of object (expected '{}')", c));
    }
    ++pos_;
  }

  void duplicate(bool& seen, std::string_view key) const {
    if (seen) {
      fail(fmt::format("duplicate field '{}'", quote(key)));
    }
    seen = true;
  }

  // A string's content (escapes decoded) or a bare number/literal's text.
  auto scalar_text(std::string& storage, std::string_view expected) -> std::string_view {
    if (peek() == '"') {
      read_string(storage);
      return storage;
    }
    const auto start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ' ' &&
           text_[pos_] != '\t' && text_[pos_] != '\n' && text_[pos_] != '\r') {
      if (text_[pos_] == '{' || text_[pos_] == '[') {
        fail(fmt::format("nested value (expected {})", expected));
      }
      ++pos_;
    }
    if (start == pos_) {
      fail(fmt::format("missing value (expected {})", expected));
    }
    return text_.substr(start, pos_ - start);
  }

  void read_string(std::string& out) {
    out.clear();
    expect('"');
    for (;;) {
      if (pos_ >= text_.size()) {
        fail("unterminated string");
      }
      const char c = text_[pos_++];
      if (c == '"') {
        return;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("control character in a string");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) {
        fail("unterminated string");
      }
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned code = 0;
          if (pos_ + 4 > text_.size() ||
              std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, code, 16).ptr !=
                  text_.data() + pos_ + 4) {
            fail("invalid \\u escape");
          }
          pos_ += 4;
          if (code >= 0xD800 && code <= 0xDFFF) {
            fail("surrogate \\u escapes are not supported in meter ids");
          }
          if (code < 0x80) {
            out += static_cast<char>(code);
          } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
          } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
          }
          break;
        }
        default:
          fail(fmt::format("invalid escape '\\{}'", e));
      }
    }
  }

  void skip_value() {
    if (peek() == '"') {
      std::string ignored;
      read_string(ignored);
      return;
    }
    if (peek() == '{' || peek() == '[') {
      fail("nested value (expected a flat object of scalars)");
    }
    (void)scalar_text(value_storage_scratch_, "a value");
  }

  std::string_view text_;
  const RowBuilder& rows_;
  std::uint64_t line_;
  std::size_t pos_ = 0;
  std::string timestamp_storage_;
  std::string value_storage_;
  std::string value_storage_scratch_;
};

class JsonRecordHandler {
 public:
  explicit JsonRecordHandler(RowBuilder& rows) : rows_{rows} {}

  void handle(std::string_view object, std::uint64_t line) {
    JsonRecord record;
    FlatJsonParser parser{object, rows_, line};
    parser.parse(record);
    const auto& ref = rows_.meter(record.meter, line);
    const auto index = ref.index == MeterRef::kSkip ? 0U : ref.index + 1U;  // 0: skipped
    if (last_by_meter_.size() <= index) {
      last_by_meter_.resize(index + 1);
    }
    const auto time = rows_.timestamp(record.timestamp, line, last_by_meter_[index]);
    last_by_meter_[index] = time;
    rows_.add(ref, time, record.value_is_null ? std::string_view{} : record.value, record.unit,
              line, record.meter);
  }

 private:
  RowBuilder& rows_;
  std::vector<Timestamp> last_by_meter_;
};

void read_ndjson(RecordBuffer& buffer, RowBuilder& rows) {
  JsonRecordHandler handler{rows};
  rows.set_decimal(Decimal::kPoint);
  std::string_view line;
  while (buffer.next_line(line)) {
    if (trim(line).empty()) {
      continue;
    }
    handler.handle(line, buffer.line_number());
  }
}

void read_json_array(RecordBuffer& buffer, RowBuilder& rows) {
  JsonRecordHandler handler{rows};
  rows.set_decimal(Decimal::kPoint);
  auto skip_space = [&]() -> bool {
    char c = 0;
    while (buffer.peek(0, c)) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return true;
      }
      buffer.count_lines(1);
      buffer.consume(1);
    }
    return false;
  };
  auto fail_here = [&](std::string_view what) { rows.fail(buffer.current_line(), what); };
  char c = 0;
  if (!skip_space() || !buffer.peek(0, c) || c != '[') {
    fail_here("expected '[' to start a JSON array of records");
  }
  buffer.consume(1);
  bool first = true;
  for (;;) {
    if (!skip_space()) {
      fail_here("unexpected end of input (expected ']' to close the array)");
    }
    (void)buffer.peek(0, c);
    if (c == ']') {
      buffer.consume(1);
      break;
    }
    if (!first) {
      if (c != ',') {
        fail_here(fmt::format("unexpected '{}' (expected ',' or ']')", c));
      }
      buffer.consume(1);
      if (!skip_space()) {
        fail_here("unexpected end of input (expected a record)");
      }
      (void)buffer.peek(0, c);
    }
    first = false;
    if (c != '{') {
      fail_here(fmt::format("unexpected '{}' (expected '{{' to start a record)", c));
    }
    // Find the end of this flat object, honouring strings.
    std::size_t length = 1;
    bool in_string = false;
    bool escaped = false;
    for (;;) {
      if (!buffer.peek(length, c)) {
        fail_here("unexpected end of input inside a record");
      }
      ++length;
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '}') {
        break;
      } else if (c == '{' || c == '[') {
        fail_here("nested value in a record (expected a flat object of scalars)");
      }
    }
    buffer.mark_record_start();
    const auto line = buffer.current_line();
    handler.handle(buffer.view(length), line);
    buffer.count_lines(length);
    buffer.consume(length);
  }
  if (skip_space()) {
    fail_here("unexpected data after the closing ']'");
  }
}

}  // namespace

auto format_name(TelemetryFormat format) noexcept -> std::string_view {
  switch (format) {
    case TelemetryFormat::kAuto:
      return "auto";
    case TelemetryFormat::kLongCsv:
      return "long-csv";
    case TelemetryFormat::kWideCsv:
      return "wide-csv";
    case TelemetryFormat::kJson:
      return "json";
    case TelemetryFormat::kNdjson:
      return "ndjson";
  }
  return "";
}

auto parse_format(std::string_view name) -> TelemetryFormat {
  for (const auto format :
       {TelemetryFormat::kAuto, TelemetryFormat::kLongCsv, TelemetryFormat::kWideCsv,
        TelemetryFormat::kJson, TelemetryFormat::kNdjson}) {
    if (format_name(format) == name || (format == TelemetryFormat::kLongCsv && name == "long") ||
        (format == TelemetryFormat::kWideCsv && name == "wide")) {
      return format;
    }
  }
  throw Error(
      fmt::format("unknown telemetry format '{}' (expected auto, long, wide, json or "
                  "ndjson)",
                  name));
}

auto read_telemetry(ByteSource& source, const ReaderOptions& options, RowSink& sink,
                    Diagnostics& diagnostics) -> ReadSummary {
  RecordBuffer buffer{source};
  buffer.skip_bom();
  RowBuilder rows{options, sink, diagnostics, source.name()};
  auto format = options.format;
  if (format == TelemetryFormat::kAuto) {
    char c = 0;
    std::size_t offset = 0;
    while (buffer.peek(offset, c) && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      ++offset;
    }
    format = c == '['   ? TelemetryFormat::kJson
             : c == '{' ? TelemetryFormat::kNdjson
                        : TelemetryFormat::kAuto;
  }
  switch (format) {
    case TelemetryFormat::kJson:
      read_json_array(buffer, rows);
      break;
    case TelemetryFormat::kNdjson:
      read_ndjson(buffer, rows);
      break;
    default:
      format = read_csv(buffer, format, rows);
  }
  rows.flush();
  return ReadSummary{source.name(), format, rows.rows(), source.bytes_read(), source.sha256_hex()};
}

}  // namespace dceff::io
