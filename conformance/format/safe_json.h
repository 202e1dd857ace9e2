// JSON from untrusted sources (tables, traces, records, and the lines an unknown agent prints) and
// JSON written back out, without ever aborting: nesting is bounded before parsing (a deeply nested
// value would otherwise be copied and destroyed recursively), every library exception becomes an
// error with a place, and text that is not UTF-8 is written with U+FFFD instead of throwing.
#ifndef WSDUP_CONFORMANCE_FORMAT_SAFE_JSON_H_
#define WSDUP_CONFORMANCE_FORMAT_SAFE_JSON_H_

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace wsdup::conformance {

// Far deeper than any table, trace, record or protocol line nests (they stay under 10 levels).
inline constexpr size_t kMaxJsonDepth = 64;

// The value `text` holds; nullopt with *why set when it is not JSON, nests deeper than
// kMaxJsonDepth, or holds a number no double can represent.
std::optional<nlohmann::json> TryParseJson(const std::string& text, std::string* why);

// The same, throwing InputError "<where>: malformed JSON: <why>".
nlohmann::json ParseJsonOrThrow(const std::string& text, const std::string& where);

// value.dump(indent), with bytes that are not UTF-8 replaced by U+FFFD instead of an exception.
std::string Dump(const nlohmann::json& value, int indent = -1);

// True when `text` is valid UTF-8 with no control characters other than tab: what Printable() leaves
// unchanged. Names that reach file names and report lines must be.
bool IsPrintableText(const std::string& text);

// `text` safe to put in a message or a JSON string: invalid UTF-8 and control characters other
// than tab are shown as \xNN, and the result is cut to at most `limit` bytes on a character boundary.
std::string Printable(const std::string& text, size_t limit = 200);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_SAFE_JSON_H_
