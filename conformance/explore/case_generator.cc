#include "conformance/explore/case_generator.h"

#include <algorithm>

#include "conformance/format/scenario.h"
#include "conformance/format/step_args.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;
using vocabulary::ArgKind;
using vocabulary::ArgSpec;
using vocabulary::Binds;
using vocabulary::OpSpec;

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
  return kind == ArgKind::kSock || kind == ArgKind::kBlob || kind == ArgKind::kPeer || kind == ArgKind::kAddress ||
         kind == ArgKind::kDgramPeer;
}

// The kinds of name an op requires, as bits (1 << ArgKind), read once from the op table: Next()
// asks every op of the alphabet at every step, and walking their arguments there was a tenth of
// exploring the model.
uint32_t Bit(ArgKind kind) { return 1u << static_cast<unsigned>(kind); }

uint32_t RequiredKinds(const OpSpec& op) {
  static const std::vector<uint32_t> by_op = [] {
    std::vector<uint32_t> kinds;
    for (const OpSpec& each : vocabulary::AllOps()) {
      uint32_t bits = 0;
      std::vector<std::string_view> groups;
      for (const ArgSpec& arg : each.args) {
        if (arg.required) bits |= Bit(arg.kind);
        // A group of alternatives needs its first member's kind: the generator falls back to it
        // when the one it drew has no name yet (peer_connect's sock before any address exists).
        if (!arg.one_of.empty() && std::find(groups.begin(), groups.end(), arg.one_of) == groups.end()) {
          groups.push_back(arg.one_of);
          bits |= Bit(arg.kind);
        }
      }
      kinds.push_back(bits);
    }
    return kinds;
  }();
  return by_op[static_cast<size_t>(&op - vocabulary::AllOps().data())];
}

// The ops `alphabet` names (nullptr for a name the table lacks), looked up again only when the
// alphabet changes: every case looked its whole alphabet up, a twentieth of exploring the model.
const std::vector<const OpSpec*>& Resolved(const std::vector<std::string_view>& alphabet) {
  thread_local std::vector<std::string> names;
  thread_local std::vector<const OpSpec*> ops;
  if (!std::equal(names.begin(), names.end(), alphabet.begin(), alphabet.end())) {
    names.assign(alphabet.begin(), alphabet.end());
    ops.clear();
    for (std::string_view name : alphabet) ops.push_back(vocabulary::FindOp(name));
  }
  return ops;
}

}  // namespace

CaseGenerator::CaseGenerator(const GeneratorOptions& options, uint64_t case_seed)
    : options_(options), rng_(case_seed) {
  const std::vector<const OpSpec*>& alphabet = Resolved(options_.alphabet);
  for (const OpSpec* op : alphabet) {
    if (op != nullptr && (!options_.swarm || !rng_.OneIn(4))) case_alphabet_.push_back(op);
  }
  if (case_alphabet_.empty()) {
    for (const OpSpec* op : alphabet) {
      if (op != nullptr) case_alphabet_.push_back(op);
    }
  }
  for (const OpSpec* op : case_alphabet_) case_required_.push_back(RequiredKinds(*op));
  given_.args.reserve(options_.max_steps * 2);
  given_.step_begin.reserve(options_.max_steps);
  const size_t procs = std::clamp<size_t>(options_.procs, 1, 26);
  for (size_t i = 0; i < procs; ++i) procs_.push_back(std::string(1, static_cast<char>('A' + i)));
  alive_ = procs_;
  // Most processes start Winsock first; the rest show what calls before WSAStartup do.
  const bool can_start = std::any_of(options_.alphabet.begin(), options_.alphabet.end(),
                                     [](std::string_view op) { return op == kStartupOp; });
  for (const std::string& proc : procs_) {
    if (can_start && !rng_.OneIn(8)) prologue_.push_back(proc);
  }
}

