#include "dceff/io/telemetry_reader.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include "byte_buffer.hpp"
#include "chunk_parser.hpp"
#include "record_buffer.hpp"
#include "text_fields.hpp"

namespace dceff::io {
namespace {

using detail::ChunkParser;
using detail::DecimalPolicy;
using detail::LineLayout;
using detail::ParsedChunk;
using detail::ParsedRow;
using detail::quote;
using detail::RecordBuffer;
using detail::RecordFailure;
using detail::trim;

constexpr std::size_t kBatchSize = 8192;
constexpr std::size_t kMaxMeterIds = 100000;
constexpr std::size_t kJsonObjectsPerChunk = 8192;

struct StringHash {
  using is_transparent = void;
  auto operator()(std::string_view text) const noexcept -> std::size_t {
    return std::hash<std::string_view>{}(text);
  }
};

auto article(Quantity quantity) -> std::string_view {
  return quantity == Quantity::kEnergy ? "an" : "a";
}

// Finishes parsed chunks in file order on the reader's thread: resolves meter ids through the
// sink, applies units, settles daylight-saving choices by row order, checks the file's decimal
// convention, and reports the first error with its absolute line.
class Finisher {
 public:
  Finisher(RowSink& sink, Diagnostics& diagnostics, std::string name, bool wide)
      : sink_{sink}, diagnostics_{diagnostics}, name_{std::move(name)}, wide_{wide} {
    batch_.reserve(kBatchSize);
  }

  [[noreturn]] void fail(std::uint64_t line, std::string_view what) const {
    throw InputError(fmt::format("{}:{}: {}", name_, line, what));
  }

  // Wide files resolve their columns once, from the header.
  void set_columns(const std::vector<std::string>& ids, std::uint64_t header_line) {
    for (const auto& id : ids) {
      columns_.push_back(&meter(id, header_line));
      column_ids_.push_back(id);
      // `grid [kW]`: a unit in a column name keeps the meter from matching its declaration.
      const auto open = id.find_last_of("[(");
      if (columns_.back()->index == MeterRef::kSkip && open != std::string::npos && open > 0 &&
          (id.back() == ']' || id.back() == ')') &&
          parse_unit(trim(std::string_view{id}.substr(open + 1, id.size() - open - 2)))) {
        fail(header_line,
             fmt::format("meter column '{}' has a unit in its name (expected the "
                         "meter id as the site file declares it, such as '{}'; the "
                         "unit belongs in the site file)",
                         quote(id), quote(trim(std::string_view{id}.substr(0, open)))));
      }
    }
  }

  void set_decimal_known(bool known) noexcept { decimal_fixed_ = known; }

