#include "dceff/analyze.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/io/site_config.hpp"
#include "dceff/ledger/energy_ledger.hpp"
#include "dceff/metrics/ratios.hpp"
#include "dceff/partial.hpp"

#include "aggregate.hpp"
#include "io/file_bytes.hpp"

namespace dceff {
namespace {

using model::Role;
using std::chrono::milliseconds;

constexpr std::size_t kMaxChannels = 10000;
constexpr std::size_t kMaxUnmapped = 10000;

// Resolves meter ids against the site file, creating one ledger channel per physical meter.
class SiteSink final : public io::RowSink {
 public:
  SiteSink(const model::Site& site, ledger::EnergyLedger& ledger, Diagnostics& diagnostics)
      : site_{site}, ledger_{ledger}, diagnostics_{diagnostics} {}

  auto resolve(std::string_view meter_id, std::string_view file, std::uint64_t line)
      -> io::MeterRef override {
    const auto* spec = site_.find(meter_id);
    if (spec == nullptr) {
      auto it = unmapped_.find(std::string{meter_id});
      if (it == unmapped_.end()) {
        if (unmapped_.size() >= kMaxUnmapped) {
          throw InputError(fmt::format(
              "{}:{}: more than {} distinct meter ids that the site file does not map (is the "
              "file or its meter column right?)",
              file, line, kMaxUnmapped));
        }
        it = unmapped_
                 .emplace(std::string{meter_id},
                          report::UnmappedMeter{std::string{meter_id}, 0,
                                                SourceLocation{std::string{file}, line}})
                 .first;
      }
      io::MeterRef skipped;
      skipped.skipped_rows = &it->second.rows;
      return skipped;
    }
    if (spec->is_virtual()) {
      diagnostics_.add(Severity::kWarning, "virtual_meter_in_data", std::string{meter_id},
                       {std::string{file}, line},
                       fmt::format("meter '{}' is declared virtual ({}); its readings in the "
                                   "data are ignored",
                                   meter_id, spec->expr));
      return io::MeterRef{};
    }
    return io::MeterRef{channel_for(std::string{meter_id}, *spec), spec->unit.quantity, spec->unit};
  }

  void accept(std::span<const io::TelemetryRow> rows, std::string_view file) override {
    ledger_.add(rows, file);
  }

  auto channel_for(const std::string& id, const model::MeterSpec& spec) -> std::uint32_t {
    if (auto it = channels_.find(id); it != channels_.end()) {
      return it->second;
    }
    if (channels_.size() >= kMaxChannels) {
      throw InputError(
          fmt::format("more than {} meters match the site file's declarations", kMaxChannels));
    }
    ledger::ChannelConfig config;
    config.name = id;
    config.reading = spec.reading;
    if (spec.rollover) {
      config.rollover = *spec.rollover * spec.unit.scale;
    }
    config.max_rate = spec.max_rate;
    config.interval = spec.interval;
    config.check_negative = spec.kind != model::MeterKind::kTemperature;
    const auto channel = ledger_.add_channel(std::move(config));
    channels_.emplace(id, channel);
    specs_.push_back(&spec);
    return channel;
  }

  [[nodiscard]] auto channels() const noexcept -> const std::map<std::string, std::uint32_t>& {
    return channels_;
  }
  [[nodiscard]] auto spec_of(std::uint32_t channel) const -> const model::MeterSpec& {
    return *specs_.at(channel);
  }
  [[nodiscard]] auto unmapped() const -> std::vector<report::UnmappedMeter> {
    std::vector<report::UnmappedMeter> out;
    for (const auto& [id, meter] : unmapped_) {
      out.push_back(meter);
    }
    return out;
  }

