#include "conformance/format/safe_json.h"

#include <cstdio>

#include "conformance/format/scenario.h"

namespace wsdup::conformance {
namespace {

// The deepest nesting of arrays and objects in `text`, counting only brackets outside strings;
// stops early once past `limit`. Linear, and never recursive.
size_t NestingDepth(const std::string& text, size_t limit) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// The length of the UTF-8 sequence starting at text[at], or 0 when it is not a valid one.
size_t Utf8Length(const std::string& text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || at + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  if (length == 2 && lead < 0xC2) return 0;  // overlong
  return length;
}

}  // namespace

std::optional<nlohmann::json> TryParseJson(const std::string& text, std::string* why) {
  if (NestingDepth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    *why = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {  // parse errors and out-of-range numbers alike
    *why = Printable(error.what());
    return std::nullopt;
  }
}

nlohmann::json ParseJsonOrThrow(const std::string& text, const std::string& where) {
  std::string why;
  std::optional<nlohmann::json> value = TryParseJson(text, &why);
  if (!value) throw InputError(where + ": malformed JSON: " + why);
  return std::move(*value);
}

std::string Dump(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool IsPrintableText(const std::string& text) { return Printable(text, text.size()) == text; }

std::string Printable(const std::string& text, size_t limit) {
  std::string out;
  for (size_t at = 0; at < text.size();) {
    const size_t length = Utf8Length(text, at);
    const unsigned char c = static_cast<unsigned char>(text[at]);
    std::string piece;
    if (length == 0 || (length == 1 && c < 0x20 && c != '\t') || c == 0x7F) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      piece = escaped;
      at += 1;
    } else {
      piece = text.substr(at, length);
      at += length;
    }
    if (out.size() + piece.size() > limit) break;
    out += piece;
  }
  return out;
}

}  // namespace wsdup::conformance
