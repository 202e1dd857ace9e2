// The agent protocol's version and message names (docs/agent-protocol.md). Portable, so the
// harness (agent/agent_backend.cc), the model agent and the Windows agent (agent/winsock/) all speak
// from this one list.
#ifndef WSDUP_CONFORMANCE_VOCABULARY_AGENT_PROTOCOL_H_
#define WSDUP_CONFORMANCE_VOCABULARY_AGENT_PROTOCOL_H_

namespace wsdup::protocol {

// Version 2 added one duty: a result echoes its step's index, so an extra or mis-routed answer is
// caught at the step where it arrives instead of being taken as the next step's observation.
// Version 1 agents are still accepted; for them that check cannot be made.
inline constexpr int kVersion = 2;
inline constexpr int kOldestVersion = 1;

// harness -> agent
inline constexpr const char* kReset = "reset";  // {"type":"reset","scenario":name}
inline constexpr const char* kStep = "step";    // {"type":"step","index":n,"step":{...}}
inline constexpr const char* kEnd = "end";      // {"type":"end"}
inline constexpr const char* kBye = "bye";      // {"type":"bye"}

// agent -> harness
inline constexpr const char* kHello = "hello";    // {"type":"hello","protocol":2,"stack":..,"ops":[..]}
inline constexpr const char* kReady = "ready";    // answer to reset
inline constexpr const char* kResult = "result";  // {"type":"result","index":n,"result":{ok,error,...}}
inline constexpr const char* kEnded = "ended";    // {"type":"ended","problems":[..]}
inline constexpr const char* kError = "error";    // {"type":"error","message":..} to any request

}  // namespace wsdup::protocol

#endif  // WSDUP_CONFORMANCE_VOCABULARY_AGENT_PROTOCOL_H_