bool CaseGenerator::Next(Step* step) {
  if (made_ >= options_.max_steps || alive_.empty()) return false;
  if (made_ < prologue_.size()) {
    given_.step_begin.push_back(given_.args.size());
    *step = Step{};
    step->proc = prologue_[made_++];
    step->op = kStartupOp;
    step->spec = vocabulary::FindOp(kStartupOp);
    return true;
  }
  // Scratch lists kept between steps: a case draws thousands of times, and allocating them each
  // time was a tenth of exploring the model.
  std::vector<size_t>& eligible = scratch_eligible_;  // indices in case_alphabet_
  std::vector<size_t>& usable = scratch_usable_;
  eligible.clear();
  usable.clear();
  // Eligible: every name the op requires has one bound. Usable: every descriptor and blob it
  // requires has one made and not closed.
  const uint32_t name_kinds = Bit(ArgKind::kSock) | Bit(ArgKind::kBlob) | Bit(ArgKind::kPeer) | Bit(ArgKind::kAddress) |
                              Bit(ArgKind::kPort) | Bit(ArgKind::kAsync) | Bit(ArgKind::kDgramPeer);
  const uint32_t made_kinds = Bit(ArgKind::kSock) | Bit(ArgKind::kBlob);
  const uint32_t named = NamedKinds(), usable_kinds = UsableKinds();
  for (size_t i = 0; i < case_alphabet_.size(); ++i) {
    if ((case_required_[i] & name_kinds & ~named) != 0) continue;
    eligible.push_back(i);
    if ((case_required_[i] & made_kinds & ~usable_kinds) == 0) usable.push_back(i);
  }
  if (eligible.empty()) return false;
  // Mostly an op whose names still have a usable one (a descriptor made and not closed, a blob
  // made), so cases go deep; one time in four any, so the misuses stay.
  if (!usable.empty() && !rng_.OneIn(kAnyHolderOneIn)) eligible = usable;
  // Half the time after a step that made a blob or a descriptor, an op that takes one: chains
  // like duplicate, import, close, use are what sharing is about, and with the op picked
  // uniformly an import followed its duplicate in 2 of 400 cases.
  std::vector<size_t>& follow_ups = scratch_follow_ups_;
  follow_ups.clear();
  if (last_made_ != ArgKind::kString && rng_.OneIn(2)) {
    for (size_t candidate : eligible) {
      if ((case_required_[candidate] & Bit(last_made_)) != 0) follow_ups.push_back(candidate);
    }
  }
  const std::vector<size_t>& pool = follow_ups.empty() ? eligible : follow_ups;
  const OpSpec* picked = case_alphabet_[pool[rng_.Below(pool.size())]];
  // The ops that end a process's Winsock life (exit, cleanup) weigh a quarter of the others: at full
  // weight every process had exited or cleaned up a few steps in, and 1 case in 17 reached an import.
  if ((picked->name == kExitOp || picked->name == kCleanupOp) && !rng_.OneIn(4)) {
    picked = case_alphabet_[pool[rng_.Below(pool.size())]];
  }
  const OpSpec& op = *picked;
  given_.step_begin.push_back(given_.args.size());
  Make(op, step);
  for (int redraws = 0;; ++redraws) {
    const std::string problem = StepArgsProblem(step->typed);
    if (problem.empty()) break;
    // Never seen; should it happen, the format's own message says what it refused.
    if (redraws == kRedraws) throw InputError(problem);
    Make(op, step);
  }
  Note(op, *step);
  ++made_;
  return true;
}

uint32_t CaseGenerator::NamedKinds() const {
  uint32_t bits = 0;
  if (!socks_.empty()) bits |= Bit(ArgKind::kSock);
  if (!blobs_.empty()) bits |= Bit(ArgKind::kBlob);
  if (!peers_.empty()) bits |= Bit(ArgKind::kPeer);
  if (!addresses_.empty()) bits |= Bit(ArgKind::kAddress);
  if (!dgram_peers_.empty()) bits |= Bit(ArgKind::kDgramPeer);
  // A port or an operation is usable only by its own process, so only while that one lives.
  if (AnyAlive(port_owners_)) bits |= Bit(ArgKind::kPort);
  if (AnyAlive(async_owners_)) bits |= Bit(ArgKind::kAsync);
  return bits;
}