  void finish(const ParsedChunk& chunk) {
    chunk_first_line_ = next_line_;
    next_line_ += chunk.lines;
    refs_.clear();
    for (std::size_t i = 0; i < chunk.ids.size(); ++i) {
      refs_.push_back(&meter(chunk.ids[i], line_of(chunk.id_lines[i])));
    }
    const auto decimal_conflict = check_decimals(chunk);
    std::size_t note = 0;
    std::size_t problem = 0;
    for (std::size_t k = 0; k < chunk.rows.size(); ++k) {
      const auto& row = chunk.rows[k];
      const auto line = line_of(row.line);
      const MeterRef& ref = wide_ ? *columns_[row.meter] : *refs_[row.meter];
      const std::string& id = wide_ ? column_ids_[row.meter] : chunk.ids[row.meter];
      if (decimal_conflict && decimal_conflict->row == k) {
        fail(line,
             fmt::format("value '{}' for meter '{}' uses a different decimal separator "
                         "than earlier rows (expected '{}')",
                         quote(decimal_conflict->text), quote(id), comma_decimal_ ? ',' : '.'));
      }
      const detail::LocalTimeNote* local = nullptr;
      if ((row.flags & ParsedRow::kLocalChoice) != 0) {
        local = &chunk.local_times[note++];
      }
      const detail::RowProblem* issue = nullptr;
      if ((row.flags & ParsedRow::kInvalid) != 0) {
        issue = &chunk.problems[problem++];
      }
      ++rows_;
      const auto slot = ref.index == MeterRef::kSkip ? 0U : ref.index + 1U;  // 0: skipped
      const auto time = instant(row, local, line, slot);
      if (ref.index == MeterRef::kSkip) {
        if (ref.skipped_rows != nullptr) {
          ++*ref.skipped_rows;
        }
        continue;
      }
      if (issue != nullptr) {
        if (!issue->unit_text.empty()) {
          fail(line, unit_message(issue->unit_text, id, ref.quantity));
        }
        std::string message = issue->message;
        const auto at = message.find("{meter}");
        message.replace(at, 7, quote(id));
        fail(line, message);
      }
      TelemetryRow out;
      out.meter = ref.index;
      out.time = time;
      out.line = line;
      if ((row.flags & ParsedRow::kMissing) != 0) {
        out.missing = true;
      } else {
        const Unit* unit = &ref.unit;
        if (row.unit != ParsedRow::kMeterUnit) {
          unit = &chunk.units[row.unit];
          if (unit->quantity != ref.quantity) {
            fail(line, unit_message(unit->symbol, id, ref.quantity));
          }
        }
        out.value = to_canonical(row.value, *unit);
      }
      batch_.push_back(out);
      if (batch_.size() == kBatchSize) {
        flush();
      }
    }
    if (chunk.failure) {
      fail(line_of(chunk.failure->first), chunk.failure->second);
    }
  }

  void flush() {
    if (!batch_.empty()) {
      sink_.accept(batch_, name_);
      batch_.clear();
    }
  }

  [[nodiscard]] auto rows() const noexcept -> std::uint64_t { return rows_; }
  [[nodiscard]] auto next_line() const noexcept -> std::uint64_t { return next_line_; }
  void set_next_line(std::uint64_t line) noexcept { next_line_ = line; }

 private:
  [[nodiscard]] auto line_of(std::uint32_t relative) const noexcept -> std::uint64_t {
    return chunk_first_line_ + relative;
  }

  static auto unit_message(std::string_view unit, std::string_view id, Quantity quantity)
      -> std::string {
    return fmt::format("unit '{}' does not fit meter '{}' (expected {} {} unit such as {})",
                       quote(unit), quote(id), article(quantity), quantity_name(quantity),
                       canonical_symbol(quantity));
  }

  auto meter(const std::string& id, std::uint64_t line) -> const MeterRef& {
    auto it = meters_.find(id);
    if (it == meters_.end()) {
      if (meters_.size() >= kMaxMeterIds) {
        fail(line, fmt::format("more than {} distinct meter ids in one file (is the format or "
                               "the meter column right?)",
                               kMaxMeterIds));
      }
      it = meters_.emplace(id, std::make_unique<MeterRef>(sink_.resolve(id, name_, line))).first;
    }
    return *it->second;
  }

  // The decimal separator of `;` and tab files is fixed by the first one used.
  auto check_decimals(const ParsedChunk& chunk) -> std::optional<detail::DecimalSighting> {
    if (decimal_fixed_) {
      return std::nullopt;
    }
    const auto& comma = chunk.first_comma;
    const auto& point = chunk.first_point;
    if (!decimal_known_ && (comma || point)) {
      decimal_known_ = true;
      comma_decimal_ = comma && (!point || comma->row < point->row);
    }
    if (comma_decimal_ && point) {
      return point;
    }
    if (!comma_decimal_ && comma && decimal_known_) {
      return comma;
    }
    return std::nullopt;
  }

