// Telemetry through to the report: the first byte picks the format, the thread count and the
// chunk size (so chunk seams are fuzzed too); the rest is the file, read with the sample site
// and written as every report format.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "dceff/analyze.hpp"
#include "dceff/report/writers.hpp"

#include "fuzz_support.hpp"
#include <unistd.h>

namespace {
constexpr std::size_t kMaxWrittenBuckets = 10'000;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  static const std::string path = "/tmp/dceff-fuzz-telemetry-" + std::to_string(::getpid());
  {
    std::ofstream out{path, std::ios::binary | std::ios::trunc};
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  const auto control = data[0];
  constexpr dceff::io::TelemetryFormat kFormats[] = {
      dceff::io::TelemetryFormat::kAuto, dceff::io::TelemetryFormat::kLongCsv,
      dceff::io::TelemetryFormat::kWideCsv, dceff::io::TelemetryFormat::kJson,
      dceff::io::TelemetryFormat::kNdjson};
  dceff::AnalysisRequest request;
  request.site_path = DCEFF_FUZZ_SITE;
  request.inputs = {path};
  request.format = kFormats[control % 5];
  request.threads = (control & 0x08) != 0 ? 2U : 1U;
  request.chunk_bytes = (control & 0x10) != 0 ? 64U : std::size_t{4} << 20;
  request.period =
      (control & 0x20) != 0 ? dceff::report::Period::kHour : dceff::report::Period::kDay;
  dceff::fuzz::refuse_cleanly([&] {
    dceff::Diagnostics diagnostics;
    const auto report = dceff::analyze(request, diagnostics);
    // A few hundred bytes can span 20 years of hourly buckets: writing 175,000 buckets four ways
    // takes a minute under ASan and would stall the fuzzer on one input. Smaller reports
    // exercise every writer; the fault test "an hourly JSON report over ten years" covers size.
    if (report.buckets.size() > kMaxWrittenBuckets) {
      return;
    }
    std::ostringstream sink;
    for (const auto format : {dceff::report::Format::kTable, dceff::report::Format::kJson,
                              dceff::report::Format::kCsv, dceff::report::Format::kMarkdown}) {
      dceff::report::write_report(report, format, sink);
    }
  });
  return 0;
}
