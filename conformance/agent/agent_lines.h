// What an agent prints, read as untrusted input (docs/agent-protocol.md): its hello, and the answer
// to a request. Pure functions of a line, so the fuzzer (conformance/fuzz/) drives exactly what the
// agent backend runs.
#ifndef WSDUP_CONFORMANCE_AGENT_AGENT_LINES_H_
#define WSDUP_CONFORMANCE_AGENT_AGENT_LINES_H_

#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace wsdup::conformance {

struct Hello {
  int protocol = 0;  // from protocol::kOldestVersion to protocol::kVersion
  std::string stack;
  std::set<std::string, std::less<>> ops;
};

// The hello on the agent's first line; nullopt with *problem saying what is wrong with it.
std::optional<Hello> ParseHello(const std::string& line, std::string* problem);

// An answer of type `expected`; nullopt with *problem for an error message from the agent, another
// type, or a line that is no JSON object. *agent_error tells the agent's own error apart.
std::optional<nlohmann::json> ParseAnswer(const std::string& line, const char* expected, std::string* problem,
                                          bool* agent_error);

// Whether a result answers the step at `index`: the index it echoes must be that one. An agent of
// protocol 1 may leave the index out (it has no duty to echo); from protocol 2 on it must echo it.
// false with *problem naming both indexes, so an extra answer is an error at the step it reached.
bool AnswersStep(const nlohmann::json& answer, size_t index, int protocol, std::string* problem);

// Safe as a file name (a record) and in a report line: 1 to 100 printable UTF-8 characters, no
// path separator.
bool IsSafeStackName(const std::string& name);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_AGENT_AGENT_LINES_H_