  // A naive local time in a repeated hour takes the earlier instant unless that would go back
  // in time for the same meter (long formats) or the same row sequence (wide).
  auto instant(const ParsedRow& row, const detail::LocalTimeNote* local, std::uint64_t line,
               std::uint32_t slot) -> Timestamp {
    if (wide_ && line == last_line_) {
      return last_line_time_;
    }
    Timestamp time{std::chrono::milliseconds{row.time_ms}};
    if (local != nullptr) {
      if (wide_) {
        slot = 0;
      }
      if (last_by_slot_.size() <= slot) {
        last_by_slot_.resize(slot + 1);
      }
      if (local->ambiguous) {
        const Timestamp later{std::chrono::milliseconds{local->later_ms}};
        const auto last = wide_ ? last_line_time_ : last_by_slot_[slot];
        time = time > last ? time : later;
        diagnostics_.add(Severity::kInfo, "dst_repeated_hour", "", {name_, line},
                         fmt::format("local time '{}' falls in the hour repeated when clocks go "
                                     "back; resolved by row order",
                                     quote(local->text)));
      } else {
        diagnostics_.add(Severity::kWarning, "dst_skipped_hour", "", {name_, line},
                         fmt::format("local time '{}' does not exist (clocks go forward); read "
                                     "with the offset before the change",
                                     quote(local->text)));
      }
    }
    if (wide_) {
      last_line_ = line;
      last_line_time_ = time;
    } else {
      if (last_by_slot_.size() <= slot) {
        last_by_slot_.resize(slot + 1);
      }
      last_by_slot_[slot] = time;
    }
    return time;
  }

  RowSink& sink_;
  Diagnostics& diagnostics_;
  std::string name_;
  bool wide_;
  std::unordered_map<std::string, std::unique_ptr<MeterRef>, StringHash, std::equal_to<>> meters_;
  std::vector<const MeterRef*> columns_;
  std::vector<std::string> column_ids_;
  std::vector<const MeterRef*> refs_;
  std::vector<Timestamp> last_by_slot_;
  std::uint64_t last_line_ = 0;
  Timestamp last_line_time_{};
  bool decimal_fixed_ = true;
  bool decimal_known_ = false;
  bool comma_decimal_ = false;
  std::uint64_t chunk_first_line_ = 1;
  std::uint64_t next_line_ = 1;
  std::vector<TelemetryRow> batch_;
  std::uint64_t rows_ = 0;
};

// Cuts the input after its header into chunks of whole lines, parses them on worker threads and
// finishes them in order. With one thread everything happens inline.
class ChunkPipeline {
 public:
  ChunkPipeline(const LineLayout& layout, const ReaderOptions& options, Finisher& finisher)
      : layout_{layout},
        finisher_{finisher},
        threads_{options.threads == 0 ? std::max(1U, std::thread::hardware_concurrency())
                                      : options.threads},
        // A wide row of 30 meters becomes 30 parsed rows: smaller chunks keep memory level.
        chunk_bytes_{std::max<std::size_t>(layout.format == TelemetryFormat::kWideCsv
                                               ? options.chunk_bytes / 8
                                               : options.chunk_bytes,
                                           64)} {}

  void run(RecordBuffer& buffer, ByteSource& source) {
    detail::ByteBuffer carry;
    buffer.take_remaining(carry);
    if (threads_ <= 1) {
      ChunkParser parser{layout_};
      ParsedChunk chunk;
      detail::ByteBuffer text;
      for (;;) {
        try {
          if (!next_chunk(source, carry, text)) {
            break;
          }
        } catch (const RecordTooLong&) {
          record_too_long(source);
        }
        parser.parse({text.data(), text.size()}, chunk);
        finisher_.finish(chunk);
      }
      finisher_.flush();
      return;
    }
    // Bytes read before the pipeline (the carry) are already hashed; the rest is hashed here,
    // chunk by chunk in file order, on a thread of its own instead of the reader's.
    if (source.defer_hashing()) {
      hash_skip_ = carry.size();
      hasher_ = std::thread([this, &source] { hash_chunks(source); });
    }
    start_workers();
    try {
      produce_and_finish(source, carry);
    } catch (...) {
      stop_workers();
      throw;
    }
    stop_workers();
    finisher_.flush();
  }

 private:
  struct RecordTooLong {};

