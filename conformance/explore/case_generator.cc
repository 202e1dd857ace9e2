#include "conformance/explore/case_generator.h"

#include <algorithm>

#include "conformance/vocabulary/net_events.h"

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

// Event objects and windows belong to the process that names them: two per process, so
// registrations are replaced, shared and reused.
constexpr int kHandlesPerProcess = 2;

bool IsNameKind(ArgKind kind) {
  return kind == ArgKind::kSock || kind == ArgKind::kBlob || kind == ArgKind::kPeer;
}

}  // namespace

CaseGenerator::CaseGenerator(const GeneratorOptions& options, uint64_t case_seed)
    : options_(options), rng_(case_seed) {
  for (std::string_view name : options_.alphabet) {
    const OpSpec* op = vocabulary::FindOp(name);
    if (op != nullptr && (!options_.swarm || rng_.OneIn(2))) case_alphabet_.push_back(op);
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
  if (made_ < prologue_.size()) return prologue_[made_++];
  std::vector<const OpSpec*> eligible;
  for (const OpSpec* op : case_alphabet_) {
    if (Eligible(*op)) eligible.push_back(op);
  }
  if (eligible.empty()) return std::nullopt;
  const OpSpec& op = *eligible[rng_.Below(eligible.size())];
  json step = Make(op);
  Note(op, step);
  ++made_;
  return step;
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

json CaseGenerator::Make(const OpSpec& op) {
  json step = json::object();
  std::string caller;
  if (!op.harness) {
    caller = AliveCaller();
    step["proc"] = caller;
  }
  step["op"] = op.name;
  // One member of each group of alternatives (ArgSpec::one_of) is given.
  std::vector<std::string_view> groups_done;
  for (const ArgSpec& arg : op.args) {
    bool give = arg.required || rng_.OneIn(2);
    if (!arg.one_of.empty()) {
      if (std::find(groups_done.begin(), groups_done.end(), arg.one_of) != groups_done.end()) continue;
      std::vector<const ArgSpec*> members;
      for (const ArgSpec& other : op.args) {
        if (other.one_of == arg.one_of) members.push_back(&other);
      }
      groups_done.push_back(arg.one_of);
      const ArgSpec& chosen = *members[rng_.Below(members.size())];
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
    case ArgKind::kSock: return Pick(socks_);
    case ArgKind::kBlob: return Pick(blobs_);
    case ArgKind::kPeer: return Pick(peers_);
    case ArgKind::kNewPeer: return "p" + std::to_string(peers_.size() + 1);
    case ArgKind::kProc: return Pick(procs_);  // exited ones too: their pids are stale
    case ArgKind::kEvent: return caller + "e" + std::to_string(1 + rng_.Below(kHandlesPerProcess));
    case ArgKind::kWindow: return caller + "w" + std::to_string(1 + rng_.Below(kHandlesPerProcess));
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
  if (op.binds == Binds::kSock) socks_.push_back(step["as"].get<std::string>());
  if (op.binds == Binds::kBlob) blobs_.push_back(step["as"].get<std::string>());
  if (op.name == kExitOp) {
    const std::string proc = step["proc"].get<std::string>();
    alive_.erase(std::remove(alive_.begin(), alive_.end(), proc), alive_.end());
  }
}

}  // namespace wsdup::conformance::explore
