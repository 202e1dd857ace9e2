#include "conformance/explore/case_generator.h"

#include <algorithm>

#include "conformance/format/scenario.h"
#include "conformance/format/step_args.h"
#include "conformance/vocabulary/net_events.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;
using vocabulary::ArgKind;
using vocabulary::ArgSpec;
using vocabulary::Binds;
using vocabulary::OpSpec;

// Whether the format takes the step's arguments: the op table states each argument's values but
// not every pair of them (SOCK-11), so a draw the rows could not hold is drawn again.
bool Writable(const json& step, StepArgs* typed) {
  try {
    *typed = ParseStepArgs(step);
    return true;
  } catch (const InputError&) {
    return false;
  }
}

// The op after which a process may not act again (docs/scenario-format.md, "proc").
constexpr std::string_view kExitOp = "exit";
constexpr std::string_view kStartupOp = "startup";
constexpr std::string_view kCleanupOp = "cleanup";
// The op that uses up a name (the descriptor closed): see Observe. An imported blob is not used up
// for the generator: presenting it again is the misuse BLOB-2 is about, and with imported blobs
// avoided a blob that imports twice went uncaught in 300 cases.
constexpr std::string_view kCloseOp = "closesocket";

// Event objects and windows belong to the process that names them: two per process, so
// registrations are replaced, shared and reused.
constexpr int kHandlesPerProcess = 2;

// How often an optional argument is given (1 in N): optional arguments are mostly the unusual
// forms (a NULL info pointer, odd flags), and at 1 in 2 they crowded out the successful calls:
// over 2000 cases not one import succeeded.
constexpr uint32_t kOptionalOneIn = 4;
// How often a name is picked among all of its kind rather than among the caller's (1 in N).
constexpr uint32_t kAnyHolderOneIn = 4;

// How often a step the format refuses is drawn again before the format's refusal is let through (as
// bad input). The one such draw today (SOCK-11: an option named at a level where its number is
// another option) is 3 of setsockopt's 24 pairs, so 32 refusals in a row do not happen.
constexpr int kRedraws = 32;

bool IsNameKind(ArgKind kind) {
  return kind == ArgKind::kSock || kind == ArgKind::kBlob || kind == ArgKind::kPeer;
}

}  // namespace

CaseGenerator::CaseGenerator(const GeneratorOptions& options, uint64_t case_seed)
    : options_(options), rng_(case_seed) {
  for (std::string_view name : options_.alphabet) {
    const OpSpec* op = vocabulary::FindOp(name);
    if (op != nullptr && (!options_.swarm || !rng_.OneIn(4))) case_alphabet_.push_back(op);
  }
  if (case_alphabet_.empty()) {
    for (std::string_view name : options_.alphabet) {
      if (const OpSpec* op = vocabulary::FindOp(name)) case_alphabet_.push_back(op);
    }
  }
  const size_t procs = std::clamp<size_t>(options_.procs, 1, 26);
  for (size_t i = 0; i < procs; ++i) procs_.push_back(std::string(1, static_cast<char>('A' + i)));
  alive_ = procs_;
  // Most processes start Winsock first; the rest show what calls before WSAStartup do.
  const bool can_start = std::any_of(options_.alphabet.begin(), options_.alphabet.end(),
                                     [](std::string_view op) { return op == kStartupOp; });
  for (const std::string& proc : procs_) {
    if (can_start && !rng_.OneIn(8)) prologue_.push_back(json{{"proc", proc}, {"op", kStartupOp}});
  }
}

