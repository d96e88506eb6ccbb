#include "chunk_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace dceff::io::detail {
namespace {

constexpr std::size_t kMaxIdsPerChunk = 100000;
// Unix epoch numbers below 1e8 s (1973-03-03T09:46:40Z) are Excel serials or durations, not
// instants any meter export of this century writes; 2200-01-01T00:00:00Z and later are
// placeholders such as 9999-12-31 that would span centuries of empty buckets.
constexpr std::int64_t kMinEpochMs = 100'000'000'000;
constexpr std::int64_t kEndEpochMs = 7'258'118'400'000;

class FlatJsonParser {
 public:
  FlatJsonParser(std::string_view text, std::string& timestamp_storage, std::string& value_storage)
      : text_{text}, timestamp_storage_{timestamp_storage}, value_storage_{value_storage} {}

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
  [[noreturn]] static void fail(std::string_view what) { throw RecordFailure{std::string{what}}; }

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
  std::size_t pos_ = 0;
  std::string& timestamp_storage_;
  std::string& value_storage_;
  std::string value_storage_scratch_;
};

}  // namespace

void parse_json_record(std::string_view text, JsonRecord& record, std::string& timestamp_storage,
                       std::string& value_storage) {
  FlatJsonParser{text, timestamp_storage, value_storage}.parse(record);
}