  [[noreturn]] void record_too_long(const ByteSource& source) const {
    throw InputError(fmt::format("{}:{}: record longer than {} MiB", source.name(),
                                 finisher_.next_line(), RecordBuffer::kMaxRecord >> 20));
  }

  struct Job {
    detail::ByteBuffer text;
    ParsedChunk chunk;
    bool done = false;    // parsed
    bool hashed = false;  // added to the input's SHA-256 (always true without a hasher)
  };

  // Fills `text` with the next run of whole lines (at least chunk_bytes_ unless the input ends).
  auto next_chunk(ByteSource& source, detail::ByteBuffer& carry, detail::ByteBuffer& text) -> bool {
    text.swap(carry);
    carry.clear();
    std::size_t scanned = 0;
    for (;;) {
      if (text.size() >= chunk_bytes_ || eof_) {
        // Cut after the last newline; keep the rest for the next chunk.
        const auto* begin = text.data();
        const auto* end = text.data() + text.size();
        const auto* last = end;
        while (last > begin + scanned && last[-1] != '\n') {
          --last;
        }
        if (last > begin + scanned ||
            (last == begin + scanned && scanned > 0 && last[-1] == '\n')) {
          carry.assign(last, end);
          text.resize(static_cast<std::size_t>(last - begin));
          return true;
        }
        if (eof_) {
          if (text.size() > RecordBuffer::kMaxRecord) {
            throw RecordTooLong{};
          }
          return !text.empty();  // the final line without a newline
        }
        scanned = text.size();  // no newline yet: a long line, read on
        if (text.size() > RecordBuffer::kMaxRecord) {
          throw RecordTooLong{};  // the caller knows the line once earlier chunks are finished
        }
      }
      const auto old = text.size();
      // Top up to one chunk (at least 64 KiB more), so buffers stay near chunk_bytes_.
      const auto want =
          std::max(chunk_bytes_ > old ? chunk_bytes_ - old : std::size_t{0}, std::size_t{1} << 16);
      text.resize(old + want);
      const auto got = source.read({text.data() + old, want});
      text.resize(old + got);
      if (got == 0) {
        eof_ = true;
      }
    }
  }

  void start_workers() {
    for (unsigned i = 0; i < threads_; ++i) {
      workers_.emplace_back([this] { work(); });
    }
  }

  void stop_workers() {
    {
      const std::lock_guard lock{mutex_};
      stopping_ = true;
    }
    work_ready_.notify_all();
    hash_ready_.notify_all();
    for (auto& worker : workers_) {
      worker.join();
    }
    workers_.clear();
    if (hasher_.joinable()) {
      hasher_.join();
    }
  }

  void hash_chunks(ByteSource& source) {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock{mutex_};
        hash_ready_.wait(lock, [&] { return stopping_ || !hash_queue_.empty(); });
        if (hash_queue_.empty()) {
          return;  // stopping, and every chunk handed over is hashed
        }
        job = hash_queue_.front();
        hash_queue_.pop_front();
      }
      const auto skip = std::min(hash_skip_, job->text.size());
      hash_skip_ -= skip;
      source.hash({job->text.data() + skip, job->text.size() - skip});
      {
        const std::lock_guard lock{mutex_};
        job->hashed = true;
      }
      job_done_.notify_all();
    }
  }