 private:
  const model::Site& site_;
  ledger::EnergyLedger& ledger_;
  Diagnostics& diagnostics_;
  std::map<std::string, std::uint32_t> channels_;
  std::vector<const model::MeterSpec*> specs_;
  std::map<std::string, report::UnmappedMeter> unmapped_;
};

auto parse_bound(const std::string& text, const TimeZone& zone, std::string_view flag)
    -> Timestamp {
  const auto parsed = parse_timestamp(text);
  if (!parsed) {
    throw Error(
        fmt::format("{}: invalid time '{}' (expected RFC 3339 such as "
                    "2025-01-01T00:00:00Z, or a local date or time such as 2025-01-01)",
                    flag, text));
  }
  if (!parsed->is_local) {
    return parsed->instant;
  }
  return zone.resolve(parsed->local).earlier;
}

auto seconds_text(std::chrono::seconds s) -> std::string {
  return fmt::format("{} s", s.count());
}

void add_assumptions(const model::Site& site, const ledger::LedgerOptions& options,
                     report::Report& result) {
  auto& a = result.assumptions;
  a.push_back({"standard",
               "ISO/IEC 30134-2:2026 and EN 50600-4-2:2016 (PUE); ISO/IEC 30134-6 "
               "(ERF); The Green Grid WP29 (ERE); ISO/IEC 30134-3/-8/-9 (REF/CUE/WUE)",
               "domain.md sections 1-2"});
  a.push_back({"aggregation",
               "every ratio divides energy sums over the same buckets; never a mean "
               "of interval ratios",
               "domain.md section 6"});
  a.push_back({"completeness",
               fmt::format("KPIs use only the {} buckets in which every meter "
                           "entering them has data for the whole bucket",
                           seconds_text(options.bucket)),
               "ISO/IEC 30134-2: E_DC and E_IT over the same period"});
  a.push_back({"integration rule", std::string{ledger::kIntegrationRule}, "dceff design"});
  a.push_back({"maximum gap", seconds_text(site.max_gap), "site file max_gap_s (default 900 s)"});
  a.push_back({"gap fill",
               fmt::format("{} (at most {})", model::gap_fill_name(site.gap_fill),
                           seconds_text(site.max_fill)),
               "site file gap_fill (default none: gaps are never zero-filled)"});
  a.push_back({"counters",
               "a decrease is a rollover only if the wrapped delta is plausible "
               "(max_power_kw x dt); otherwise a reset: the interval is not booked",
               "domain.md section 11 item 8"});
  a.push_back({"weighting", "all-electric: every kWh weighted 1.0; fuels at calorific value",
               "domain.md section 3 (EN 50600-4)"});
  for (const auto& spec : site.meters) {
    if (spec.kind == model::MeterKind::kFuel) {
      a.push_back({fmt::format("fuel '{}'", spec.pattern),
                   fmt::format("{} at {:.4g} kWh per {}", model::fuel_name(spec.fuel),
                               spec.fuel_kwh_per_unit * spec.unit.scale, spec.unit.symbol),
                   "EN 50600-4 calorific conversion: diesel 9.9 kWh/l, natural gas 10.5 kWh/m3, "
                   "hydrogen 38.9 kWh/kg, bioethanol 6 kWh/l (ICT Footprint factsheet), unless the "
                   "site file sets kwh_per_unit"});
    }
    if (spec.kind == model::MeterKind::kHeat && spec.role == model::Role::kFacilityInput) {
      a.push_back({fmt::format("heat input '{}'", spec.pattern),
                   "counted 1:1 in kWh (conversion factor of the producing system: unconfirmed, "
                   "set it with a virtual meter)",
                   "domain.md section 2.1 [U]"});
    }
  }
  a.push_back(
      {"headline category",
       result.headline_category == 0
           ? std::string{"none"}
           : fmt::format("{} ({})", result.headline_category,
                         site.headline_category ? "site file" : "highest category with data"),
       "ISO/IEC 30134-2: the category is stated with every PUE"});
  a.push_back({"grid carbon factor",
               site.grid_carbon_kg_per_kwh
                   ? fmt::format("{} kgCO2e/kWh", *site.grid_carbon_kg_per_kwh)
                   : std::string{"not set: CUE not computed"},
               "site file grid_carbon_kg_per_kwh (user supplied)"});
  a.push_back({"fixed point",
               "bucket energies rounded to 1e-6 kWh so that every granularity "
               "reconciles exactly",
               "dceff design"});
}

}  // namespace

auto version() noexcept -> std::string_view {
#ifdef DCEFF_VERSION
  return DCEFF_VERSION;
#else
  return "0.0.0";
#endif
}

namespace {

auto ledger_options(const model::Site& site, const std::optional<Timestamp>& from,
                    const std::optional<Timestamp>& to) -> ledger::LedgerOptions {
  ledger::LedgerOptions options;
  // Zones with odd historic offsets (Africa/Monrovia until 1972: 30 s) would explode the bucket
  // count; 15 min divides every offset in use since 1972.
  options.bucket = std::max(site.zone.boundary_step(), std::chrono::seconds{900});
  options.max_gap = site.max_gap;
  options.gap_fill = site.gap_fill;
  options.max_fill = site.max_fill;
  options.from = from;
  options.to = to;
  return options;
}

// One pass over the inputs: the ledger, the meters it found and the inputs' provenance.
struct Run {
  model::Site site;
  std::string site_text;
  ledger::LedgerOptions options;
  std::unique_ptr<ledger::EnergyLedger> ledger;
  std::unique_ptr<SiteSink> sink;
  std::vector<report::InputProvenance> inputs;
};

auto read_site_file(const std::string& path) -> std::string {
  auto bytes = io::detail::read_file_bytes(path);
  if (!bytes) {
    throw ConfigError(fmt::format("{}: cannot open site file", path));
  }
  return std::move(*bytes);
}

auto read_inputs(const AnalysisRequest& request, Diagnostics& diagnostics) -> Run {
  Run run;
  run.site_text = read_site_file(request.site_path);
  std::istringstream site_in{run.site_text};
  run.site = io::read_site(site_in, request.site_path);
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  if (request.from) {
    from = parse_bound(*request.from, run.site.zone, "--from");
  }
  if (request.to) {
    to = parse_bound(*request.to, run.site.zone, "--to");
  }
  if (from && to && *to <= *from) {
    throw Error(fmt::format("--to {} is not after --from {}", *request.to, *request.from));
  }
  run.options = ledger_options(run.site, from, to);
  run.ledger = std::make_unique<ledger::EnergyLedger>(run.options, diagnostics);
  run.sink = std::make_unique<SiteSink>(run.site, *run.ledger, diagnostics);
  io::ReaderOptions reader;
  reader.format = request.format;
  reader.zone = &run.site.zone;
  reader.threads = request.threads;
  reader.chunk_bytes = request.chunk_bytes;
  reader.missing_markers = run.site.missing_markers;
  reader.missing_markers.insert(reader.missing_markers.end(), request.missing_markers.begin(),
                                request.missing_markers.end());
  for (const auto& path : request.inputs) {
    auto source = io::ByteSource::open(path);
    const auto summary = io::read_telemetry(source, reader, *run.sink, diagnostics);
    run.inputs.push_back(report::InputProvenance{summary.name,
                                                 std::string{io::format_name(summary.format)},
                                                 summary.rows, summary.bytes, summary.sha256});
  }
  return run;
}

// From a finished ledger to the report: shared by one run and by a merge of parts.
auto build_report(const Run& run, const std::string& site_path, const std::string& site_sha256,
                  std::vector<report::UnmappedMeter> unmapped, report::Period period,
                  Diagnostics& diagnostics) -> report::Report {
  const auto& site = run.site;
  auto& sink = *run.sink;
  std::vector<std::string> declarations_without_data;
  for (const auto& spec : site.meters) {
    if (spec.is_virtual()) {
      continue;
    }
    const bool seen = std::any_of(sink.channels().begin(), sink.channels().end(),
                                  [&](const auto& c) { return &sink.spec_of(c.second) == &spec; });
    if (!seen) {
      declarations_without_data.push_back(spec.pattern);
    }
  }
  // A virtual meter's term, or a meter of E_DC or E_IT the site file names exactly, gets a
  // channel even without data: its absence is a gap over the whole period, so no KPI is computed
  // from the other meters alone (a missing IT meter would overstate PUE, a missing PV or fuel
  // meter understate it). A glob that matches nothing names no meter: it is only reported, as
  // are sub-meters, reuse and water meters without data (the KPIs that need them show n/a or 0).
  for (const auto& spec : site.meters) {
    for (const auto& term : spec.terms) {
      (void)sink.channel_for(term.meter, *site.find(term.meter));
    }
    if (!spec.is_virtual() && !spec.is_glob() && model::enters_e_dc_or_e_it(spec.role)) {
      (void)sink.channel_for(spec.pattern, spec);
    }
  }
  run.ledger->finish();
  report::Report result;
  result.inputs = run.inputs;
  result.tool_version = std::string{version()};
  result.site_name = site.name;
  result.site_path = site_path;
  result.site_sha256 = site_sha256;
  result.timezone = site.zone.name();
  result.period = period;
  result.unmapped = std::move(unmapped);
  result.declarations_without_data = std::move(declarations_without_data);
  detail::aggregate(
      site, *run.ledger, sink.channels(),
      [&](std::uint32_t channel) -> const model::MeterSpec& { return sink.spec_of(channel); },
      run.options, diagnostics, result);
  add_assumptions(site, run.options, result);
  result.diagnostics = diagnostics.entries();
  return result;
}

}  // namespace

auto analyze(const AnalysisRequest& request, Diagnostics& diagnostics) -> report::Report {
  auto run = read_inputs(request, diagnostics);
  auto unmapped = run.sink->unmapped();
  return build_report(run, request.site_path, io::sha256_hex(run.site_text), std::move(unmapped),
                      request.period, diagnostics);
}

auto analyze_partial(const AnalysisRequest& request, Diagnostics& diagnostics) -> PartialState {
  auto run = read_inputs(request, diagnostics);
  PartialState state;
  state.tool_version = std::string{version()};
  state.site_path = request.site_path;
  state.site_text = run.site_text;
  state.site_sha256 = io::sha256_hex(run.site_text);
  state.from = run.options.from;
  state.to = run.options.to;
  state.inputs = run.inputs;
  state.unmapped = run.sink->unmapped();
  state.diagnostics = diagnostics.entries();
  for (const auto& [id, channel] : run.sink->channels()) {
    state.meters.emplace_back(id, run.ledger->snapshot(channel));
  }
  return state;
}

auto merge(std::vector<PartialState> parts, report::Period period, Diagnostics& diagnostics)
    -> report::Report {
  if (parts.empty()) {
    throw Error("merge: no parts given");
  }
  for (const auto& part : parts) {
    if (part.site_sha256 != parts.front().site_sha256) {
      throw ConfigError(fmt::format("{}: parts were made with different site files ({} and {})",
                                    part.site_path, parts.front().site_path, part.site_path));
    }
    if (part.from != parts.front().from || part.to != parts.front().to) {
      throw ConfigError("parts were made with different --from/--to bounds");
    }
  }
  // Time order: a part's earliest reading.
  const auto earliest = [](const PartialState& part) {
    std::optional<Timestamp> t;
    for (const auto& [id, meter] : part.meters) {
      if (meter.first && (!t || meter.first->time < *t)) {
        t = meter.first->time;
      }
    }
    return t.value_or(Timestamp::max());
  };
  std::stable_sort(parts.begin(), parts.end(),
                   [&](const auto& a, const auto& b) { return earliest(a) < earliest(b); });
  Run run;
  run.site_text = parts.front().site_text;
  std::istringstream site_in{run.site_text};
  run.site = io::read_site(site_in, parts.front().site_path);
  run.options = ledger_options(run.site, parts.front().from, parts.front().to);
  run.ledger = std::make_unique<ledger::EnergyLedger>(run.options, diagnostics);
  run.sink = std::make_unique<SiteSink>(run.site, *run.ledger, diagnostics);

  // Each meter's segments in time order; a part's findings follow the intervals that bridge to
  // it, as they would in one run.
  std::map<std::string, std::vector<const ledger::ChannelSnapshot*>> segments;
  for (const auto& part : parts) {
    for (const auto& [id, meter] : part.meters) {
      segments[id].push_back(&meter);
    }
  }
  for (auto& [id, list] : segments) {
    std::stable_sort(list.begin(), list.end(), [](const auto* a, const auto* b) {
      const auto ta = a->first ? a->first->time : Timestamp::max();
      const auto tb = b->first ? b->first->time : Timestamp::max();
      return ta < tb;
    });
    const auto* spec = run.site.find(id);
    if (spec == nullptr || spec->is_virtual()) {
      throw ConfigError(
          fmt::format("{}: meter '{}' in a part is not a physical meter of the "
                      "site file",
                      parts.front().site_path, id));
    }
    const auto channel = run.sink->channel_for(id, *spec);
    for (const auto* segment : list) {
      run.ledger->append(channel, *segment);
    }
  }
  std::map<std::string, report::UnmappedMeter> unmapped;
  for (const auto& part : parts) {
    for (const auto& entry : part.diagnostics) {
      diagnostics.merge(entry);
    }
    run.inputs.insert(run.inputs.end(), part.inputs.begin(), part.inputs.end());
    for (const auto& meter : part.unmapped) {
      auto [it, inserted] = unmapped.emplace(meter.id, meter);
      if (!inserted) {
        it->second.rows += meter.rows;
      }
    }
  }
  std::vector<report::UnmappedMeter> unmapped_list;
  for (auto& [id, meter] : unmapped) {
    unmapped_list.push_back(std::move(meter));
  }
  return build_report(run, parts.front().site_path, parts.front().site_sha256,
                      std::move(unmapped_list), period, diagnostics);
}

}  // namespace dceff