std::optional<json> CaseGenerator::Next() {
  if (made_ >= options_.max_steps || alive_.empty()) return std::nullopt;
  if (made_ < prologue_.size()) {
    last_args_ = ParseStepArgs(prologue_[made_]);
    return prologue_[made_++];
  }
  // Scratch lists kept between steps: a case draws thousands of times, and allocating them each
  // time was a tenth of exploring the model.
  std::vector<const OpSpec*>& eligible = scratch_eligible_;
  std::vector<const OpSpec*>& usable = scratch_usable_;
  eligible.clear();
  usable.clear();
  for (const OpSpec* op : case_alphabet_) {
    if (!Eligible(*op)) continue;
    eligible.push_back(op);
    if (HasUsableNames(*op)) usable.push_back(op);
  }
  if (eligible.empty()) return std::nullopt;
  // Mostly an op whose names still have a usable one (a descriptor made and not closed, a blob
  // made), so cases go deep; one time in four any, so the misuses stay.
  if (!usable.empty() && !rng_.OneIn(kAnyHolderOneIn)) eligible = usable;
  // Half the time after a step that made a blob or a descriptor, an op that takes one: chains
  // like duplicate, import, close, use are what sharing is about, and with the op picked
  // uniformly an import followed its duplicate in 2 of 400 cases.
  std::vector<const OpSpec*>& follow_ups = scratch_follow_ups_;
  follow_ups.clear();
  if (last_made_ != ArgKind::kString && rng_.OneIn(2)) {
    for (const OpSpec* candidate : eligible) {
      if (std::any_of(candidate->args.begin(), candidate->args.end(),
                      [this](const ArgSpec& arg) { return arg.required && arg.kind == last_made_; })) {
        follow_ups.push_back(candidate);
      }
    }
  }
  const std::vector<const OpSpec*>& pool = follow_ups.empty() ? eligible : follow_ups;
  const OpSpec* picked = pool[rng_.Below(pool.size())];
  // The ops that end a process's Winsock life (exit, cleanup) weigh a quarter of the others: at full
  // weight every process had exited or cleaned up a few steps in, and 1 case in 17 reached an import.
  if ((picked->name == kExitOp || picked->name == kCleanupOp) && !rng_.OneIn(4)) {
    picked = pool[rng_.Below(pool.size())];
  }
  const OpSpec& op = *picked;
  json step = Make(op);
  for (int redraws = 0; !Writable(step, &last_args_); ++redraws) {
    // Never seen; should it happen, the format's own message says what it refused.
    if (redraws == kRedraws) last_args_ = ParseStepArgs(step);
    step = Make(op);
  }
  Note(op, step);
  ++made_;
  return step;
}

bool CaseGenerator::HasUsableNames(const OpSpec& op) const {
  for (const ArgSpec& arg : op.args) {
    if (!arg.required || (arg.kind != ArgKind::kSock && arg.kind != ArgKind::kBlob)) continue;
    const std::vector<bool>& usable = arg.kind == ArgKind::kSock ? sock_made_ : blob_made_;
    if (std::find(usable.begin(), usable.end(), true) == usable.end()) return false;
  }
  return true;
}

bool CaseGenerator::Eligible(const OpSpec& op) const {
  for (const ArgSpec& arg : op.args) {
    if (!arg.required || !IsNameKind(arg.kind)) continue;
    const std::vector<std::string>& pool =
        arg.kind == ArgKind::kSock ? socks_ : arg.kind == ArgKind::kBlob ? blobs_ : peers_;
    if (pool.empty()) return false;
  }
  return true;
}

std::string CaseGenerator::AliveCaller() { return Pick(alive_); }

// A call on a descriptor or a blob is mostly made by a live process that holds one (made by a
// successful step): a random caller held nothing in most cases, so listen and accept almost never
// succeeded (0 successful listens in 400 cases).
std::string CaseGenerator::CallerFor(const OpSpec& op) {
  if (rng_.OneIn(kAnyHolderOneIn)) return AliveCaller();
  const std::vector<std::string>* holders = nullptr;
  const std::vector<bool>* made = nullptr;
  for (const ArgSpec& arg : op.args) {
    if (!arg.required) continue;
    if (arg.kind == ArgKind::kSock) holders = &sock_holders_, made = &sock_made_;
    if (arg.kind == ArgKind::kBlob) holders = &blob_targets_, made = &blob_made_;
  }
  if (holders == nullptr) return AliveCaller();
  std::vector<const std::string*>& candidates = scratch_names_;
  candidates.clear();
  for (size_t i = 0; i < holders->size(); ++i) {
    const std::string& holder = (*holders)[i];
    if ((*made)[i] && std::find(alive_.begin(), alive_.end(), holder) != alive_.end()) candidates.push_back(&holder);
  }
  return candidates.empty() ? AliveCaller() : *candidates[rng_.Below(candidates.size())];
}

