#include "dceff/whatif/comparison.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <thread>

#include <fmt/format.h>

namespace dceff::whatif {
namespace {

constexpr std::size_t kShown = 3;

auto signed_mwh(double kwh) -> std::string {
  return fmt::format("{:+.1f} MWh", kwh / 1000.0);
}

auto kpi_text(std::string_view name, const std::optional<double>& from,
              const std::optional<double>& to) -> std::string {
  if (!from || !to) {
    return fmt::format("{} n/a", name);
  }
  // + 0.0 turns a rounded -0 into 0, so that equal figures read +0.000.
  return fmt::format("{} {:.3f} -> {:.3f} ({:+.3f})", name, *from, *to,
                     std::round((*to - *from) * 1000.0) / 1000.0 + 0.0);
}

}  // namespace

auto simulate_all(std::span<const Run> runs, unsigned threads) -> std::vector<Simulation> {
  std::vector<Simulation> results(runs.size());
  std::vector<std::exception_ptr> errors(runs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < runs.size(); i = next++) {
      try {
        results[i] = simulate(*runs[i].model, *runs[i].weather);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  unsigned n = threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : threads;
  n = static_cast<unsigned>(std::min<std::size_t>(n, runs.size()));
  if (n <= 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(n);
    for (unsigned t = 0; t < n; ++t) {
      pool.emplace_back(work);
    }
  }
  for (const auto& e : errors) {
    if (e) {
      std::rethrow_exception(e);
    }
  }
  return results;
}

auto explain(const Simulation& baseline, const Simulation& scenario) -> Explanation {
  Explanation why;
  const auto& b = baseline.totals;
  const auto& s = scenario.totals;
  std::vector<ModeHoursChange> modes;
  for (std::size_t i = 0; i < kAirModeCount; ++i) {
    modes.push_back({mode_name(static_cast<AirMode>(i)), b.air_mode_hours[i], s.air_mode_hours[i]});
  }
  // `none` of the liquid and reuse modes mirrors the others: left out.
  for (std::size_t i = 1; i < kLiquidModeCount; ++i) {
    modes.push_back(
        {mode_name(static_cast<LiquidMode>(i)), b.liquid_mode_hours[i], s.liquid_mode_hours[i]});
  }
  for (std::size_t i = 1; i < kReuseModeCount; ++i) {
    modes.push_back(
        {mode_name(static_cast<ReuseMode>(i)), b.reuse_mode_hours[i], s.reuse_mode_hours[i]});
  }
  std::erase_if(modes, [](const ModeHoursChange& m) { return m.delta() == 0; });
  std::stable_sort(modes.begin(), modes.end(), [](const auto& x, const auto& y) {
    return std::llabs(x.delta()) > std::llabs(y.delta());
  });
  modes.resize(std::min(modes.size(), kShown));
  why.mode_hours = std::move(modes);

  std::vector<EnergyChange> energy;
  for (std::size_t i = 0; i < kUseCount; ++i) {
    const auto use = static_cast<Use>(i);
    if (use != Use::kIt && b.energy_kwh[i] != s.energy_kwh[i]) {
      energy.push_back({use, b.energy_kwh[i], s.energy_kwh[i]});
    }
  }
  std::stable_sort(energy.begin(), energy.end(), [](const auto& x, const auto& y) {
    return std::abs(x.delta_kwh()) > std::abs(y.delta_kwh());
  });
  energy.resize(std::min(energy.size(), kShown));
  why.energy = std::move(energy);
  why.e_reuse_delta_kwh = s.e_reuse_kwh - b.e_reuse_kwh;

  std::string text = kpi_text("dPUE", baseline.kpis.dpue, scenario.kpis.dpue);
  if (baseline.kpis.ere != scenario.kpis.ere || why.e_reuse_delta_kwh != 0.0) {
    text += "; " + kpi_text("ERE", baseline.kpis.ere, scenario.kpis.ere);
  }
  // Changes below the printed 0.1 MWh are left out of the text (they stay in `energy`).
  std::string uses;
  for (const auto& e : why.energy) {
    if (std::abs(e.delta_kwh()) >= 50.0) {
      uses += fmt::format("{}{} {}", uses.empty() ? "" : ", ", use_name(e.use),
                          signed_mwh(e.delta_kwh()));
    }
  }
  if (!uses.empty()) {
    text += ": " + uses;
  }
  if (why.e_reuse_delta_kwh != 0.0) {
    text += fmt::format("; E_reuse {}", signed_mwh(why.e_reuse_delta_kwh));
  }
  if (!why.mode_hours.empty()) {
    text += "; hours:";
    for (std::size_t i = 0; i < why.mode_hours.size(); ++i) {
      text += fmt::format("{} {} {:+}", i == 0 ? "" : ",", why.mode_hours[i].mode,
                          why.mode_hours[i].delta());
    }
  }
  if (b.e_it_kwh != s.e_it_kwh) {
    text += fmt::format("; IT {}", signed_mwh(s.e_it_kwh - b.e_it_kwh));
  }
  why.text = std::move(text);
  return why;
}

}  // namespace dceff::whatif
