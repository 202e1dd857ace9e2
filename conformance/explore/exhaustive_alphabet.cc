#include "conformance/explore/exhaustive_alphabet.h"

#include <algorithm>
#include <string>

#include "conformance/explore/model_case.h"
#include "conformance/vocabulary/net_events.h"
#include "conformance/vocabulary/ops.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;
using vocabulary::ArgKind;
using vocabulary::ArgSpec;
using vocabulary::Binds;
using vocabulary::OpSpec;

// One value an argument takes in the alphabet, with the name it uses or binds.
struct ArgValue {
  json value;
  uint8_t uses_sock = 0, uses_blob = 0, uses_peer = 0, binds_peer = 0;
};

std::string Named(char prefix, size_t index) { return std::string(1, prefix) + std::to_string(index); }

std::vector<ArgValue> ValuesOf(const ArgSpec& arg, const ExhaustiveOptions& options, const std::string& caller) {
  std::vector<ArgValue> values;
  const auto each_name = [&](char prefix, size_t count, uint8_t ArgValue::*field) {
    for (size_t i = 1; i <= count; ++i) {
      ArgValue value{Named(prefix, i)};
      value.*field = static_cast<uint8_t>(i);
      values.push_back(value);
    }
  };
  switch (arg.kind) {
    case ArgKind::kSock: each_name('s', options.descriptors, &ArgValue::uses_sock); break;
    case ArgKind::kBlob: each_name('b', options.blobs, &ArgValue::uses_blob); break;
    case ArgKind::kPeer: each_name('p', options.peers, &ArgValue::uses_peer); break;
    case ArgKind::kNewPeer: each_name('p', options.peers, &ArgValue::binds_peer); break;
    // Exhaustive runs name no addresses (getsockname binds none there), so an op that needs one
    // has no step in the alphabet; peer_connect takes its listener by descriptor.
    case ArgKind::kAddress: break;
    // Nor processes beyond the first `procs`: spawn has no step there. Nor completion ports and
    // overlapped operations (the canonical encoding leaves their state out): `async` is optional
    // and never given, iocp_associate, wait_async and cancel have no step.
    case ArgKind::kNewProc: break;
    case ArgKind::kPort: break;
    case ArgKind::kAsync: break;
    case ArgKind::kNewAsync: break;
    // Nor datagram peers (the canonical encoding starts from named roots, and a datagram peer is
    // reached only through its address).
    case ArgKind::kDgramPeer: break;
    case ArgKind::kNewDgramPeer: break;
    case ArgKind::kNumber: values.push_back({0}); break;
    case ArgKind::kProc:
      for (size_t i = 0; i < options.procs; ++i) values.push_back({std::string(1, static_cast<char>('A' + i))});
      break;
    case ArgKind::kEvent: values.push_back({caller + "e1"}); break;
    case ArgKind::kWindow: values.push_back({caller + "w1"}); break;
    case ArgKind::kEnum:
      for (size_t i = 0; i < arg.choices.size() && i < (arg.choices.size() <= 2 ? 2u : 1u); ++i) {
        values.push_back({std::string(arg.choices[i])});
      }
      break;
    case ArgKind::kFlagList: values.push_back({json::array()}); break;
    case ArgKind::kEventList: {
      json events = json::array();
      for (const auto& word : vocabulary::kNetEvents) events.push_back(word.name);
      values.push_back({events});
      break;
    }
    case ArgKind::kString: values.push_back({"a"}); break;
    case ArgKind::kBool: values.push_back({true}), values.push_back({false}); break;
    case ArgKind::kOptionValue: values.push_back({1}); break;
    case ArgKind::kCount: values.push_back({16}); break;
  }
  return values;
}

