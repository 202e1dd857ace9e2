#include "conformance/format/op_table.h"

namespace wsdup::conformance {
namespace {

const std::vector<std::string_view> kApis = {"socket", "WSASocketA", "WSASocketW"};
const std::vector<std::string_view> kFlags = {"overlapped", "no_handle_inherit"};
const std::vector<std::string_view> kVariants = {"A", "W"};
const std::vector<std::string_view> kLevels = {"SOL_SOCKET", "IPPROTO_TCP"};
const std::vector<std::string_view> kOptions = {
    "SO_RCVBUF",    "SO_SNDBUF",    "SO_KEEPALIVE", "SO_LINGER", "SO_DONTLINGER",
    "SO_REUSEADDR", "SO_EXCLUSIVEADDRUSE", "SO_OOBINLINE", "SO_BROADCAST",
    "SO_TYPE",      "SO_ERROR",     "TCP_NODELAY"};

std::vector<OpSpec> BuildTable() {
  const ArgSpec sock{"sock", ArgKind::kSock, true};
  return {
      {"startup",
       {{"version", ArgKind::kEnum, false, {"2.2", "0"}},
        {"data", ArgKind::kEnum, false, {"null"}}}},
      {"cleanup", {}},
      {"socket",
       {{"type", ArgKind::kEnum, true, {"stream", "dgram"}},
        {"api", ArgKind::kEnum, false, kApis},
        {"flags", ArgKind::kFlagList, false, kFlags}},
       Binds::kSock},
      {"connected",
       {{"peer", ArgKind::kNewPeer, true},
        {"api", ArgKind::kEnum, false, kApis},
        {"flags", ArgKind::kFlagList, false, kFlags}},
       Binds::kSock},
      {"duplicate",
       {sock,
        {"target", ArgKind::kProc, false},
        {"target_pid", ArgKind::kEnum, false, {"unused", "zero"}},
        {"variant", ArgKind::kEnum, false, kVariants},
        {"info", ArgKind::kEnum, false, {"null"}}},
       Binds::kBlob},
      {"from_blob",
       {{"blob", ArgKind::kBlob, true},
        {"variant", ArgKind::kEnum, false, kVariants},
        {"flags", ArgKind::kFlagList, false, kFlags}},
       Binds::kSock},
      {"closesocket", {sock}},
      {"enable_qos", {sock}},
      {"bind", {sock}},
      {"listen", {sock}},
      {"getsockname", {sock}},
      {"accept", {sock}, Binds::kSock},
      {"setsockopt",
       {sock,
        {"level", ArgKind::kEnum, true, kLevels},
        {"name", ArgKind::kEnum, true, kOptions},
        {"value", ArgKind::kOptionValue, true}}},
      {"getsockopt",
       {sock, {"level", ArgKind::kEnum, true, kLevels}, {"name", ArgKind::kEnum, true, kOptions}}},
      {"fionbio", {sock, {"value", ArgKind::kBool, true}}},
      {"event_select",
       {sock, {"event", ArgKind::kEvent, true}, {"events", ArgKind::kEventList, true}}},
      {"async_select",
       {sock, {"window", ArgKind::kWindow, true}, {"events", ArgKind::kEventList, true}}},
      {"wait_event", {{"event", ArgKind::kEvent, true}}},
      {"wait_message", {{"window", ArgKind::kWindow, true}}},
      {"enum_events", {sock, {"event", ArgKind::kEvent, false}}},
      {"send", {sock, {"bytes", ArgKind::kString, true}}},
      {"recv", {sock}},
      {"exit", {}},
      {"fault",
       {{"kind", ArgKind::kEnum, true, {"netdown", "nobufs", "inprogress", "emfile"}},
        {"on", ArgKind::kBool, true}}},
      {"peer_send", {{"peer", ArgKind::kPeer, true}, {"bytes", ArgKind::kString, true}}, {}, true},
      {"peer_recv", {{"peer", ArgKind::kPeer, true}}, {}, true},
      {"peer_state", {{"peer", ArgKind::kPeer, true}}, {}, true},
      {"peer_close", {{"peer", ArgKind::kPeer, true}}, {}, true},
      {"peer_connect", {sock, {"peer", ArgKind::kNewPeer, true}}, {}, true},
  };
}

}  // namespace

const std::vector<OpSpec>& AllOps() {
  static const std::vector<OpSpec> table = BuildTable();
  return table;
}

const OpSpec* FindOp(std::string_view name) {
  for (const OpSpec& op : AllOps()) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

}  // namespace wsdup::conformance
