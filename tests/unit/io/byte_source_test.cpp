#include "dceff/io/byte_source.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <zlib.h>

#include "dceff/error.hpp"

#include <openssl/evp.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

using Catch::Matchers::Contains;
using Catch::Matchers::Message;
using Catch::Matchers::StartsWith;
using dceff::InputError;
using dceff::io::ByteSource;

constexpr std::string_view kText =
    "timestamp,meter,value\n"
    "2025-01-01T00:00:00Z,grid.in,1200.5\n"
    "2025-01-01T00:05:00Z,grid.in,1201.25\n"
    "2025-01-01T00:10:00Z,grid.in,1199.75\n";

// One gzip member of `text`, made with zlib's own deflate so the test needs no gzip binary.
auto gzip(std::string_view text, int level = Z_BEST_COMPRESSION) -> std::string {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  // zlib's input pointer is not const in its API, but deflate never writes through it.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  REQUIRE(status == Z_STREAM_END);
  return out;
}

// Computed with OpenSSL directly: a ByteSource over the same bytes would decompress them.
auto evp_sha256(std::string_view bytes) -> std::string {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  REQUIRE(EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) == 1);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 0x0f];
  }
  return hex;
}

auto read_all(ByteSource& source, std::size_t chunk = 4096) -> std::string {
  std::string out;
  std::vector<char> buffer(chunk);
  while (const auto got = source.read(buffer)) {
    out.append(buffer.data(), got);
  }
  return out;
}

auto read_all(std::string bytes, std::size_t chunk = 4096) -> std::string {
  auto source = ByteSource::from_string(std::move(bytes), "mem.gz");
  return read_all(source, chunk);
}

// Poorly compressible bytes, so that the compressed form spans several input blocks.
auto noise(std::size_t size) -> std::string {
  std::string out(size, '\0');
  std::uint64_t state = 0x9e3779b97f4a7c15U;
  for (auto& c : out) {
    state = state * 6364136223846793005U + 1442695040888963407U;
    c = static_cast<char>(state >> 56);
  }
  return out;
}

auto write_file(const fs::path& path, std::string_view bytes) -> void {
  std::ofstream out{path, std::ios::binary};
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("gzip input reads back as the original bytes whatever the read size",
          "[io][byte_source]") {
  const auto chunk = GENERATE(std::size_t{1}, std::size_t{7}, std::size_t{4096});
  CAPTURE(chunk);
  auto source = ByteSource::from_string(gzip(kText), "mem.gz");
  CHECK(read_all(source, chunk) == kText);
  CHECK(source.compressed());
  CHECK(source.decompressed_bytes() == kText.size());
  std::vector<char> buffer(chunk);
  CHECK(source.read(buffer) == 0);  // the end stays the end
}

TEST_CASE("concatenated gzip members read as one stream like gzip -dc", "[io][byte_source]") {
  const auto chunk = GENERATE(std::size_t{1}, std::size_t{7}, std::size_t{4096});
  CAPTURE(chunk);
  const auto members = gzip("first member\n") + gzip("") + gzip("second member\n", 1);
  CHECK(read_all(members, chunk) == "first member\nsecond member\n");
}

TEST_CASE("the hash and byte count of gzip input are those of the bytes as stored",
          "[io][byte_source]") {
  const auto stored = gzip(kText);
  auto source = ByteSource::from_string(stored, "mem.gz");
  (void)read_all(source);
  CHECK(source.sha256_hex() == evp_sha256(stored));
  CHECK(source.sha256_hex() != evp_sha256(kText));
  CHECK(source.bytes_read() == stored.size());
  CHECK(source.decompressed_bytes() == kText.size());
}

TEST_CASE("a caller that takes over hashing gets the same digest as the source's own",
          "[io][byte_source]") {
  SECTION("plain input: the caller hashes what it was served after the hand-over") {
    auto source = ByteSource::from_string(std::string{kText}, "mem");
    std::vector<char> buffer(5);
    CHECK_FALSE(source.defer_hashing());  // nothing read yet: the encoding is unknown
    REQUIRE(source.read(buffer) == 5);    // hashed by the source itself
    REQUIRE(source.defer_hashing());
    std::string rest;
    while (const auto got = source.read(buffer)) {
      source.hash({buffer.data(), got});
      rest.append(buffer.data(), got);
    }
    CHECK(std::string{kText.substr(0, 5)} + rest == kText);
    CHECK(source.sha256_hex() == evp_sha256(kText));
    CHECK(source.bytes_read() == kText.size());
  }
  SECTION("gzip input keeps hashing its stored bytes itself") {
    const auto stored = gzip(kText);
    auto source = ByteSource::from_string(stored, "mem.gz");
    std::vector<char> buffer(5);
    REQUIRE(source.read(buffer) == 5);
    CHECK_FALSE(source.defer_hashing());
    (void)read_all(source);
    CHECK(source.sha256_hex() == evp_sha256(stored));
  }
}

TEST_CASE("gzip input larger than one compressed block streams through intact",
          "[io][byte_source]") {
  const auto text = noise(std::size_t{3} << 20);
  const auto stored = gzip(text, 1) + gzip(kText);
  REQUIRE(stored.size() > (std::size_t{2} << 20));
  const auto chunk = GENERATE(std::size_t{7}, std::size_t{1} << 20, std::size_t{5} << 20);
  CAPTURE(chunk);
  auto source = ByteSource::from_string(stored, "big.gz");
  CHECK(read_all(source, chunk) == text + std::string{kText});
  CHECK(source.sha256_hex() == evp_sha256(stored));
  CHECK(source.bytes_read() == stored.size());
}

TEST_CASE("a corrupt byte in the middle of gzip data is an input error", "[io][byte_source]") {
  // Stored (level 0) deflate blocks copy the text verbatim, so a flipped byte can only be caught
  // by the CRC-32 check, which reads the 4 bytes before the 4-byte length at the end.
  auto stored = gzip(kText, 0);
  stored[stored.size() / 2] ^= 0x20;
  CHECK_THROWS_MATCHES(
      read_all(stored), InputError,
      Message("mem.gz: invalid gzip data: incorrect data check (at compressed byte " +
              std::to_string(stored.size() - 4) + ")"));

  // Compressed blocks fail wherever the decoder notices; the wording comes from zlib.
  auto packed = gzip(std::string{kText} + std::string{kText});
  for (std::size_t i = 12; i < packed.size() - 8; ++i) {
    packed[i] = static_cast<char>(~packed[i]);
  }
  CHECK_THROWS_AS(read_all(packed), InputError);
  CHECK_THROWS_WITH(read_all(packed),
                    StartsWith("mem.gz: invalid gzip data: ") && Contains(" (at compressed byte "));
}

TEST_CASE("no single corrupt byte yields different bytes without an error", "[io][byte_source]") {
  // Header fields such as the modification time do not affect the data, so those flips may read
  // back intact; every other flip must be caught, by the decoder or by the CRC-32 and length.
  const auto stored = gzip(kText);
  std::size_t caught = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    for (const int mask : {0x01, 0x80, 0xff}) {
      auto bad = stored;
      bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ mask);
      try {
        const auto text = read_all(bad, 7);
        CAPTURE(i, mask, text);
        CHECK((text == kText || (i < 2 && text == bad)));
      } catch (const InputError&) {
        ++caught;
      }
    }
  }
  CHECK(caught > 2 * stored.size());
}

