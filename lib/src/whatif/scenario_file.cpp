#include "dceff/whatif/scenario_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include "io/json_config.hpp"
#include "io/model_config_json.hpp"

namespace dceff::whatif {
namespace {

using io::detail::ConfigContext;
using io::detail::ConfigJson;
using io::detail::escape_pointer_token;
using io::detail::type_name;

// The model reader is run under this name; its messages are then rewritten to name the scenario
// file and the pointer there (a byte no file name starts with).
constexpr std::string_view kMarker = "\x1f";

// Model fields holding a path to a CSV file: made absolute before patching, so that a path in the
// baseline resolves against the model file and a path in a patch against the scenario file.
constexpr std::array<std::array<std::string_view, 3>, 3> kPathFields{{
    {"it_load", "profile_csv", ""},
    {"heat_reuse", "demand", "csv"},
    {"prices", "grid_carbon_csv", ""},
}};

void resolve_paths(ConfigJson& doc, const std::filesystem::path& base_dir) {
  for (const auto& field : kPathFields) {
    ConfigJson* at = &doc;
    for (const auto token : field) {
      if (token.empty()) {
        break;
      }
      if (!at->is_object() || !at->contains(std::string{token})) {
        at = nullptr;
        break;
      }
      at = &(*at)[std::string{token}];
    }
    if (at != nullptr && at->is_string()) {
      const std::filesystem::path path{at->get<std::string>()};
      if (path.is_relative()) {
        *at = (base_dir / path).string();
      }
    }
  }
}

auto split_pointer(std::string_view pointer) -> std::vector<std::string> {
  std::vector<std::string> tokens;
  if (pointer.empty() || pointer == "/") {
    return tokens;
  }
  std::size_t at = 1;
  while (at <= pointer.size()) {
    const auto next = pointer.find('/', at);
    const auto end = next == std::string_view::npos ? pointer.size() : next;
    std::string token;
    for (std::size_t i = at; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end) {
        token += pointer[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        token += pointer[i];
      }
    }
    tokens.push_back(std::move(token));
    at = end + 1;
  }
  return tokens;
}

// Rewrites an error of the model reader run under kMarker: `where(pointer, what)` gives the
// message to throw instead.
using Rewrite = std::function<std::string(std::string_view pointer, std::string_view what)>;

template <typename Read>
auto read_marked(Read read, const Rewrite& rewrite) -> FacilityModel {
  const auto prefix = std::string{kMarker} + ": ";
  try {
    auto model = read();
    for (auto* series : {&model.it_load.profile, &model.heat_reuse.demand.hourly,
                         &model.prices.grid_carbon_hourly}) {
      if (series->where.rfind(prefix, 0) == 0) {
        const auto pointer = series->where.substr(prefix.size());
        series->where = rewrite(pointer, "");
        series->where.resize(series->where.size() - 2);  // drop the ": " before the empty what
      }
    }
    return model;
  } catch (const ConfigError& e) {
    const std::string_view message = e.what();
    if (message.rfind(prefix, 0) != 0) {
      throw;
    }
    const auto rest = message.substr(prefix.size());
    const auto colon = rest.find(": ");
    if (colon == std::string_view::npos) {
      throw;
    }
    throw ConfigError(rewrite(rest.substr(0, colon), rest.substr(colon + 2)));
  }
}

// Sorted paths of the leaves a merge patch sets or removes.
void patch_leaves(const ConfigJson& patch, const std::string& pointer,
                  std::vector<std::string>& out) {
  if (!patch.is_object() || patch.empty()) {
    out.push_back(pointer);
    return;
  }
  for (const auto& [key, value] : patch.items()) {
    patch_leaves(value, pointer + "/" + escape_pointer_token(key), out);
  }
}

class ScenarioReader {
 public:
  ScenarioReader(std::string_view name, std::filesystem::path base_dir)
      : ctx_{name}, base_dir_{std::move(base_dir)} {}