bool CaseGenerator::AnyAlive(const std::vector<std::string>& owners) const {
  return std::any_of(owners.begin(), owners.end(), [this](const std::string& owner) {
    return std::find(alive_.begin(), alive_.end(), owner) != alive_.end();
  });
}

std::string CaseGenerator::PickOwned(const std::vector<std::string>& names, const std::vector<std::string>& owners,
                                     const std::string& caller) {
  std::vector<const std::string*>& owned = scratch_names_;
  owned.clear();
  for (size_t i = 0; i < names.size(); ++i) {
    if (owners[i] == caller) owned.push_back(&names[i]);
  }
  return *owned[rng_.Below(owned.size())];  // CallerFor picked an owner
}

uint32_t CaseGenerator::UsableKinds() const {
  uint32_t bits = 0;
  if (std::find(sock_made_.begin(), sock_made_.end(), char{1}) != sock_made_.end()) bits |= Bit(ArgKind::kSock);
  if (std::find(blob_made_.begin(), blob_made_.end(), char{1}) != blob_made_.end()) bits |= Bit(ArgKind::kBlob);
  return bits;
}

const std::vector<std::string>& CaseGenerator::PoolOf(ArgKind kind) const {
  switch (kind) {
    case ArgKind::kSock: return socks_;
    case ArgKind::kBlob: return blobs_;
    case ArgKind::kAddress: return addresses_;
    case ArgKind::kDgramPeer: return dgram_peers_;
    default: return peers_;
  }
}

std::string CaseGenerator::AliveCaller() { return Pick(alive_); }

