// The agent protocol (docs/agent-protocol.md): message names and the version, used by the harness
// side (AgentBackend) and the model agent. The Windows agent (winsock/) is compiled by mingw-w64
// in a genrule without this package's dependencies, so today it spells the same names itself.
#ifndef WSDUP_CONFORMANCE_AGENT_AGENT_PROTOCOL_H_
#define WSDUP_CONFORMANCE_AGENT_AGENT_PROTOCOL_H_

namespace wsdup::conformance::protocol {

inline constexpr int kVersion = 1;

// harness -> agent
inline constexpr const char* kReset = "reset";  // {"type":"reset","scenario":name}
inline constexpr const char* kStep = "step";    // {"type":"step","index":n,"step":{...}}
inline constexpr const char* kEnd = "end";      // {"type":"end"}
inline constexpr const char* kBye = "bye";      // {"type":"bye"}

// agent -> harness
inline constexpr const char* kHello = "hello";    // {"type":"hello","protocol":1,"stack":..,"ops":[..]}
inline constexpr const char* kReady = "ready";    // answer to reset
inline constexpr const char* kResult = "result";  // {"type":"result","result":{ok,error,...}}
inline constexpr const char* kEnded = "ended";    // {"type":"ended","problems":[..]}
inline constexpr const char* kError = "error";    // {"type":"error","message":..} to any request

}  // namespace wsdup::conformance::protocol

#endif  // WSDUP_CONFORMANCE_AGENT_AGENT_PROTOCOL_H_