  void work() {
    ChunkParser parser{layout_};
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock{mutex_};
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_ && queue_.empty()) {
          return;
        }
        job = queue_.front();
        queue_.pop_front();
      }
      parser.parse({job->text.data(), job->text.size()}, job->chunk);
      {
        const std::lock_guard lock{mutex_};
        job->done = true;
      }
      job_done_.notify_all();
    }
  }

  void produce_and_finish(ByteSource& source, detail::ByteBuffer& carry) {
    std::deque<std::shared_ptr<Job>> in_flight;
    std::vector<std::shared_ptr<Job>> spare;
    const std::size_t max_in_flight = threads_ + 1;
    bool input_left = true;
    while (input_left || !in_flight.empty()) {
      while (input_left && in_flight.size() < max_in_flight) {
        std::shared_ptr<Job> job;
        if (spare.empty()) {
          job = std::make_shared<Job>();
        } else {
          job = spare.back();
          spare.pop_back();
          // Its text may still be waiting for the hasher.
          std::unique_lock lock{mutex_};
          job_done_.wait(lock, [&] { return job->hashed; });
        }
        bool more = false;
        try {
          more = next_chunk(source, carry, job->text);
        } catch (const RecordTooLong&) {
          // Earlier chunks come first: their errors win, and they fix the line number.
          for (auto& pending : in_flight) {
            {
              std::unique_lock lock{mutex_};
              job_done_.wait(lock, [&] { return pending->done; });
            }
            finisher_.finish(pending->chunk);
          }
          in_flight.clear();
          record_too_long(source);
        }
        if (!more) {
          input_left = false;
          break;
        }
        {
          const std::lock_guard lock{mutex_};
          job->done = false;
          job->hashed = !hasher_.joinable();
          queue_.push_back(job);
          if (!job->hashed) {
            hash_queue_.push_back(job);
          }
        }
        work_ready_.notify_one();
        hash_ready_.notify_one();
        in_flight.push_back(job);
      }
      if (in_flight.empty()) {
        break;
      }
      auto job = in_flight.front();
      {
        std::unique_lock lock{mutex_};
        job_done_.wait(lock, [&] { return job->done; });
      }
      in_flight.pop_front();
      finisher_.finish(job->chunk);
      spare.push_back(std::move(job));
    }
  }

  const LineLayout& layout_;
  Finisher& finisher_;
  unsigned threads_;
  std::size_t chunk_bytes_;
  bool eof_ = false;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable job_done_;
  std::deque<std::shared_ptr<Job>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::condition_variable hash_ready_;
  std::deque<std::shared_ptr<Job>> hash_queue_;
  std::size_t hash_skip_ = 0;  // leading carry bytes that were hashed before the pipeline
  std::thread hasher_;
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

