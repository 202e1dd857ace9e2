// The scenario format's ops (docs/scenario-format.md): each op's arguments, what its `as` binds and
// the result fields it reports. One table drives validation and the order of the Windows agent's
// hello; op_vocabulary_test holds the docs to it and agent/backend_ops_test each backend's ops.
// Portable C++17: the mingw-w64 Windows agent compiles it too.
#ifndef WSDUP_CONFORMANCE_VOCABULARY_OPS_H_
#define WSDUP_CONFORMANCE_VOCABULARY_OPS_H_

#include <string_view>
#include <vector>

namespace wsdup::vocabulary {

// What a step argument holds.
enum class ArgKind {
  kSock,        // a bound descriptor name
  kBlob,        // a bound blob name
  kPeer,        // a bound peer name
  kNewPeer,     // a peer name this step binds
  kAddress,     // a bound address name (getsockname's "as")
  kProc,        // a process name (comes into existence at first mention)
  kNewProc,     // a process name never mentioned before (spawn's child)
  kEvent,       // an event-object name, owned by the step's process
  kWindow,      // a window name, owned by the step's process
  kEnum,        // one string of `choices`
  kFlagList,    // list of strings among `choices`
  kEventList,   // list of FD_* names (may be empty)
  kString,
  kBool,        // true/false (0/1 also accepted)
  kOptionValue, // integer, or {"l_onoff": int, "l_linger": int}
  kCount,       // a positive integer (listen's backlog)
  kNumber,      // an integer from 0 to 2^32-1 (iocp_associate's key)
  kPort,        // a bound completion-port name, owned by the step's process
  kAsync,       // a bound overlapped-operation name, owned by the step's process
  kNewAsync,    // an overlapped-operation name this step binds (recv, send, accept: `async`)
  kDgramPeer,   // a bound datagram peer name (the harness's datagram socket)
  kNewDgramPeer,  // a datagram peer name this step binds
};

struct ArgSpec {
  std::string_view name;
  ArgKind kind;
  bool required;
  std::vector<std::string_view> choices = {};
  // Optional arguments sharing a non-empty group are alternatives: a step gives exactly one of them
  // (duplicate's target and target_pid). Validation and the explorer's generator both read this.
  std::string_view one_of = {};
};

// What the step's `as` binds, if anything.
enum class Binds { kNothing, kSock, kBlob, kAddress, kPort };

// Who can perform an op.
enum class Performer {
  kEveryBackend,
  // Only the model: Winsock has no call that makes a socket QOS-enabled on demand (enable_qos), and
  // faults are injected into the model only (fault). docs/scenario-format.md says so per op.
  kModelOnly,
};

struct OpSpec {
  std::string_view name;
  std::vector<ArgSpec> args;
  Binds binds = Binds::kNothing;
  bool harness = false;  // runs in the harness, not in a process: takes no `proc`
  // Result fields besides "ok" and "error", which every result carries.
  std::vector<std::string_view> results = {};
  Performer performer = Performer::kEveryBackend;
};

// The pid `duplicate` passes for target_pid "unused". Windows hands out pids as multiples of 4 from a
// table that never grows near 2^32, so the largest multiple of 4 names no process on any system;
// the model and every agent use this one number, so a row means the same thing everywhere.
inline constexpr unsigned long kUnusedPid = 0xFFFFFFFCul;
// The pid `duplicate` passes for target_pid "all_ones": ~0, the value Wine's and .NET's tests pass
// for a process that cannot exist (not a multiple of 4, so no Windows pid).
inline constexpr unsigned long kAllOnesPid = 0xFFFFFFFFul;

// Every result field a result object may hold (docs/scenario-format.md, "Results").
inline constexpr std::string_view kResultFields[] = {"ok",     "error",    "value",    "signaled", "events", "state",
                                                      "sock",   "family",   "socktype", "protocol", "key",    "port"};

const std::vector<OpSpec>& AllOps();
const OpSpec* FindOp(std::string_view name);
// The ops a backend must perform, in table order: every op for the model, the kEveryBackend ones
// for a real stack.
std::vector<std::string_view> OpsPerformedBy(bool the_model);
// Whether `field` is a result field `op` reports ("ok" and "error" for every op).
bool Reports(const OpSpec& op, std::string_view field);

}  // namespace wsdup::vocabulary

#endif  // WSDUP_CONFORMANCE_VOCABULARY_OPS_H_
