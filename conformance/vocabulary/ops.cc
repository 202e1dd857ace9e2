#include "conformance/vocabulary/ops.h"

#include <unordered_map>

#include "conformance/vocabulary/socket_words.h"

namespace wsdup::vocabulary {
namespace {

const std::vector<std::string_view> kApis = {"socket", "WSASocketA", "WSASocketW"};
const std::vector<std::string_view> kVariants = {"A", "W"};

// The choices of an enum argument, from a vocabulary list.
template <typename Words>
std::vector<std::string_view> NamesOf(const Words& words) {
  std::vector<std::string_view> names;
  for (const auto& word : words) names.push_back(word.name);
  return names;
}

// Data, not logic: one entry per op, in the order docs/scenario-format.md lists them.
std::vector<OpSpec> BuildTable() {
  const std::vector<std::string_view> flags = NamesOf(kCreateFlags);
  const std::vector<std::string_view> levels = NamesOf(kOptionLevels);
  const std::vector<std::string_view> options = NamesOf(kOptions);
  const ArgSpec sock{"sock", ArgKind::kSock, true};
  const ArgSpec family{"family", ArgKind::kEnum, false, {"inet", "inet6"}};
  // recv, send and accept with `async` are the overlapped calls (OVL-*): WSARecv, WSASend, AcceptEx.
  const ArgSpec async{"async", ArgKind::kNewAsync, false};
  return {
      {"startup",
       {{"version", ArgKind::kEnum, false, {"2.2", "0"}},
        {"data", ArgKind::kEnum, false, {"null"}}}},
      {"cleanup", {}},
      {"socket",
       {{"type", ArgKind::kEnum, true, {"stream", "dgram"}},
        {"api", ArgKind::kEnum, false, kApis},
        {"flags", ArgKind::kFlagList, false, flags},
        family},
       Binds::kSock},
      {"connected",
       {{"peer", ArgKind::kNewPeer, true},
        {"api", ArgKind::kEnum, false, kApis},
        {"flags", ArgKind::kFlagList, false, flags},
        family},
       Binds::kSock},
      {"duplicate",
       {sock,
        {"target", ArgKind::kProc, false, {}, "target"},
        {"target_pid", ArgKind::kEnum, false, {"unused", "zero", "all_ones"}, "target"},
        {"variant", ArgKind::kEnum, false, kVariants},
        {"info", ArgKind::kEnum, false, {"null"}}},
       Binds::kBlob,
       false,
       {"family", "socktype", "protocol"}},
      {"from_blob",
       {{"blob", ArgKind::kBlob, true},
        {"variant", ArgKind::kEnum, false, kVariants},
        {"params", ArgKind::kEnum, false, {"from_protocol_info", "zero", "blob"}},
        {"flags", ArgKind::kFlagList, false, flags}},
       Binds::kSock},
      {"closesocket", {sock}},
      {"enable_qos", {sock}, {}, false, {}, Performer::kModelOnly},
      {"bind", {sock, {"to", ArgKind::kAddress, false}}},
      {"listen", {sock, {"backlog", ArgKind::kCount, false}}},
      {"connect", {sock, {"to", ArgKind::kAddress, true}}},
      {"getsockname", {sock}, Binds::kAddress},
      {"getpeername", {sock}},
      {"shutdown", {sock, {"how", ArgKind::kEnum, true, {"send", "receive", "both"}}}},
      {"accept", {sock, async}, Binds::kSock},
      {"setsockopt",
       {sock,
        {"level", ArgKind::kEnum, true, levels},
        {"name", ArgKind::kEnum, true, options},
        {"value", ArgKind::kOptionValue, true}}},
      {"getsockopt",
       {sock, {"level", ArgKind::kEnum, true, levels}, {"name", ArgKind::kEnum, true, options}},
       {},
       false,
       {"value"}},
      {"fionbio", {sock, {"value", ArgKind::kBool, true}}},
      {"event_select",
       {sock, {"event", ArgKind::kEvent, true}, {"events", ArgKind::kEventList, true}}},
      {"async_select",
       {sock, {"window", ArgKind::kWindow, true}, {"events", ArgKind::kEventList, true}}},
      {"wait_event", {{"event", ArgKind::kEvent, true}}, {}, false, {"signaled"}},
      {"wait_message", {{"window", ArgKind::kWindow, true}}, {}, false, {"signaled", "events", "sock"}},
      {"enum_events", {sock, {"event", ArgKind::kEvent, false}}, {}, false, {"events"}},
      {"send", {sock, {"bytes", ArgKind::kString, true}, async}, {}, false, {"value"}},
      {"recv", {sock, async}, {}, false, {"value"}},
      {"sendto",
       {sock, {"to", ArgKind::kAddress, true}, {"bytes", ArgKind::kString, true}},
       {},
       false,
       {"value"}},
      {"recvfrom", {sock}, Binds::kAddress, false, {"value"}},
      {"iocp_create", {}, Binds::kPort},
      {"iocp_associate", {sock, {"port", ArgKind::kPort, true}, {"key", ArgKind::kNumber, true}}},
      {"wait_async", {{"async", ArgKind::kAsync, true}}, {}, false, {"signaled", "value", "key", "port"}},
      {"cancel", {{"async", ArgKind::kAsync, true}, {"sock", ArgKind::kSock, false}}},
      {"exit", {}},
      {"spawn",
       {{"parent", ArgKind::kProc, true}, {"child", ArgKind::kNewProc, true}, {"inherit", ArgKind::kBool, true}},
       {},
       true},
      {"set_inheritable", {sock, {"value", ArgKind::kBool, true}}},
      {"fault",
       {{"kind", ArgKind::kEnum, true, {"netdown", "nobufs", "inprogress", "emfile"}},
        {"on", ArgKind::kBool, true}},
       {},
       false,
       {},
       Performer::kModelOnly},
      {"peer_send", {{"peer", ArgKind::kPeer, true}, {"bytes", ArgKind::kString, true}}, {}, true},
      {"peer_recv", {{"peer", ArgKind::kPeer, true}}, {}, true, {"value"}},
      {"peer_state", {{"peer", ArgKind::kPeer, true}}, {}, true, {"state"}},
      {"peer_close", {{"peer", ArgKind::kPeer, true}}, {}, true},
      {"peer_dgram", {{"peer", ArgKind::kNewDgramPeer, true}, family}, Binds::kAddress, true},
      {"peer_sendto",
       {{"peer", ArgKind::kDgramPeer, true}, {"to", ArgKind::kAddress, true}, {"bytes", ArgKind::kString, true}},
       {},
       true},
      {"peer_recvfrom", {{"peer", ArgKind::kDgramPeer, true}}, Binds::kAddress, true, {"value"}},
      {"peer_connect",
       {{"sock", ArgKind::kSock, false, {}, "listener"},
        {"to", ArgKind::kAddress, false, {}, "listener"},
        {"peer", ArgKind::kNewPeer, true}},
       {},
       true},
  };
}

}  // namespace

const std::vector<OpSpec>& AllOps() {
  static const std::vector<OpSpec> table = BuildTable();
  return table;
}

// Hashed: the explorer looks its whole alphabet up for every case it makes.
const OpSpec* FindOp(std::string_view name) {
  static const std::unordered_map<std::string_view, const OpSpec*> by_name = [] {
    std::unordered_map<std::string_view, const OpSpec*> ops;
    for (const OpSpec& op : AllOps()) ops.emplace(op.name, &op);
    return ops;
  }();
  const auto found = by_name.find(name);
  return found == by_name.end() ? nullptr : found->second;
}

std::vector<std::string_view> OpsPerformedBy(bool the_model) {
  std::vector<std::string_view> names;
  for (const OpSpec& op : AllOps()) {
    if (the_model || op.performer == Performer::kEveryBackend) names.push_back(op.name);
  }
  return names;
}

bool Reports(const OpSpec& op, std::string_view field) {
  if (field == "ok" || field == "error") return true;
  for (std::string_view result : op.results) {
    if (result == field) return true;
  }
  return false;
}

}  // namespace wsdup::vocabulary