std::string CaseGenerator::PickMostlyHeldBy(const std::vector<std::string>& names,
                                            const std::vector<std::string>& holders, const std::vector<bool>& made,
                                            const std::string& caller) {
  if (!rng_.OneIn(kAnyHolderOneIn)) {
    std::vector<const std::string*>& held = scratch_names_;
    std::vector<const std::string*>& held_shared = scratch_shared_names_;
    held.clear();
    held_shared.clear();
    for (size_t i = 0; i < names.size(); ++i) {
      if (holders[i] == caller && made[i]) {
        held.push_back(&names[i]);
        if (&names == &socks_ && Shared(i)) held_shared.push_back(&names[i]);
      }
    }
    // Half the time a descriptor of a socket that has another: registrations through two
    // descriptors, traffic and a wait on the first one's event is how EVT-1 is seen, and without
    // this not one case in 5,000 of 40 steps built it.
    if (!held_shared.empty() && rng_.OneIn(2)) return *held_shared[rng_.Below(held_shared.size())];
    // Half the time the newest: socket, bind, listen, accept build on one descriptor.
    if (!held.empty()) return rng_.OneIn(2) ? *held.back() : *held[rng_.Below(held.size())];
  }
  return Pick(names);
}

// Mostly an event object or window the case has named before (the one a registration went to),
// so waits and enumerations mostly look where notifications go (waiting on an object nobody
// registered proves little). Sometimes a fresh one, so those are waited on too.
std::string CaseGenerator::HandleName(const std::string& prefix, std::vector<std::string>* used) {
  const std::string* newest_mine = nullptr;
  for (const std::string& name : *used) {
    if (name.rfind(prefix, 0) == 0) newest_mine = &name;
  }
  if (newest_mine != nullptr && !rng_.OneIn(kAnyHolderOneIn)) return *newest_mine;
  std::string name = prefix + std::to_string(1 + rng_.Below(kHandlesPerProcess));
  if (std::find(used->begin(), used->end(), name) == used->end()) used->push_back(name);
  return name;
}

bool CaseGenerator::Shared(size_t sock_index) const {
  for (size_t other = 0; other < socks_.size(); ++other) {
    if (other != sock_index && sock_made_[other] && sock_socket_[other] == sock_socket_[sock_index]) return true;
  }
  return false;
}

void CaseGenerator::Observe(bool succeeded) {
  if (last_binds_ == Binds::kSock) sock_made_.back() = succeeded;
  if (last_binds_ == Binds::kBlob) blob_made_.back() = succeeded;
  if (!succeeded) last_made_ = ArgKind::kString;
  // A descriptor closed is used up: the bias then goes to the ones still open (a uniform pick still
  // takes closed ones, one time in four).
  if (succeeded && closed_index_ < sock_made_.size()) sock_made_[closed_index_] = false;
  closed_index_ = kNoIndex;
}

json CaseGenerator::Make(const OpSpec& op) {
  json step = json::object();
  std::string caller;
  if (!op.harness) {
    caller = CallerFor(op);
    step["proc"] = caller;
  }
  step["op"] = op.name;
  // One member of each group of alternatives (ArgSpec::one_of) is given.
  std::vector<std::string_view> groups_done;
  for (const ArgSpec& arg : op.args) {
    bool give = arg.required || rng_.OneIn(kOptionalOneIn);
    if (!arg.one_of.empty()) {
      if (std::find(groups_done.begin(), groups_done.end(), arg.one_of) != groups_done.end()) continue;
      std::vector<const ArgSpec*> members;
      for (const ArgSpec& other : op.args) {
        if (other.one_of == arg.one_of) members.push_back(&other);
      }
      groups_done.push_back(arg.one_of);
      // The first alternative is the common form (duplicate's target, not a raw pid).
      const ArgSpec& chosen = rng_.OneIn(kAnyHolderOneIn) ? *members[rng_.Below(members.size())] : *members[0];
      step[std::string(chosen.name)] = ValueFor(chosen, caller);
      continue;
    }
    // An optional name the case has none of yet is left out rather than invented.
    if (give && IsNameKind(arg.kind) && !arg.required) {
      const std::vector<std::string>& pool =
          arg.kind == ArgKind::kSock ? socks_ : arg.kind == ArgKind::kBlob ? blobs_ : peers_;
      give = !pool.empty();
    }
    if (give) step[std::string(arg.name)] = ValueFor(arg, caller);
  }
  if (op.binds == Binds::kSock) step["as"] = "s" + std::to_string(socks_.size() + 1);
  if (op.binds == Binds::kBlob) step["as"] = "b" + std::to_string(blobs_.size() + 1);
  return step;
}