void CsvSplitter::split(std::string_view line, std::vector<std::string_view>& cells) {
  cells.clear();
  if (line.find('"') == std::string_view::npos) {
    std::size_t start = 0;
    for (;;) {
      const void* hit = std::memchr(line.data() + start, delimiter_, line.size() - start);
      if (hit == nullptr) {
        cells.push_back(line.substr(start));
        return;
      }
      const auto pos = static_cast<std::size_t>(static_cast<const char*>(hit) - line.data());
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
          throw RecordFailure{"unterminated quoted field (a quote must close on the same line)"};
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
        throw RecordFailure{fmt::format("unexpected '{}' after a quoted field (expected '{}')",
                                        line[i], delimiter_)};
      }
    } else {
      const auto pos = line.find(delimiter_, i);
      const auto cell = line.substr(i, pos == std::string_view::npos ? line.size() - i : pos - i);
      if (cell.find('"') != std::string_view::npos) {
        throw RecordFailure{fmt::format("stray quote in field '{}'", quote(cell))};
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

void ChunkParser::begin(ParsedChunk& out) {
  out.clear();
  ids_.clear();
  successor_.clear();
  previous_meter_ = 0xffffffffU;
  time_valid_ = false;
}

void ChunkParser::parse(std::string_view text, ParsedChunk& out) {
  begin(out);
  std::uint32_t line_index = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
    const auto end = nl == nullptr
                         ? text.size()
                         : static_cast<std::size_t>(static_cast<const char*>(nl) - text.data());
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    try {
      parse_line(line, line_index, out);
    } catch (const RecordFailure& failure) {
      out.failure = {line_index, failure.message};
      out.lines = line_index + 1;
      return;
    }
    ++line_index;
    start = end + 1;
  }
  out.lines = line_index;
}

void ChunkParser::parse_line(std::string_view line, std::uint32_t line_index, ParsedChunk& out) {
  if (line.empty() || trim(line).empty()) {
    return;
  }
  switch (layout_.format) {
    case TelemetryFormat::kNdjson: {
      JsonRecord record;
      parse_json_record(line, record, json_timestamp_, json_value_);
      add_record(record.timestamp, record.meter, record.value, record.value_is_null, record.unit,
                 line_index, out);
      return;
    }
    case TelemetryFormat::kWideCsv: {
      splitter_.split(line, cells_);
      if (cells_.size() != layout_.columns) {
        throw RecordFailure{
            fmt::format("expected {} fields separated by '{}' as in the header, got {} in '{}'",
                        layout_.columns, layout_.delimiter, cells_.size(), quote(line))};
      }
      const auto time_text = trim(cells_[0]);
      for (std::size_t i = 1; i < cells_.size(); ++i) {
        ParsedRow row;
        row.meter = static_cast<std::uint32_t>(i - 1);
        row.line = line_index;
        set_time(time_text, row, out);
        set_value(cells_[i], false, row, out);
        out.rows.push_back(row);
      }
      return;
    }
    default: {
      splitter_.split(line, cells_);
      if (cells_.size() < layout_.columns) {
        throw RecordFailure{fmt::format("expected {} fields separated by '{}', got {} in '{}'",
                                        layout_.columns, layout_.delimiter, cells_.size(),
                                        quote(line))};
      }
      if (layout_.header_fields != 0 && cells_.size() > layout_.header_fields) {
        // `150,5` in a `,` file: the decimal comma splits the value, and the rest would be lost.
        const bool decimal_comma =
            layout_.delimiter == ',' && layout_.value_col + 1 < cells_.size() &&
            !trim(cells_[layout_.value_col + 1]).empty() &&
            trim(cells_[layout_.value_col + 1]).find_first_not_of("0123456789") ==
                std::string_view::npos;
        throw RecordFailure{fmt::format(
            "expected {} fields separated by '{}' as in the header, got {} in '{}'{}",
            layout_.header_fields, layout_.delimiter, cells_.size(), quote(line),
            decimal_comma ? " (a decimal comma? quote the value or separate fields with ';')"
                          : "")};
      }
      add_record(trim(cells_[layout_.time_col]), trim(cells_[layout_.meter_col]),
                 cells_[layout_.value_col], false,
                 layout_.unit_col ? cells_[*layout_.unit_col] : std::string_view{}, line_index,
                 out);
    }
  }
}

void ChunkParser::add_record(std::string_view time_text, std::string_view meter_id,
                             std::string_view cell, bool value_is_null, std::string_view unit_text,
                             std::uint32_t line, ParsedChunk& out) {
  ParsedRow row;
  row.line = line;
  row.meter = local_meter(meter_id, line, out);
  set_time(time_text, row, out);
  set_value(cell, value_is_null, row, out);
  if (!(row.flags & ParsedRow::kMissing)) {
    set_unit(unit_text, row, out);
  }
  out.rows.push_back(row);
}

auto ChunkParser::local_meter(std::string_view id, std::uint32_t line, ParsedChunk& out)
    -> std::uint32_t {
  // Exports cycle through their meters in a fixed order: predict the next one.
  if (previous_meter_ < successor_.size()) {
    const auto guess = successor_[previous_meter_];
    if (guess < out.ids.size() && out.ids[guess] == id) {
      previous_meter_ = guess;
      return guess;
    }
  }
  std::uint32_t local = 0;
  if (const auto it = ids_.find(id); it != ids_.end()) {
    local = it->second;
  } else {
    if (id.empty()) {
      throw RecordFailure{"empty meter id (expected a meter id)"};
    }
    if (out.ids.size() >= kMaxIdsPerChunk) {
      throw RecordFailure{fmt::format(
          "more than {} distinct meter ids in one file (is the format or the meter column right?)",
          kMaxIdsPerChunk)};
    }
    local = static_cast<std::uint32_t>(out.ids.size());
    out.ids.emplace_back(id);
    out.id_lines.push_back(line);
    ids_.emplace(std::string{id}, local);
    successor_.push_back(0xffffffffU);
  }
  if (previous_meter_ < successor_.size()) {
    successor_[previous_meter_] = local;
  }
  previous_meter_ = local;
  return local;
}

void ChunkParser::set_time(std::string_view text, ParsedRow& row, ParsedChunk& out) {
  if (!time_valid_ || text != time_text_) {
    const auto parsed = parse_timestamp(text);
    if (!parsed) {
      if (is_time_column(lower(text))) {
        throw RecordFailure{fmt::format(
            "the header '{}' repeats here (two exports joined together? expected a timestamp)",
            quote(text))};
      }
      if (text.size() >= 10 && text[4] == '-' && text < std::string_view{"1970-01-01"} &&
          text.substr(0, 4).find_first_not_of("0123456789") == std::string_view::npos) {
        throw RecordFailure{fmt::format(
            "timestamp '{}' is before 1970 (expected a date from 1970 to 2199)", quote(text))};
      }
      throw RecordFailure{fmt::format(
          "invalid timestamp '{}' (expected RFC 3339 such as 2025-01-31T13:45:00Z, a local time "
          "such as 2025-01-31 14:45:00, or Unix epoch seconds or milliseconds)",
          quote(text))};
    }
    time_note_.reset();
    time_row_.flags = 0;
    if (!parsed->is_local) {
      time_row_.time_ms = parsed->instant.time_since_epoch().count();
    } else {
      if (layout_.zone == nullptr) {
        throw RecordFailure{
            fmt::format("local timestamp '{}' but no time zone is known", quote(text))};
      }
      const auto resolution = layout_.zone->resolve(parsed->local);
      time_row_.time_ms = resolution.earlier.time_since_epoch().count();
      using Kind = TimeZone::Resolution::Kind;
      if (resolution.kind != Kind::kUnique) {
        time_row_.flags = ParsedRow::kLocalChoice;
        time_note_ = LocalTimeNote{0, resolution.kind == Kind::kAmbiguous,
                                   resolution.later.time_since_epoch().count(), std::string{text}};
      }
    }
    check_time_range(text, time_row_.time_ms);
    time_text_.assign(text);
    time_valid_ = true;
  }
  row.time_ms = time_row_.time_ms;
  row.flags |= time_row_.flags;
  if (time_note_) {
    out.local_times.push_back(*time_note_);
    out.local_times.back().row = out.rows.size();
  }
}

void ChunkParser::check_time_range(std::string_view text, std::int64_t time_ms) {
  const bool epoch = text.size() < 10 || text[4] != '-';
  if (epoch && time_ms < kMinEpochMs) {
    throw RecordFailure{fmt::format(
        "timestamp '{}' read as Unix epoch time is before 1973-03-03: an Excel date serial "
        "(days since 1899-12-30)? (expected RFC 3339 such as 2025-01-31T13:45:00Z, or Unix epoch "
        "seconds or milliseconds)",
        quote(text))};
  }
  if (time_ms >= kEndEpochMs) {
    throw RecordFailure{fmt::format(
        "timestamp '{}' is in the year 2200 or later: a placeholder date? (expected a date from "
        "1970 to 2199)",
        quote(text))};
  }
}

void ChunkParser::set_value(std::string_view cell, bool value_is_null, ParsedRow& row,
                            ParsedChunk& out) {
  cell = trim(cell);
  if (value_is_null || cell.empty() ||
      (layout_.missing_markers != nullptr &&
       std::find(layout_.missing_markers->begin(), layout_.missing_markers->end(), cell) !=
           layout_.missing_markers->end())) {
    row.flags |= ParsedRow::kMissing;
    return;
  }
  DecimalUsed used = DecimalUsed::kNone;
  const auto status = parse_number(cell, layout_.decimal, row.value, used);
  if (status != NumberStatus::kOk) {
    row.flags |= ParsedRow::kInvalid;
    // Wide files name their meter in the header: the reader fills in the id.
    RowProblem problem{out.rows.size(), {}, {}};
    const auto reason =
        status == NumberStatus::kOutOfRange ? std::string{} : bad_number_reason(cell);
    problem.message =
        status == NumberStatus::kOutOfRange
            ? fmt::format(
                  "value '{}' for meter '{{meter}}' is out of range (expected a finite "
                  "number)",
                  quote(cell))
        : !reason.empty()
            ? fmt::format("invalid value '{}' for meter '{{meter}}': {}", quote(cell), reason)
            : fmt::format("invalid value '{}' for meter '{{meter}}' (expected a number{})",
                          quote(cell),
                          layout_.missing_markers == nullptr || layout_.missing_markers->empty()
                              ? ", or an empty cell for a missing reading"
                              : ", an empty cell or a declared missing marker");
    out.problems.push_back(std::move(problem));
    return;
  }
  if (used == DecimalUsed::kComma && !out.first_comma) {
    out.first_comma = DecimalSighting{row.line, out.rows.size(), std::string{cell}};
  } else if (used == DecimalUsed::kPoint && !out.first_point) {
    out.first_point = DecimalSighting{row.line, out.rows.size(), std::string{cell}};
  }
}

void ChunkParser::set_unit(std::string_view unit_text, ParsedRow& row, ParsedChunk& out) {
  unit_text = trim(unit_text);
  if (unit_text.empty()) {
    return;
  }
  for (std::size_t i = 0; i < out.units.size(); ++i) {
    if (out.units[i].symbol == unit_text) {
      row.unit = static_cast<std::uint8_t>(i);
      return;
    }
  }
  const auto unit = parse_unit(unit_text);
  if (!unit || out.units.size() >= ParsedRow::kMeterUnit) {
    row.flags |= ParsedRow::kInvalid;
    out.problems.push_back(RowProblem{out.rows.size(), {}, std::string{unit_text}});
    return;
  }
  row.unit = static_cast<std::uint8_t>(out.units.size());
  out.units.push_back(*unit);
}

}  // namespace dceff::io::detail
