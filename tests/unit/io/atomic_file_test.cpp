#include "dceff/io/atomic_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

namespace {

namespace fs = std::filesystem;

auto slurp(const fs::path& path) -> std::string {
  std::ifstream in{path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

auto entries(const fs::path& dir) -> std::size_t {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator{dir}, fs::directory_iterator{}));
}

}  // namespace

TEST_CASE("an atomic write replaces the file only when complete", "[io][output]") {
  const auto dir = fs::temp_directory_path() / "dceff-atomic-ok";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto path = (dir / "report.json").string();
  std::ofstream{path} << "old";
  dceff::io::write_atomically(path, [](std::ostream& out) { out << "new content\n"; });
  CHECK(slurp(path) == "new content\n");
  CHECK(entries(dir) == 1);  // no temporary file left behind
  fs::remove_all(dir);
}

TEST_CASE("a writer that fails leaves the old file and no temporary file", "[io][output]") {
  const auto dir = fs::temp_directory_path() / "dceff-atomic-fail";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto path = (dir / "report.json").string();
  std::ofstream{path} << "old";
  CHECK_THROWS_AS(dceff::io::write_atomically(path,
                                              [](std::ostream& out) {
                                                out << "partial";
                                                throw std::runtime_error("boom");
                                              }),
                  std::runtime_error);
  CHECK(slurp(path) == "old");
  CHECK(entries(dir) == 1);
  fs::remove_all(dir);
}

TEST_CASE("writing into a missing directory is an output error naming the path",
          "[io][output][errors]") {
  const std::string path = "/nonexistent-dceff-dir/report.json";
  CHECK_THROWS_MATCHES(
      dceff::io::write_atomically(path, [](std::ostream& out) { out << "x"; }), dceff::OutputError,
      Catch::Matchers::Message("/nonexistent-dceff-dir/report.json: cannot write: No such file or "
                               "directory"));
}

TEST_CASE("a device is written in place and never replaced", "[io][output]") {
  // /dev/null must stay a character device after dceff writes to it.
  dceff::io::write_atomically("/dev/null", [](std::ostream& out) { out << "discarded\n"; });
  CHECK(fs::is_character_file("/dev/null"));
  CHECK_THROWS_MATCHES(
      dceff::io::write_atomically("/dev/full", [](std::ostream& out) { out << "x"; }),
      dceff::OutputError,
      Catch::Matchers::Message("/dev/full: cannot write: No space left on device"));
  CHECK(fs::is_character_file("/dev/full"));
}

TEST_CASE("an atomic write of many blocks keeps every byte in order", "[io][output]") {
  // The writer's output is streamed in 64 KiB blocks: small writes, a write larger than a block
  // and single characters across block edges must come out exactly as written.
  const auto dir = fs::temp_directory_path() / "dceff-atomic-blocks";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto path = (dir / "big.txt").string();
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    expected += std::to_string(i) + ',';
  }
  expected += std::string(200'000, 'x');
  for (int i = 0; i < 70000; ++i) {
    expected += static_cast<char>('a' + i % 26);
  }
  dceff::io::write_atomically(path, [&](std::ostream& out) {
    for (int i = 0; i < 20000; ++i) {
      out << i << ',';
    }
    out << std::string(200'000, 'x');
    for (int i = 0; i < 70000; ++i) {
      out.put(static_cast<char>('a' + i % 26));
    }
  });
  CHECK(fs::file_size(path) == expected.size());
  CHECK(slurp(path) == expected);
  CHECK(entries(dir) == 1);
  fs::remove_all(dir);
}
