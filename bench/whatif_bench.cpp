// What-if engine benchmark (issue 5): one 8760-hour simulation of a model, and a 1000-point
// sweep on 2 threads. Not a test: `make bench-whatif` builds it in Release and runs it.
// Usage: dceff_whatif_bench MODEL.json [WEATHER.epw|.csv] [threads]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dceff/io/model_config.hpp"
#include "dceff/weather/default_climate.hpp"
#include "dceff/weather/read_weather.hpp"
#include "dceff/whatif/comparison.hpp"
#include "dceff/whatif/simulation.hpp"
#include "dceff/whatif/sweep.hpp"

namespace {

struct Timing {
  double wall_s = 0.0;
  double cpu_s = 0.0;
};

template <typename F>
auto timed(F f) -> Timing {
  const auto wall0 = std::chrono::steady_clock::now();
  const auto cpu0 = std::clock();
  f();
  const auto cpu1 = std::clock();
  const auto wall1 = std::chrono::steady_clock::now();
  return {std::chrono::duration<double>(wall1 - wall0).count(),
          static_cast<double>(cpu1 - cpu0) / CLOCKS_PER_SEC};
}

auto median(std::vector<double> v) -> double {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

auto main(int argc, char** argv) -> int {
  try {
    if (argc < 2) {
      fmt::print(stderr, "usage: dceff_whatif_bench MODEL.json [WEATHER] [threads]\n");
      return 2;
    }
    const auto model = dceff::io::load_model(argv[1]);
    const auto weather =
        argc > 2 ? dceff::weather::read_weather(argv[2]) : dceff::weather::default_climate();
    const unsigned threads = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 2U;
    fmt::print("model {} ({}), weather {} ({} h)\n", argv[1], model.name, weather.source,
               weather.hours.size());

    // One year, repeated: median wall and CPU time per simulation.
    double sink = 0.0;
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int batch = 0; batch < 9; ++batch) {
      constexpr int kPerBatch = 50;
      const auto t = timed([&] {
        for (int i = 0; i < kPerBatch; ++i) {
          sink += *dceff::whatif::simulate(model, weather).kpis.dpue;
        }
      });
      wall.push_back(t.wall_s / kPerBatch);
      cpu.push_back(t.cpu_s / kPerBatch);
    }
    fmt::print("one {}-h year: {:.3f} ms wall, {:.3f} ms CPU (median of 9 batches of 50)\n",
               weather.hours.size(), median(wall) * 1e3, median(cpu) * 1e3);

    // A 1000-point sweep of the DLC share, as `dceff whatif --sweep` runs it.
    const auto spec = dceff::whatif::parse_sweep("dlc.share=0.001:1:0.001", model);
    const auto models = dceff::whatif::sweep_models(spec, model);
    std::vector<dceff::whatif::Run> runs;
    for (const auto& m : models) {
      runs.push_back({&m, &weather});
    }
    std::vector<double> sweep_wall;
    std::vector<double> sweep_cpu;
    for (int rep = 0; rep < 3; ++rep) {
      const auto t = timed([&] {
        const auto sims = dceff::whatif::simulate_all(runs, threads);
        sink += *sims.back().kpis.dpue;
      });
      sweep_wall.push_back(t.wall_s);
      sweep_cpu.push_back(t.cpu_s);
    }
    fmt::print("{}-point sweep on {} threads: {:.3f} s wall, {:.3f} s CPU (median of 3)\n",
               runs.size(), threads, median(sweep_wall), median(sweep_cpu));
    std::fprintf(stderr, "(checksum %.6f)\n", sink);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "dceff_whatif_bench: {}\n", e.what());
    return 2;
  }
}
