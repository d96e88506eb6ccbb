#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"
#include "dceff/partial.hpp"

#include "json_config.hpp"
#include "report/provenance_json.hpp"

namespace dceff {
namespace {

using nlohmann::ordered_json;

auto ms(Timestamp t) -> std::int64_t {
  return t.time_since_epoch().count();
}
auto at(std::int64_t value) -> Timestamp {
  return Timestamp{std::chrono::milliseconds{value}};
}

auto edge_json(const std::optional<ledger::EdgeReading>& edge) -> ordered_json {
  if (!edge) {
    return nullptr;
  }
  return {{"time_ms", ms(edge->time)},
          {"value", edge->value},
          {"file", edge->file},
          {"line", edge->line}};
}

auto quality_json(const ledger::ChannelQuality& q) -> ordered_json {
  return {{"rows", q.rows},
          {"missing_values", q.missing_values},
          {"gaps", q.gaps},
          {"gap_ms", q.gap_ms},
          {"longest_gap_ms", q.longest_gap_ms},
          {"filled_gaps", q.filled_gaps},
          {"duplicates", q.duplicates},
          {"conflicting_duplicates", q.conflicting_duplicates},
          {"out_of_order", q.out_of_order},
          {"negative", q.negative},
          {"rollovers", q.rollovers},
          {"resets", q.resets},
          {"implausible", q.implausible},
          {"flatlines", q.flatlines},
          {"spikes", q.spikes},
          {"first_ms", q.first ? ordered_json(ms(*q.first)) : ordered_json(nullptr)},
          {"last_ms", q.last ? ordered_json(ms(*q.last)) : ordered_json(nullptr)}};
}

// Reading with messages that name the part file and the JSON pointer.
class Reader {
 public:
  explicit Reader(std::string_view name) : name_{name} {}

  [[noreturn]] void fail(const std::string& pointer, std::string_view what) const {
    throw ConfigError(fmt::format("{}: {}: {}", name_, pointer.empty() ? "/" : pointer, what));
  }

  auto field(const ordered_json& object, const std::string& pointer, const char* key) const
      -> const ordered_json& {
    if (!object.is_object() || !object.contains(key)) {
      fail(pointer, fmt::format("missing field '{}'", key));
    }
    return object[key];
  }
  auto integer(const ordered_json& object, const std::string& pointer, const char* key) const
      -> std::int64_t {
    const auto& value = field(object, pointer, key);
    if (!value.is_number_integer()) {
      fail(pointer + "/" + key, "expected an integer");
    }
    return value.get<std::int64_t>();
  }
  auto count(const ordered_json& object, const std::string& pointer, const char* key) const
      -> std::uint64_t {
    const auto value = integer(object, pointer, key);
    if (value < 0) {
      fail(pointer + "/" + key, "expected a count >= 0");
    }
    return static_cast<std::uint64_t>(value);
  }
  auto number(const ordered_json& object, const std::string& pointer, const char* key) const
      -> double {
    const auto& value = field(object, pointer, key);
    if (!value.is_number()) {
      fail(pointer + "/" + key, "expected a number");
    }
    return value.get<double>();
  }
  auto text(const ordered_json& object, const std::string& pointer, const char* key) const
      -> std::string {
    const auto& value = field(object, pointer, key);
    if (!value.is_string()) {
      fail(pointer + "/" + key, "expected a string");
    }
    return value.get<std::string>();
  }
  auto optional_time(const ordered_json& object, const std::string& pointer, const char* key) const
      -> std::optional<Timestamp> {
    const auto& value = field(object, pointer, key);
    if (value.is_null()) {
      return std::nullopt;
    }
    return at(integer(object, pointer, key));
  }
  auto edge(const ordered_json& object, const std::string& pointer, const char* key) const
      -> std::optional<ledger::EdgeReading> {
    const auto& value = field(object, pointer, key);
    if (value.is_null()) {
      return std::nullopt;
    }
    const auto here = pointer + "/" + key;
    return ledger::EdgeReading{at(integer(value, here, "time_ms")), number(value, here, "value"),
                               count(value, here, "line"), text(value, here, "file")};
  }
  auto array(const ordered_json& object, const std::string& pointer, const char* key) const
      -> const ordered_json& {
    const auto& value = field(object, pointer, key);
    if (!value.is_array()) {
      fail(pointer + "/" + key, "expected an array");
    }
    return value;
  }