// The arguments the alphabet gives: the required ones and the first of each group of alternatives.
std::vector<const ArgSpec*> GivenArgs(const OpSpec& op) {
  std::vector<const ArgSpec*> given;
  std::vector<std::string_view> groups;
  for (const ArgSpec& arg : op.args) {
    if (!arg.one_of.empty()) {
      if (std::find(groups.begin(), groups.end(), arg.one_of) != groups.end()) continue;
      groups.push_back(arg.one_of);
      given.push_back(&arg);
    } else if (arg.required) {
      given.push_back(&arg);
    }
  }
  return given;
}

void AddProduct(const OpSpec& op, int proc, const std::string& caller, const std::vector<const ArgSpec*>& args,
                const ExhaustiveOptions& options, size_t next, ConcreteStep partial, std::vector<ConcreteStep>* out) {
  if (next == args.size()) {
    const auto finish = [&](ConcreteStep step) {
      step.step = StepFromWritten(step.written, 0);
      out->push_back(std::move(step));
    };
    if (op.binds == Binds::kPort) return;  // iocp_create: see ValuesOf
    if (op.binds == Binds::kNothing || op.binds == Binds::kAddress) return finish(partial);
    const bool socks = op.binds == Binds::kSock;
    for (size_t i = 1; i <= (socks ? options.descriptors : options.blobs); ++i) {
      ConcreteStep bound = partial;
      bound.written["as"] = Named(socks ? 's' : 'b', i);
      (socks ? bound.binds_sock : bound.binds_blob) = static_cast<uint8_t>(i);
      finish(std::move(bound));
    }
    return;
  }
  for (const ArgValue& value : ValuesOf(*args[next], options, caller)) {
    ConcreteStep step = partial;
    step.written[std::string(args[next]->name)] = value.value;
    step.uses_sock = std::max(step.uses_sock, value.uses_sock);
    step.uses_blob = std::max(step.uses_blob, value.uses_blob);
    step.uses_peer = std::max(step.uses_peer, value.uses_peer);
    step.binds_peer = std::max(step.binds_peer, value.binds_peer);
    AddProduct(op, proc, caller, args, options, next + 1, std::move(step), out);
  }
}

}  // namespace

bool ConcreteStep::EnabledAfter(const NamesBound& names) const {
  if (proc >= 0 && (names.exited >> proc) & 1u) return false;
  if (uses_sock > names.socks || uses_blob > names.blobs || uses_peer > names.peers) return false;
  if (binds_sock != 0 && binds_sock != names.socks + 1) return false;
  if (binds_blob != 0 && binds_blob != names.blobs + 1) return false;
  if (binds_peer != 0 && binds_peer != names.peers + 1) return false;
  return true;
}

NamesBound ConcreteStep::After(const NamesBound& names) const {
  NamesBound after = names;
  if (binds_sock != 0) after.socks = binds_sock;
  if (binds_blob != 0) after.blobs = binds_blob;
  if (binds_peer != 0) after.peers = binds_peer;
  if (exits) after.exited |= 1u << proc;
  return after;
}

std::vector<ConcreteStep> MakeExhaustiveAlphabet(const ExhaustiveOptions& options) {
  std::vector<ConcreteStep> alphabet;
  for (std::string_view name : options.ops) {
    const OpSpec* op = vocabulary::FindOp(name);
    if (op == nullptr) throw InputError("exhaustive: no op \"" + std::string(name) + "\" in the op table");
    const std::vector<const ArgSpec*> args = GivenArgs(*op);
    for (int proc = op->harness ? -1 : 0; proc < (op->harness ? 0 : static_cast<int>(options.procs)); ++proc) {
      ConcreteStep partial;
      std::string caller;
      partial.written = json::object();
      if (proc >= 0) {
        caller = std::string(1, static_cast<char>('A' + proc));
        partial.written["proc"] = caller;
      }
      partial.written["op"] = op->name;
      partial.proc = proc;
      partial.exits = op->name == "exit";
      AddProduct(*op, proc, caller, args, options, 0, partial, &alphabet);
    }
  }
  return alphabet;
}

}  // namespace wsdup::conformance::explore