// A call on a descriptor or a blob is mostly made by a live process that holds one (made by a
// successful step): a random caller held nothing in most cases, so listen and accept almost never
// succeeded (0 successful listens in 400 cases).
std::string CaseGenerator::CallerFor(const OpSpec& op) {
  // An op that needs a port or an operation is called by a live process that has one.
  for (const ArgSpec& arg : op.args) {
    if (!arg.required || (arg.kind != ArgKind::kPort && arg.kind != ArgKind::kAsync)) continue;
    const std::vector<std::string>& owners = arg.kind == ArgKind::kPort ? port_owners_ : async_owners_;
    std::vector<const std::string*>& candidates = scratch_names_;
    candidates.clear();
    for (const std::string& owner : owners) {
      if (std::find(alive_.begin(), alive_.end(), owner) != alive_.end()) candidates.push_back(&owner);
    }
    return *candidates[rng_.Below(candidates.size())];  // Next() made it eligible: one is alive
  }
  if (rng_.OneIn(kAnyHolderOneIn)) return AliveCaller();
  const std::vector<std::string>* holders = nullptr;
  const std::vector<char>* made = nullptr;
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
                                            const std::vector<std::string>& holders, const std::vector<char>& made,
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

void CaseGenerator::Make(const OpSpec& op, Step* step) {
  const size_t begin = given_.step_begin.back();
  given_.args.resize(begin);  // a redraw replaces the refused draw
  // Cleared field by field: assigning a fresh Step was a tenth of Make.
  step->proc.clear();
  step->as.clear();
  step->args = json();
  step->typed = StepArgs{};
  step->thread.reset();
  step->expect.clear();
  step->exempt_because.clear();
  std::string caller;
  if (!op.harness) {
    caller = CallerFor(op);
    step->proc = caller;
  }
  step->op = op.name;
  step->spec = &op;
  // One member of each group of alternatives (ArgSpec::one_of) is given, when the group's first
  // member comes up.
  const auto first_of_group = op.args.begin();
  for (auto at = op.args.begin(); at != op.args.end(); ++at) {
    const ArgSpec& arg = *at;
    bool give = arg.required || rng_.OneIn(kOptionalOneIn);
    if (!arg.one_of.empty()) {
      const auto same_group = [&arg](const ArgSpec& other) { return other.one_of == arg.one_of; };
      if (std::any_of(first_of_group, at, same_group)) continue;  // the group is done
      const size_t members = static_cast<size_t>(std::count_if(at, op.args.end(), same_group));
      // The first alternative is the common form (duplicate's target, not a raw pid).
      size_t nth = rng_.OneIn(kAnyHolderOneIn) ? rng_.Below(members) : 0;
      auto chosen = at;
      while (!same_group(*chosen) || nth-- > 0) ++chosen;
      if (IsNameKind(chosen->kind) && PoolOf(chosen->kind).empty()) chosen = at;
      given_.args.push_back(ValueFor(*chosen, caller));
      continue;
    }
    // An optional name the case has none of yet is left out rather than invented.
    if (give && IsNameKind(arg.kind) && !arg.required) give = !PoolOf(arg.kind).empty();
    if (give) given_.args.push_back(ValueFor(arg, caller));
  }
  if (op.binds == Binds::kSock) step->as = "s" + std::to_string(socks_.size() + 1);
  if (op.binds == Binds::kBlob) step->as = "b" + std::to_string(blobs_.size() + 1);
  // getsockname names the address half the time: what connect and peer_connect then reach. The
  // harness's ops always do: a datagram peer is reached only through its address.
  if (op.binds == Binds::kAddress && (op.harness || rng_.OneIn(2))) step->as = "a" + std::to_string(addresses_.size() + 1);
  if (op.binds == Binds::kPort) step->as = "q" + std::to_string(ports_.size() + 1);
  for (size_t i = begin; i < given_.args.size(); ++i) given_.args[i].ApplyTo(&step->typed);
}

GivenArg CaseGenerator::ValueFor(const ArgSpec& arg, const std::string& caller) {
  GivenArg given;
  given.spec = &arg;
  switch (arg.kind) {
    case ArgKind::kSock: given.name = PickMostlyHeldBy(socks_, sock_holders_, sock_made_, caller); break;
    case ArgKind::kBlob: given.name = PickMostlyHeldBy(blobs_, blob_targets_, blob_made_, caller); break;
    case ArgKind::kPeer: given.name = Pick(peers_); break;
    case ArgKind::kNewPeer: given.name = "p" + std::to_string(peers_.size() + 1); break;
    case ArgKind::kDgramPeer: given.name = Pick(dgram_peers_); break;
    case ArgKind::kNewDgramPeer: given.name = "d" + std::to_string(dgram_peers_.size() + 1); break;
    case ArgKind::kAddress: given.name = Pick(addresses_); break;
    // Mostly a live process; exited ones too, whose pids are stale. A parent is always alive: an
    // exited process starts nothing.
    case ArgKind::kProc:
      given.name = arg.name != "parent" && rng_.OneIn(kAnyHolderOneIn) ? Pick(procs_) : Pick(alive_);
      break;
    // A new process, named after the ones the case already has.
    case ArgKind::kNewProc:
      given.name = procs_.size() < 26 ? std::string(1, static_cast<char>('A' + procs_.size()))
                                      : "P" + std::to_string(procs_.size());
      break;
    case ArgKind::kEvent: given.name = HandleName(caller + "e", &events_used_); break;
    case ArgKind::kWindow: given.name = HandleName(caller + "w", &windows_used_); break;
    case ArgKind::kPort: given.name = PickOwned(ports_, port_owners_, caller); break;
    case ArgKind::kAsync: given.name = PickOwned(asyncs_, async_owners_, caller); break;
    case ArgKind::kNewAsync: given.name = "o" + std::to_string(asyncs_.size() + 1); break;
    case ArgKind::kNumber: given.count = static_cast<int32_t>(rng_.Below(3)); break;  // a completion key
    case ArgKind::kEnum: given.word = arg.choices[rng_.Below(arg.choices.size())]; break;
    case ArgKind::kFlagList:
    case ArgKind::kEventList:  // in the table's order (Winsock's bit order for events), as validation writes it
      for (size_t i = 0; i < ListWords(arg); ++i) {
        if (rng_.OneIn(arg.kind == ArgKind::kFlagList ? 4 : 2)) given.picked |= 1u << i;
      }
      break;
    case ArgKind::kString: {
      static constexpr std::string_view kTexts[] = {"a", "hello", "xyz"};
      given.word = kTexts[rng_.Below(3)];
      break;
    }
    case ArgKind::kBool: given.flag = rng_.OneIn(2); break;
    case ArgKind::kCount: {
      // listen's backlog: never smaller than the connections a case can queue (one per step), so
      // no case meets a full queue, which no rule decides (docs/scenario-format.md).
      static constexpr int32_t kCounts[] = {32, 128};
      given.count = kCounts[rng_.Below(2)];
      break;
    }
    case ArgKind::kOptionValue: {
      if (rng_.OneIn(4)) {
        given.linger = true;
        given.number.value = static_cast<int32_t>(rng_.Below(2));
        given.number.linger = rng_.OneIn(2) ? 0 : 5;
        break;
      }
      static constexpr int32_t kValues[] = {0, 1, 4096, 65536};
      given.number.value = kValues[rng_.Below(4)];
      break;
    }
  }
  return given;
}

// Names are bound whatever the call does (a failed call binds INVALID_SOCKET or an unusable blob).
void CaseGenerator::Note(const OpSpec& op, const Step& step) {
  for (size_t i = given_.step_begin.back(); i < given_.args.size(); ++i) {
    if (given_.args[i].spec->kind == ArgKind::kNewPeer) peers_.push_back(given_.args[i].name);
    if (given_.args[i].spec->kind == ArgKind::kNewDgramPeer) dgram_peers_.push_back(given_.args[i].name);
    if (given_.args[i].spec->kind == ArgKind::kNewAsync) {
      asyncs_.push_back(given_.args[i].name);
      async_owners_.push_back(step.proc);
    }
  }
  if (op.binds == Binds::kAddress && !step.as.empty()) addresses_.push_back(step.as);
  if (op.binds == Binds::kPort) {
    ports_.push_back(step.as);
    port_owners_.push_back(step.proc);
  }
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
    const auto blob = std::find(blobs_.begin(), blobs_.end(), step.typed.blob);
    if (blob != blobs_.end()) {
      socket = blob_socket_[static_cast<size_t>(blob - blobs_.begin())];
    } else {
      ++sockets_named_;
    }
    sock_socket_.push_back(socket);
    socks_.push_back(step.as);
    sock_holders_.push_back(step.proc);
    sock_made_.push_back(true);
  }
  if (op.binds == Binds::kBlob) {
    const auto sock = std::find(socks_.begin(), socks_.end(), step.typed.sock);
    blob_socket_.push_back(sock != socks_.end() ? sock_socket_[static_cast<size_t>(sock - socks_.begin())]
                                                : sockets_named_++);
    blobs_.push_back(step.as);
    blob_targets_.push_back(step.typed.target);
    blob_made_.push_back(true);
  }
  closed_index_ = kNoIndex;
  if (op.name == kCloseOp) {
    const auto closed = std::find(socks_.begin(), socks_.end(), step.typed.sock);
    if (closed != socks_.end()) closed_index_ = static_cast<size_t>(closed - socks_.begin());
  }
  if (op.name == kExitOp) alive_.erase(std::remove(alive_.begin(), alive_.end(), step.proc), alive_.end());
  if (!step.typed.child.empty()) {  // spawn
    procs_.push_back(step.typed.child);
    alive_.push_back(step.typed.child);
  }
}

}  // namespace wsdup::conformance::explore