 private:
  std::string name_;
};

}  // namespace

void write_partial(const PartialState& state, std::ostream& out) {
  ordered_json doc;
  doc["dceff_partial"] = 1;
  doc["tool_version"] = state.tool_version;
  doc["site"] = {
      {"path", state.site_path}, {"sha256", state.site_sha256}, {"text", state.site_text}};
  doc["from_ms"] = state.from ? ordered_json(ms(*state.from)) : ordered_json(nullptr);
  doc["to_ms"] = state.to ? ordered_json(ms(*state.to)) : ordered_json(nullptr);
  doc["inputs"] = report::detail::inputs_json(state.inputs);
  auto& unmapped = doc["unmapped"] = ordered_json::array();
  for (const auto& u : state.unmapped) {
    unmapped.push_back(
        {{"id", u.id}, {"rows", u.rows}, {"file", u.first_seen.file}, {"line", u.first_seen.line}});
  }
  auto& diagnostics = doc["diagnostics"] = ordered_json::array();
  for (const auto& d : state.diagnostics) {
    diagnostics.push_back({{"severity", static_cast<int>(d.severity)},
                           {"code", d.code},
                           {"meter", d.meter},
                           {"file", d.where.file},
                           {"line", d.where.line},
                           {"message", d.message},
                           {"count", d.count}});
  }
  auto& meters = doc["meters"] = ordered_json::array();
  for (const auto& [id, m] : state.meters) {
    auto buckets = ordered_json::array();
    for (const auto& [bucket, amount] : m.buckets) {
      buckets.push_back({bucket, amount.amount, amount.filled, amount.covered_ms});
    }
    meters.push_back({{"id", id},
                      {"quality", quality_json(m.quality)},
                      {"first", edge_json(m.first)},
                      {"last", edge_json(m.last)},
                      {"before", edge_json(m.before)},
                      {"flat_since_ms", ms(m.flat_since)},
                      {"flat_count", m.flat_count},
                      {"flat_reported", m.flat_reported},
                      {"buckets", std::move(buckets)}});
  }
  out << report::detail::dump_json(doc, -1) << '\n';
}

auto read_partial(std::istream& in, std::string_view name) -> PartialState {
  const Reader r{name};
  // dceff writes each key once: a repeated one means an edited file, and would replace a tally.
  auto doc = io::detail::parse_config_json(in, name, "dceff writes each field once");
  if (!doc.is_object() || !doc.contains("dceff_partial") || doc["dceff_partial"] != 1) {
    r.fail("/dceff_partial",
           "not a dceff partial state version 1 (expected the output of "
           "'dceff report --partial')");
  }
  PartialState state;
  state.tool_version = r.text(doc, "", "tool_version");
  const auto& site = r.field(doc, "", "site");
  state.site_path = r.text(site, "/site", "path");
  state.site_sha256 = r.text(site, "/site", "sha256");
  state.site_text = r.text(site, "/site", "text");
  state.from = r.optional_time(doc, "", "from_ms");
  state.to = r.optional_time(doc, "", "to_ms");
  const auto& inputs = r.array(doc, "", "inputs");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto here = fmt::format("/inputs/{}", i);
    state.inputs.push_back(
        report::InputProvenance{r.text(inputs[i], here, "path"), r.text(inputs[i], here, "format"),
                                r.count(inputs[i], here, "rows"), r.count(inputs[i], here, "bytes"),
                                r.text(inputs[i], here, "sha256")});
  }
  const auto& unmapped = r.array(doc, "", "unmapped");
  for (std::size_t i = 0; i < unmapped.size(); ++i) {
    const auto here = fmt::format("/unmapped/{}", i);
    state.unmapped.push_back(report::UnmappedMeter{
        r.text(unmapped[i], here, "id"), r.count(unmapped[i], here, "rows"),
        SourceLocation{r.text(unmapped[i], here, "file"), r.count(unmapped[i], here, "line")}});
  }
  const auto& diagnostics = r.array(doc, "", "diagnostics");
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const auto here = fmt::format("/diagnostics/{}", i);
    const auto& d = diagnostics[i];
    const auto severity = r.integer(d, here, "severity");
    if (severity < 0 || severity > 2) {
      r.fail(here + "/severity", "expected 0, 1 or 2");
    }
    state.diagnostics.push_back(Diagnostic{
        static_cast<Severity>(severity), r.text(d, here, "code"), r.text(d, here, "meter"),
        SourceLocation{r.text(d, here, "file"), r.count(d, here, "line")},
        r.text(d, here, "message"), r.count(d, here, "count")});
  }
  const auto& meters = r.array(doc, "", "meters");
  for (std::size_t i = 0; i < meters.size(); ++i) {
    const auto here = fmt::format("/meters/{}", i);
    const auto& m = meters[i];
    ledger::ChannelSnapshot snapshot;
    const auto& q = r.field(m, here, "quality");
    const auto qp = here + "/quality";
    auto& sq = snapshot.quality;
    sq.rows = r.count(q, qp, "rows");
    sq.missing_values = r.count(q, qp, "missing_values");
    sq.gaps = r.count(q, qp, "gaps");
    sq.gap_ms = r.integer(q, qp, "gap_ms");
    sq.longest_gap_ms = r.integer(q, qp, "longest_gap_ms");
    sq.filled_gaps = r.count(q, qp, "filled_gaps");
    sq.duplicates = r.count(q, qp, "duplicates");
    sq.conflicting_duplicates = r.count(q, qp, "conflicting_duplicates");
    sq.out_of_order = r.count(q, qp, "out_of_order");
    sq.negative = r.count(q, qp, "negative");
    sq.rollovers = r.count(q, qp, "rollovers");
    sq.resets = r.count(q, qp, "resets");
    sq.implausible = r.count(q, qp, "implausible");
    sq.flatlines = r.count(q, qp, "flatlines");
    sq.spikes = r.count(q, qp, "spikes");
    sq.first = r.optional_time(q, qp, "first_ms");
    sq.last = r.optional_time(q, qp, "last_ms");
    // Tallies a run cannot produce would merge into impossible coverage and counts.
    const auto at_most = [&](std::uint64_t part, std::uint64_t whole, const char* key,
                             std::string_view of) {
      if (part > whole) {
        r.fail(qp + "/" + key,
               fmt::format("{} exceeds {} {} (expected at most {})", part, of, whole, whole));
      }
    };
    at_most(sq.missing_values, sq.rows, "missing_values", "rows");
    at_most(sq.duplicates + sq.conflicting_duplicates + sq.out_of_order, sq.rows, "duplicates",
            "rows, with conflicting_duplicates and out_of_order,");
    at_most(sq.filled_gaps, sq.gaps, "filled_gaps", "gaps");
    if (sq.gap_ms < 0 || sq.longest_gap_ms < 0 || sq.longest_gap_ms > sq.gap_ms) {
      r.fail(qp + "/longest_gap_ms",
             fmt::format("longest gap {} ms with gaps of {} ms in all (expected 0 <= longest <= "
                         "total)",
                         sq.longest_gap_ms, sq.gap_ms));
    }
    if (sq.first.has_value() != sq.last.has_value() || (sq.first && *sq.first > *sq.last)) {
      r.fail(qp + "/last_ms", "expected first_ms <= last_ms, both set or both null");
    }
    snapshot.first = r.edge(m, here, "first");
    snapshot.last = r.edge(m, here, "last");
    snapshot.before = r.edge(m, here, "before");
    snapshot.flat_since = at(r.integer(m, here, "flat_since_ms"));
    snapshot.flat_count = r.count(m, here, "flat_count");
    const auto& flat = r.field(m, here, "flat_reported");
    if (!flat.is_boolean()) {
      r.fail(here + "/flat_reported", "expected true or false");
    }
    snapshot.flat_reported = flat.get<bool>();
    if (snapshot.first.has_value() != snapshot.last.has_value() ||
        (snapshot.first && snapshot.first->time > snapshot.last->time)) {
      r.fail(here + "/last", "expected the first reading no later than the last, both set or null");
    }
    const auto& buckets = r.array(m, here, "buckets");
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      const auto& cell = buckets[b];
      const auto cp = fmt::format("{}/buckets/{}", here, b);
      // Integers beyond int64 arrive as unsigned and would wrap: not a partial file dceff wrote.
      const auto signed_integer = [](const ordered_json& v) {
        return v.is_number_integer() &&
               (!v.is_number_unsigned() ||
                v.get<std::uint64_t>() <=
                    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
      };
      // A bucket is at most an hour (the ledger checks its actual length when merging).
      if (!cell.is_array() || cell.size() != 4 || !signed_integer(cell[0]) ||
          !signed_integer(cell[1]) || !signed_integer(cell[2]) || !cell[3].is_number_unsigned() ||
          cell[3].get<std::uint64_t>() > 3'600'000U) {
        r.fail(cp,
               "expected [bucket, amount, filled, covered_ms] integers, covered_ms at most "
               "3600000");
      }
      if (!snapshot.buckets.empty() &&
          cell[0].get<std::int64_t>() <= snapshot.buckets.back().first) {
        r.fail(cp, fmt::format("bucket {} does not follow bucket {} (expected increasing bucket "
                               "indices, each once)",
                               cell[0].get<std::int64_t>(), snapshot.buckets.back().first));
      }
      snapshot.buckets.emplace_back(
          cell[0].get<std::int64_t>(),
          ledger::BucketAmount{cell[1].get<std::int64_t>(), cell[2].get<std::int64_t>(),
                               cell[3].get<std::uint32_t>()});
    }
    state.meters.emplace_back(r.text(m, here, "id"), std::move(snapshot));
  }
  return state;
}

}  // namespace dceff