TEST_CASE("truncated gzip data is an input error", "[io][byte_source]") {
  const auto stored = gzip(kText);
  const auto cut =
      GENERATE_COPY(std::size_t{2}, std::size_t{10}, stored.size() / 2, stored.size() - 1);
  CAPTURE(cut);
  const auto chunk = GENERATE(std::size_t{1}, std::size_t{4096});
  CHECK_THROWS_MATCHES(
      read_all(stored.substr(0, cut), chunk), InputError,
      Message("mem.gz: truncated gzip data (the file ends inside a compressed stream)"));
}

TEST_CASE("data that only starts with the gzip magic is invalid gzip data", "[io][byte_source]") {
  CHECK_THROWS_MATCHES(
      read_all("\x1f\x8bnot gzip at all\n"), InputError,
      Message("mem.gz: invalid gzip data: unknown compression method (at compressed byte 4)"));
}

TEST_CASE("bytes after a gzip member must be another member", "[io][byte_source]") {
  const auto stored = gzip(kText);
  CHECK_THROWS_MATCHES(read_all(stored + "trailing garbage"), InputError,
                       Message("mem.gz: invalid gzip data: incorrect header check (at "
                               "compressed byte " +
                               std::to_string(stored.size() + 2) + ")"));
}

TEST_CASE("plain input is served unchanged", "[io][byte_source]") {
  const auto chunk = GENERATE(std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{4096});
  CAPTURE(chunk);
  // Starting with the first magic byte alone is still plain data.
  for (const auto& text : {std::string{kText}, std::string{"\x1f"}, std::string{"\x1f\x8a!"},
                           std::string{"\x8b\x1f"}, std::string{}}) {
    auto source = ByteSource::from_string(text, "t.csv");
    CHECK(read_all(source, chunk) == text);
    CHECK_FALSE(source.compressed());
    CHECK(source.bytes_read() == text.size());
    CHECK(source.decompressed_bytes() == text.size());
    CHECK(source.sha256_hex() == evp_sha256(text));
  }
}

TEST_CASE("plain input counts exactly the bytes served by each read", "[io][byte_source]") {
  auto source = ByteSource::from_string(
      "\x1f"
      "bc",
      "mem");
  std::vector<char> one(1);
  CHECK(source.read(one) == 1);
  CHECK(source.bytes_read() == 1);
  CHECK(source.read(one) == 1);
  CHECK(source.bytes_read() == 2);
  CHECK(source.read(one) == 1);
  CHECK(source.read(one) == 0);
  CHECK(source.bytes_read() == 3);
}

TEST_CASE("a gzip file on disk is detected by its content not its name", "[io][byte_source]") {
  const auto dir = fs::temp_directory_path() / ("dceff-byte-source-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto stored = gzip(kText);
  const auto path = (dir / "telemetry.csv").string();  // no .gz suffix on purpose
  write_file(path, stored);

  auto source = ByteSource::open(path);
  CHECK(read_all(source) == kText);
  CHECK(source.compressed());
  CHECK(source.sha256_hex() == evp_sha256(stored));
  CHECK(source.bytes_read() == stored.size());
  // The whole-file hash never decompresses: it is the hash of the file an auditor holds.
  CHECK(dceff::io::sha256_file(path) == evp_sha256(stored));

  const auto fake = (dir / "fake.gz").string();
  write_file(fake, "\x1f\x8bnot gzip");
  CHECK(dceff::io::sha256_file(fake) == evp_sha256("\x1f\x8bnot gzip"));
  auto broken = ByteSource::open(fake);
  CHECK_THROWS_MATCHES(
      read_all(broken), InputError,
      Message(fake + ": invalid gzip data: unknown compression method (at compressed byte 4)"));
  fs::remove_all(dir);
}
