#include "io/text_fields.hpp"

#include <string>

#include <catch2/catch.hpp>

using dceff::io::detail::kQuoteLimit;
using dceff::io::detail::quote;

TEST_CASE("quoted user text stays one short line", "[io][text]") {
  CHECK(quote("grid.main") == "grid.main");
  // Control characters are shown escaped: a message is one line whatever the input held.
  CHECK(quote("a\nb\tc\r\x7f") == "a\\x0ab\\x09c\\x0d\\x7f");
  // Long text is cut to the limit and marked.
  CHECK(quote(std::string(kQuoteLimit, 'm')) == std::string(kQuoteLimit, 'm'));
  CHECK(quote(std::string(kQuoteLimit + 1, 'm')) == std::string(kQuoteLimit, 'm') + "...");
  // ... never inside a UTF-8 sequence: "ä" (2 bytes) straddling the limit is left out whole.
  const std::string straddling = std::string(kQuoteLimit - 1, 'm') + "\xC3\xA4" + "z";
  CHECK(quote(straddling) == std::string(kQuoteLimit - 1, 'm') + "...");
  const std::string fitting = std::string(kQuoteLimit - 2, 'm') + "\xC3\xA4" + "z";
  CHECK(quote(fitting) == std::string(kQuoteLimit - 2, 'm') + "\xC3\xA4...");
}
