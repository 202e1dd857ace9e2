// The scenario format's ops and their arguments (docs/scenario-format.md). One table drives
// validation, so every op's fields, types and the names it reads or binds are declared once.
#ifndef WSDUP_CONFORMANCE_FORMAT_OP_TABLE_H_
#define WSDUP_CONFORMANCE_FORMAT_OP_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

namespace wsdup::conformance {

// What a step argument holds.
enum class ArgKind {
  kSock,        // a bound descriptor name
  kBlob,        // a bound blob name
  kPeer,        // a bound peer name
  kNewPeer,     // a peer name this step binds
  kProc,        // a process name (comes into existence at first mention)
  kEvent,       // an event-object name, owned by the step's process
  kWindow,      // a window name, owned by the step's process
  kEnum,        // one string of `choices`
  kFlagList,    // list of strings among `choices`
  kEventList,   // list of FD_* names (may be empty)
  kString,
  kBool,        // true/false (0/1 also accepted)
  kOptionValue, // integer, or {"l_onoff": int, "l_linger": int}
};

struct ArgSpec {
  std::string_view name;
  ArgKind kind;
  bool required;
  std::vector<std::string_view> choices = {};
};

// What the step's `as` binds, if anything.
enum class Binds { kNothing, kSock, kBlob };

struct OpSpec {
  std::string_view name;
  std::vector<ArgSpec> args;
  Binds binds = Binds::kNothing;
  bool harness = false;  // runs in the harness, not in a process: takes no `proc`
};

const std::vector<OpSpec>& AllOps();
const OpSpec* FindOp(std::string_view name);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_OP_TABLE_H_
