#include "conformance/agent/agent_lines.h"

#include "conformance/format/safe_json.h"
#include "conformance/vocabulary/agent_protocol.h"

namespace wsdup::conformance {
namespace {

using nlohmann::json;

// A string member of an object; nullopt when `object` is no object, or the member is absent or no
// string. Everything an agent sends is read this way: it is untrusted.
std::optional<std::string> StringField(const json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

}  // namespace

bool IsSafeStackName(const std::string& name) {
  if (name.empty() || name.size() > 100) return false;
  for (const char c : name) {
    if (c == '/' || c == '\\') return false;
  }
  return IsPrintableText(name);
}

std::optional<Hello> ParseHello(const std::string& line, std::string* problem) {
  std::string why;
  const json hello = TryParseJson(line, &why).value_or(json());
  if (StringField(hello, "type") != std::string(protocol::kHello) || !hello.contains("ops") ||
      !hello["ops"].is_array()) {
    *problem = "the agent's first line is not a hello: " + Printable(line);
    return std::nullopt;
  }
  const auto version = hello.find("protocol");
  if (version == hello.end() || !version->is_number_integer() || *version < protocol::kOldestVersion ||
      *version > protocol::kVersion) {
    *problem = "the agent speaks protocol " + (version == hello.end() ? std::string("(none)") : Dump(*version)) +
               "; this harness speaks " + std::to_string(protocol::kOldestVersion) + " to " +
               std::to_string(protocol::kVersion);
    return std::nullopt;
  }
  // The stack's name becomes a file name (its record) and report text: refuse what could forge either.
  const std::optional<std::string> stack = StringField(hello, "stack");
  if (!stack || !IsSafeStackName(*stack)) {
    *problem = "the agent's hello names its stack " +
               (stack ? "\"" + Printable(*stack) + "\"" : std::string("with no string")) +
               ": a stack name is 1 to 100 printable characters without '/' or '\\'";
    return std::nullopt;
  }
  Hello parsed{version->get<int>(), *stack, {}};
  for (const json& op : hello["ops"]) {
    // A list that is not all names is a broken hello, not a stack that performs nothing (whose
    // every row would pass as unsupported).
    if (!op.is_string()) {
      *problem = "the agent's hello lists an op that is not a name: " + Dump(op);
      return std::nullopt;
    }
    parsed.ops.insert(op.get<std::string>());
  }
  return parsed;
}

bool AnswersStep(const json& answer, size_t index, int protocol, std::string* problem) {
  const auto echoed = answer.is_object() ? answer.find("index") : answer.end();
  if (!answer.is_object() || echoed == answer.end()) {
    if (protocol < 2) return true;
    *problem = "the agent's result for index " + std::to_string(index) + " carries no \"index\" (protocol " +
               std::to_string(protocol) + " requires it)";
    return false;
  }
  if (!echoed->is_number_unsigned() || echoed->get<uint64_t>() != index) {
    // Protocol indexes count from 0, report steps from 1: the message says "index" to keep them apart.
    *problem = "the agent's result carries index " + Dump(*echoed) + " where index " + std::to_string(index) +
               " was asked: an extra or mis-routed result";
    return false;
  }
  return true;
}

std::optional<json> ParseAnswer(const std::string& line, const char* expected, std::string* problem,
                                bool* agent_error) {
  *agent_error = false;
  std::string why;
  json answer = TryParseJson(line, &why).value_or(json());
  const std::optional<std::string> type = StringField(answer, "type");
  if (type == std::string(protocol::kError)) {
    *agent_error = true;
    *problem = "the agent reported an error: " + Printable(StringField(answer, "message").value_or("(none)"));
    return std::nullopt;
  }
  if (type != std::string(expected)) {
    *problem = "the agent answered with something other than \"" + std::string(expected) + "\": " + Printable(line);
    return std::nullopt;
  }
  return answer;
}

}  // namespace wsdup::conformance