// Reads the header of a CSV file and decides its layout; a file whose first cell is a
// timestamp has no header and is a long CSV.
auto read_csv_header(RecordBuffer& buffer, TelemetryFormat format, Finisher& finisher,
                     LineLayout& layout, std::vector<std::string>& wide_ids,
                     std::optional<std::string>& first_data_line) -> bool {
  std::string_view line;
  do {
    if (!buffer.next_line(line)) {
      return false;  // empty input
    }
  } while (trim(line).empty());
  const auto number = buffer.line_number();
  if (line.find('\r') != std::string_view::npos) {
    finisher.fail(number, "carriage return inside a line (expected LF or CRLF line ends)");
  }
  layout.delimiter = detect_delimiter(line);
  layout.decimal = layout.delimiter == ',' ? DecimalPolicy::kPoint : DecimalPolicy::kEither;
  finisher.set_decimal_known(layout.delimiter == ',');
  detail::CsvSplitter splitter{layout.delimiter};
  std::vector<std::string_view> cells;
  try {
    splitter.split(line, cells);
  } catch (const RecordFailure& failure) {
    finisher.fail(number, failure.message);
  }
  std::vector<std::string> header;
  for (auto cell : cells) {
    header.emplace_back(trim(cell));
  }
  const bool has_header = !parse_timestamp(header.front()).has_value();
  bool is_long = true;
  // One field holding what looks like other separators: a delimiter dceff does not read.
  if (has_header && header.size() == 1 &&
      header.front().find_first_of("|: ^~") != std::string::npos) {
    finisher.fail(number, fmt::format("header '{}' has a single field (expected fields separated "
                                      "by ',', ';' or a tab)",
                                      quote(line)));
  }
  layout.header_fields = header.size();
  if (has_header) {
    std::optional<std::size_t> t;
    std::optional<std::size_t> m;
    std::optional<std::size_t> v;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const auto name = detail::lower(header[i]);
      if (detail::is_time_column(name)) {
        if (t) {
          finisher.fail(number,
                        fmt::format("header '{}' has separate '{}' and '{}' columns (expected "
                                    "one timestamp column such as 2025-01-31T13:45:00Z)",
                                    quote(line), header[*t], header[i]));
        }
        t = i;
      } else if (!m && detail::is_meter_column(name)) {
        m = i;
      } else if (!v && detail::is_value_column(name)) {
        v = i;
      } else if (!layout.unit_col && detail::is_unit_column(name)) {
        layout.unit_col = i;
      }
    }
    is_long = m && v;
    if (format == TelemetryFormat::kLongCsv && !is_long) {
      finisher.fail(number, fmt::format("header '{}' has no meter and value columns (expected "
                                        "timestamp,meter,value[,unit])",
                                        quote(line)));
    }
    if (format == TelemetryFormat::kWideCsv) {
      is_long = false;
    }
    if (is_long) {
      if (!t) {
        finisher.fail(number, fmt::format("header '{}' has no timestamp column (expected "
                                          "timestamp,meter,value[,unit])",
                                          quote(line)));
      }
      layout.time_col = *t;
      layout.meter_col = *m;
      layout.value_col = *v;
    }
  } else if (format == TelemetryFormat::kWideCsv) {
    finisher.fail(number, "a wide CSV needs a header naming its meter columns");
  } else {
    layout.unit_col = header.size() >= 4 ? std::optional<std::size_t>{3} : std::nullopt;
    first_data_line = std::string{line};
  }
  if (is_long) {
    layout.format = TelemetryFormat::kLongCsv;
    layout.columns = std::max({layout.time_col, layout.meter_col, layout.value_col,
                               layout.unit_col.value_or(0)}) +
                     1;
    return true;
  }
  layout.format = TelemetryFormat::kWideCsv;
  layout.columns = header.size();
  for (std::size_t i = 1; i < header.size(); ++i) {
    if (header[i].empty()) {
      finisher.fail(number, fmt::format("empty meter name in header column {}", i + 1));
    }
    for (std::size_t j = 1; j < i; ++j) {
      if (header[j] == header[i]) {
        finisher.fail(number, fmt::format("meter '{}' appears twice in the header (columns {} "
                                          "and {})",
                                          quote(header[i]), j + 1, i + 1));
      }
    }
    wide_ids.push_back(header[i]);
  }
  return true;
}

// A JSON array of records: objects may span lines, so it is read sequentially and handed to the
// finisher in chunks of objects.
void read_json_array(RecordBuffer& buffer, const LineLayout& layout, Finisher& finisher) {
  ChunkParser parser{layout};
  ParsedChunk chunk;
  parser.begin(chunk);
  std::string timestamp_storage;
  std::string value_storage;
  const auto base = buffer.current_line();
  finisher.set_next_line(base);
  auto flush_chunk = [&](std::uint64_t next_line) {
    chunk.first_line = base;
    chunk.lines = next_line - finisher.next_line();
    finisher.finish(chunk);
    parser.begin(chunk);
  };
  // Records read before a structural error come first: their own errors win.
  auto fail_here = [&](std::string_view what) {
    const auto line = buffer.current_line();
    flush_chunk(base);
    finisher.fail(line, what);
  };
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
    const auto line = buffer.current_line();
    const auto relative = static_cast<std::uint32_t>(line - base);
    try {
      detail::JsonRecord record;
      detail::parse_json_record(buffer.view(length), record, timestamp_storage, value_storage);
      parser.add_record(record.timestamp, record.meter, record.value, record.value_is_null,
                        record.unit, relative, chunk);
    } catch (const RecordFailure& failure) {
      chunk.failure = {relative, failure.message};
      flush_chunk(line + 1);
    }
    buffer.count_lines(length);
    buffer.consume(length);
    if (chunk.rows.size() >= kJsonObjectsPerChunk) {
      flush_chunk(base);
    }
  }
  if (skip_space()) {
    fail_here("unexpected data after the closing ']'");
  }
  flush_chunk(base);
  finisher.flush();
}

