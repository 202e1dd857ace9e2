// A step's arguments as types, parsed once from the validated JSON (scenario.cc) or from a step that
// arrived over the agent protocol (agent/step_wire.cc). Backends read these fields and never look a
// name up again, so nothing depends on two lists agreeing at run time.
#ifndef WSDUP_CONFORMANCE_FORMAT_STEP_ARGS_H_
#define WSDUP_CONFORMANCE_FORMAT_STEP_ARGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "conformance/vocabulary/socket_words.h"
#include "sim/types.h"

namespace wsdup::conformance {

// duplicate's target_pid: a pid no process has, zero, or ~0 (vocabulary::kUnusedPid and kAllOnesPid
// say which pids).
enum class TargetPid { kNone, kUnused, kZero, kAllOnes };

// A `sock` written as a raw value instead of a name: {"raw": 0} (descriptor 0) or
// {"raw": "invalid"} (INVALID_SOCKET), values no call ever returned, as Wine's and .NET's tests pass.
enum class RawSock { kNone, kZero, kInvalid };

struct StepArgs {
  // Names bound or owned within the scenario; empty when the op takes none.
  std::string sock, blob, peer, target, event, window;
  std::string to;  // the address name of connect, sendto, bind, peer_connect and peer_sendto
  std::string async;  // an overlapped operation's name (recv, send, accept bind it; wait_async, cancel use it)
  std::string port;   // iocp_associate's completion port
  int32_t key = 0;    // iocp_associate's completion key
  std::string parent, child;  // spawn's processes
  bool inherit = false;       // spawn's inherit
  TargetPid target_pid = TargetPid::kNone;
  RawSock raw_sock = RawSock::kNone;  // set instead of `sock`

  bool version_supported = true;  // startup: version "2.2" (false: "0")
  bool null_data = false;         // startup: data "null"
  sim::SockType type = sim::SockType::kStream;
  sim::Family family = sim::Family::kInet;  // socket's and connected's family (format 1.1)
  sim::CreateApi api = sim::CreateApi::kSocket;
  uint32_t create_flags = 0;      // WSASocket dwFlags (vocabulary/socket_words.h values)
  sim::Variant variant = sim::Variant::kA;
  bool null_info = false;         // duplicate: info "null"
  sim::ImportParams import_params = sim::ImportParams::kFromProtocolInfo;  // from_blob's params

  std::optional<vocabulary::OptionLevel> level;
  std::optional<vocabulary::Option> option;
  sim::OptionValue option_value;  // setsockopt: an integer, or l_onoff and l_linger

  sim::ShutdownHow how = sim::kShutBoth;  // shutdown's how
  int32_t backlog = 0;            // listen's backlog; 0: not given (SOMAXCONN)
  bool on = false;                // fionbio's value (non-blocking), fault's on
  uint32_t event_mask = 0;        // FD_* bits
  std::string bytes;
  std::optional<sim::Fault> fault;

  bool operator==(const StepArgs& other) const;
  bool operator!=(const StepArgs& other) const { return !(*this == other); }
};

// The raw descriptor a `sock` value of the form {"raw": ...} writes; nullopt for any other value.
// Validation and parsing both ask this one function.
std::optional<RawSock> RawSockFrom(const nlohmann::json& value);

// One argument's value, borrowed: from a JSON document (ParseStepArgs), or from the explorer's
// generator, which makes steps without writing JSON (a JSON object made and parsed per step was
// most of exploring the model). Both reach StepArgs through SetStepArg, one mapping from field to
// member.
struct ArgValue {
  enum class Shape { kText, kBool, kInteger, kLinger, kList, kOther };
  Shape shape = Shape::kOther;
  std::string_view text;                    // kText
  bool flag = false;                        // kBool
  sim::OptionValue number;                  // kInteger (value), kLinger (both)
  const std::string_view* items = nullptr;  // kList: `count` strings
  size_t count = 0;
  bool strings_only = true;                 // kList: false when an item is not a string
  const nlohmann::json* written = nullptr;  // the value as written, when it came from JSON (messages quote it)
};

// Sets the member `field` names (an op's argument: "sock", "events", ...) from `value`; a field
// that is not an argument is left alone. Throws InputError when the value is not one the field takes.
void SetStepArg(std::string_view field, const ArgValue& value, StepArgs* typed);

// What is wrong across the arguments once all are set (SOCK-11: an option at a level where its
// number is another option); empty when nothing is. ParseStepArgs throws it as InputError; the
// generator draws again.
std::string StepArgsProblem(const StepArgs& typed);

// An option value as setsockopt takes it: an integer, or exactly {"l_onoff": int, "l_linger": int};
// nullopt for anything else. Validation and parsing both ask this one function.
std::optional<sim::OptionValue> OptionValueFrom(const nlohmann::json& value);

// Parses the op's own fields (Step::args). Throws InputError on a value the op table does not admit,
// so a step that skipped validation (one from the wire) cannot reach a backend half-understood.
StepArgs ParseStepArgs(const nlohmann::json& args);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_STEP_ARGS_H_