json CaseGenerator::ValueFor(const ArgSpec& arg, const std::string& caller) {
  switch (arg.kind) {
    case ArgKind::kSock: return PickMostlyHeldBy(socks_, sock_holders_, sock_made_, caller);
    case ArgKind::kBlob: return PickMostlyHeldBy(blobs_, blob_targets_, blob_made_, caller);
    case ArgKind::kPeer: return Pick(peers_);
    case ArgKind::kNewPeer: return "p" + std::to_string(peers_.size() + 1);
    // Mostly a live process; exited ones too, whose pids are stale.
    case ArgKind::kProc: return rng_.OneIn(kAnyHolderOneIn) ? Pick(procs_) : Pick(alive_);
    case ArgKind::kEvent: return HandleName(caller + "e", &events_used_);
    case ArgKind::kWindow: return HandleName(caller + "w", &windows_used_);
    case ArgKind::kEnum: return arg.choices[rng_.Below(arg.choices.size())];
    case ArgKind::kFlagList: {
      json flags = json::array();
      for (std::string_view flag : arg.choices) {
        if (rng_.OneIn(4)) flags.push_back(flag);
      }
      return flags;
    }
    case ArgKind::kEventList: {  // in Winsock bit order, as validation writes it
      json events = json::array();
      for (const auto& word : vocabulary::kNetEvents) {
        if (rng_.OneIn(2)) events.push_back(word.name);
      }
      return events;
    }
    case ArgKind::kString: {
      static constexpr std::string_view kTexts[] = {"a", "hello", "xyz"};
      return kTexts[rng_.Below(3)];
    }
    case ArgKind::kBool: return rng_.OneIn(2);
    case ArgKind::kOptionValue: {
      if (rng_.OneIn(4)) return json{{"l_onoff", rng_.Below(2)}, {"l_linger", rng_.OneIn(2) ? 0 : 5}};
      static constexpr int kValues[] = {0, 1, 4096, 65536};
      return kValues[rng_.Below(4)];
    }
  }
  return nullptr;
}

// Names are bound whatever the call does (a failed call binds INVALID_SOCKET or an unusable blob).
void CaseGenerator::Note(const OpSpec& op, const json& step) {
  for (const ArgSpec& arg : op.args) {
    if (arg.kind == ArgKind::kNewPeer && step.contains(std::string(arg.name))) {
      peers_.push_back(step[std::string(arg.name)].get<std::string>());
    }
  }
  const std::string holder = step.value("proc", "");
  last_binds_ = op.binds;
  last_made_ = op.binds == Binds::kSock ? ArgKind::kSock : op.binds == Binds::kBlob ? ArgKind::kBlob : ArgKind::kString;
  // A step that named an event object or a window (a registration, a wait) is followed, half the
  // time, by another that takes one: a second registration replacing the first, or a wait on it.
  for (const ArgSpec& arg : op.args) {
    if (op.binds == Binds::kNothing && arg.required && (arg.kind == ArgKind::kEvent || arg.kind == ArgKind::kWindow)) {
      last_made_ = arg.kind;
    }
  }
  if (op.binds == Binds::kSock) {
    // An import stands for its blob's socket; anything else makes a new one.
    size_t socket = sockets_named_;
    const auto blob = std::find(blobs_.begin(), blobs_.end(), step.value("blob", ""));
    if (blob != blobs_.end()) {
      socket = blob_socket_[static_cast<size_t>(blob - blobs_.begin())];
    } else {
      ++sockets_named_;
    }
    sock_socket_.push_back(socket);
    socks_.push_back(step["as"].get<std::string>());
    sock_holders_.push_back(holder);
    sock_made_.push_back(true);
  }
  if (op.binds == Binds::kBlob) {
    const auto sock = std::find(socks_.begin(), socks_.end(), step.value("sock", ""));
    blob_socket_.push_back(sock != socks_.end() ? sock_socket_[static_cast<size_t>(sock - socks_.begin())]
                                                : sockets_named_++);
    blobs_.push_back(step["as"].get<std::string>());
    blob_targets_.push_back(step.value("target", ""));
    blob_made_.push_back(true);
  }
  closed_index_ = kNoIndex;
  if (op.name == kCloseOp) {
    const auto closed = std::find(socks_.begin(), socks_.end(), step.value("sock", ""));
    if (closed != socks_.end()) closed_index_ = static_cast<size_t>(closed - socks_.begin());
  }
  if (op.name == kExitOp) {
    const std::string proc = step["proc"].get<std::string>();
    alive_.erase(std::remove(alive_.begin(), alive_.end(), proc), alive_.end());
  }
}

}  // namespace wsdup::conformance::explore