  auto read(std::istream& in, const std::optional<std::string>& model_path) -> ScenarioSet {
    const auto doc = io::detail::parse_config_json(in, ctx_.name());
    if (!doc.is_object()) {
      ctx_.fail("", fmt::format("expected an object, got {}", type_name(doc)));
    }
    io::detail::reject_unknown_keys(
        ctx_, doc, "",
        {"dceff_scenarios", "description", "comment", "baseline", "weather", "scenarios"});
    if (doc.contains("dceff_scenarios")) {
      const auto& version = doc["dceff_scenarios"];
      if (!version.is_number_integer() || version.get<int>() != 1) {
        ctx_.fail("/dceff_scenarios",
                  fmt::format("unsupported scenario file version {} (expected 1)", version.dump()));
      }
    }
    for (const auto* key : {"description", "comment"}) {
      if (doc.contains(key)) {
        (void)string(doc[key], std::string{"/"} + key);
      }
    }
    ScenarioSet set;
    set.source = ctx_.name();
    if (doc.contains("weather")) {
      set.weather_path = path(doc["weather"], "/weather");
    }
    ConfigJson baseline_doc;
    Scenario baseline;
    baseline.name = "baseline";
    if (model_path) {
      baseline_doc = load_model_doc(*model_path);
      baseline.model = io::detail::model_from_json(baseline_doc, *model_path, "");
    } else if (!doc.contains("baseline")) {
      ctx_.fail("",
                "missing field 'baseline' (expected a model file path or an inline model "
                "object, or give --model)");
    } else if (doc["baseline"].is_string()) {
      const auto file = path(doc["baseline"], "/baseline");
      baseline_doc = load_model_doc(file);
      baseline.model = io::detail::model_from_json(baseline_doc, file, "");
    } else if (doc["baseline"].is_object()) {
      baseline_doc = doc["baseline"];
      resolve_paths(baseline_doc, base_dir_);
      baseline.model =
          read_marked([&] { return io::detail::model_from_json(baseline_doc, kMarker, ""); },
                      [&](std::string_view pointer, std::string_view what) {
                        return fmt::format("{}: /baseline{}: {}", ctx_.name(),
                                           pointer == "/" ? "" : pointer, what);
                      });
      baseline.model.source = ctx_.where("/baseline");
    } else {
      ctx_.fail("/baseline", fmt::format("expected a model file path or a model object, got {}",
                                         type_name(doc["baseline"])));
    }
    set.scenarios.push_back(std::move(baseline));

    if (!doc.contains("scenarios")) {
      ctx_.fail("", "missing field 'scenarios' (expected an array of {\"name\", \"changes\"})");
    }
    const auto& list = doc["scenarios"];
    if (!list.is_array()) {
      ctx_.fail("/scenarios", fmt::format("expected an array, got {}", type_name(list)));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      set.scenarios.push_back(
          scenario(list[i], fmt::format("/scenarios/{}", i), baseline_doc, set.scenarios));
    }
    return set;
  }

 private:
  auto string(const ConfigJson& value, const std::string& pointer) const -> std::string {
    if (!value.is_string()) {
      ctx_.fail(pointer, fmt::format("expected a string, got {}", type_name(value)));
    }
    return value.get<std::string>();
  }

  auto path(const ConfigJson& value, const std::string& pointer) const -> std::string {
    const std::filesystem::path p{string(value, pointer)};
    if (p.empty()) {
      ctx_.fail(pointer, "empty path (expected a file name)");
    }
    return p.is_relative() ? (base_dir_ / p).string() : p.string();
  }

  static auto load_model_doc(const std::string& file) -> ConfigJson {
    std::ifstream in{file, std::ios::binary};
    if (!in) {
      throw ConfigError(fmt::format("{}: cannot open: {}", file, std::strerror(errno)));
    }
    auto doc = io::detail::parse_config_json(in, file);
    resolve_paths(doc, std::filesystem::path{file}.parent_path());
    return doc;
  }