// Refuses what is not UTF-8 text before a parser makes a confusing message of it: UTF-16 (Excel's
// "Unicode text"), a ZIP archive (an .xlsx workbook) or other binary data.
void check_text(RecordBuffer& buffer, const std::string& name) {
  constexpr std::size_t kProbe = 4096;
  std::array<unsigned char, kProbe> head{};
  std::size_t size = 0;
  char c = 0;
  while (size < kProbe && buffer.peek(size, c)) {
    head[size++] = static_cast<unsigned char>(c);
  }
  auto fail = [&](std::uint64_t line, std::string_view what) {
    throw InputError(fmt::format("{}:{}: {}", name, line, what));
  };
  if (size >= 2 && ((head[0] == 0xff && head[1] == 0xfe) || (head[0] == 0xfe && head[1] == 0xff))) {
    fail(1, "UTF-16 text (expected UTF-8: save as 'CSV UTF-8' or convert with iconv)");
  }
  if (size >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
    fail(1,
         "a ZIP archive such as an Excel workbook (expected CSV, JSON or NDJSON text: export "
         "the sheet as CSV)");
  }
  std::uint64_t line = 1;
  for (std::size_t i = 0; i < size; ++i) {
    if (head[i] == '\n') {
      ++line;
    } else if (head[i] == 0) {
      // ASCII in UTF-16 without a byte-order mark has every other byte zero.
      const bool utf16 =
          size >= 4 && ((head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0) ||
                        (head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0));
      fail(line, utf16 ? "UTF-16 text without a byte-order mark (expected UTF-8: save as 'CSV "
                         "UTF-8' or convert with iconv)"
                       : fmt::format("binary data: a NUL byte at offset {} (expected CSV, JSON "
                                     "or NDJSON text)",
                                     i));
    }
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
  check_text(buffer, source.name());
  buffer.skip_bom();
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
  LineLayout layout;
  layout.missing_markers = &options.missing_markers;
  layout.zone = options.zone;
  std::uint64_t rows = 0;
  if (format == TelemetryFormat::kJson) {
    layout.format = TelemetryFormat::kNdjson;  // records parse the same way
    Finisher finisher{sink, diagnostics, source.name(), false};
    read_json_array(buffer, layout, finisher);
    rows = finisher.rows();
  } else if (format == TelemetryFormat::kNdjson) {
    layout.format = TelemetryFormat::kNdjson;
    Finisher finisher{sink, diagnostics, source.name(), false};
    ChunkPipeline{layout, options, finisher}.run(buffer, source);
    rows = finisher.rows();
  } else {
    // The header decides long or wide; the finisher for errors in it is provisional.
    std::vector<std::string> wide_ids;
    std::optional<std::string> first_data_line;
    Finisher header_errors{sink, diagnostics, source.name(), false};
    if (!read_csv_header(buffer, format, header_errors, layout, wide_ids, first_data_line)) {
      format = format == TelemetryFormat::kAuto ? TelemetryFormat::kLongCsv : format;
    } else {
      format = layout.format;
      const bool wide = layout.format == TelemetryFormat::kWideCsv;
      Finisher finisher{sink, diagnostics, source.name(), wide};
      finisher.set_decimal_known(layout.decimal == DecimalPolicy::kPoint);
      const auto header_line = buffer.line_number();
      if (wide) {
        finisher.set_columns(wide_ids, header_line);
      }
      finisher.set_next_line(header_line + (first_data_line ? 0 : 1));
      if (first_data_line) {
        // A headerless file: its first line is data.
        ChunkParser parser{layout};
        ParsedChunk chunk;
        parser.parse(*first_data_line, chunk);
        finisher.finish(chunk);
      }
      ChunkPipeline{layout, options, finisher}.run(buffer, source);
      rows = finisher.rows();
    }
  }
  return ReadSummary{source.name(), format, rows, source.bytes_read(), source.sha256_hex()};
}

}  // namespace dceff::io