  auto scenario(const ConfigJson& entry, const std::string& pointer, const ConfigJson& baseline_doc,
                const std::vector<Scenario>& earlier) const -> Scenario {
    if (!entry.is_object()) {
      ctx_.fail(pointer, fmt::format("expected an object, got {}", type_name(entry)));
    }
    io::detail::reject_unknown_keys(ctx_, entry, pointer,
                                    {"name", "description", "changes", "weather", "comment"});
    Scenario s;
    if (!entry.contains("name")) {
      ctx_.fail(pointer, "missing field 'name' (expected a unique scenario name)");
    }
    s.name = string(entry["name"], pointer + "/name");
    if (s.name.empty()) {
      ctx_.fail(pointer + "/name", "empty name (expected a unique scenario name)");
    }
    for (const auto& other : earlier) {
      if (other.name == s.name) {
        ctx_.fail(
            pointer + "/name",
            other.name == "baseline"
                ? std::string{"the name 'baseline' is taken by the baseline (expected "
                              "another name)"}
                : fmt::format("scenario name '{}' is used twice (expected unique names)", s.name));
      }
    }
    if (entry.contains("description")) {
      s.description = string(entry["description"], pointer + "/description");
    }
    if (entry.contains("comment")) {
      (void)string(entry["comment"], pointer + "/comment");
    }
    if (entry.contains("weather")) {
      s.weather_path = path(entry["weather"], pointer + "/weather");
    }
    if (!entry.contains("changes")) {
      ctx_.fail(pointer,
                "missing field 'changes' (expected an object: a JSON merge patch of the "
                "baseline model)");
    }
    const auto& changes = entry["changes"];
    if (!changes.is_object()) {
      ctx_.fail(pointer + "/changes",
                fmt::format("expected an object (a JSON merge patch of the baseline model), got "
                            "{}",
                            type_name(changes)));
    }
    if (changes.empty() && s.weather_path.empty()) {
      ctx_.fail(pointer + "/changes",
                "no change (expected at least one model field to change, or a 'weather')");
    }
    patch_leaves(changes, "", s.changes);
    if (changes.empty()) {
      s.changes.clear();
    }
    std::sort(s.changes.begin(), s.changes.end());
    auto patch = changes;
    resolve_paths(patch, base_dir_);
    auto doc = baseline_doc;
    doc.merge_patch(patch);
    const auto base = pointer + "/changes";
    s.model = read_marked([&] { return io::detail::model_from_json(doc, kMarker, ""); },
                          [&](std::string_view model_pointer, std::string_view what) {
                            return rewrite(base, changes, model_pointer, what);
                          });
    s.model.source = fmt::format("{}: {} (scenario '{}')", ctx_.name(), pointer, s.name);
    return s;
  }

  // An error at `model_pointer` of the patched model: at the same place in the patch when the
  // patch holds that field, otherwise at the patch as a whole, naming the model field.
  auto rewrite(const std::string& base, const ConfigJson& changes, std::string_view model_pointer,
               std::string_view what) const -> std::string {
    const ConfigJson* at = &changes;
    bool in_patch = true;
    for (const auto& token : split_pointer(model_pointer)) {
      if (!at->is_object() || !at->contains(token)) {
        in_patch = false;
        break;
      }
      at = &(*at)[token];
    }
    if (in_patch) {
      return fmt::format("{}: {}{}: {}", ctx_.name(), base,
                         model_pointer == "/" ? "" : model_pointer, what);
    }
    return fmt::format("{}: {}: the patched model fails at {}: {}", ctx_.name(), base,
                       model_pointer, what);
  }

  ConfigContext ctx_;
  std::filesystem::path base_dir_;
};

}  // namespace

auto read_scenario_file(std::istream& in, std::string_view name,
                        const std::filesystem::path& base_dir,
                        const std::optional<std::string>& model_path) -> ScenarioSet {
  return ScenarioReader{name, base_dir}.read(in, model_path);
}

auto load_scenario_file(const std::string& path, const std::optional<std::string>& model_path)
    -> ScenarioSet {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw ConfigError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  return read_scenario_file(in, path, std::filesystem::path{path}.parent_path(), model_path);
}

auto baseline_only(const std::string& model_path) -> ScenarioSet {
  std::ifstream in{model_path, std::ios::binary};
  if (!in) {
    throw ConfigError(fmt::format("{}: cannot open: {}", model_path, std::strerror(errno)));
  }
  auto doc = io::detail::parse_config_json(in, model_path);
  ScenarioSet set;
  set.source = model_path;
  Scenario baseline;
  baseline.name = "baseline";
  baseline.model =
      io::detail::model_from_json(doc, model_path, std::filesystem::path{model_path}.parent_path());
  set.scenarios.push_back(std::move(baseline));
  return set;
}

}  // namespace dceff::whatif
