#include "sim/types.h"

#include <array>

namespace wsdup::sim {
namespace {

constexpr std::array<std::string_view, 6> kNetEventNames = {
    "FD_READ", "FD_WRITE", "FD_OOB", "FD_ACCEPT", "FD_CONNECT", "FD_CLOSE"};

// Defaults are the model's own choice (documented in docs/model.md), not rules.
constexpr std::array<OptionInfo, kOptionCount> kOptions = {{
    {Option::SO_RCVBUF, "SO_RCVBUF", OptLevel::kSolSocket, false, false, false, false, 65536},
    {Option::SO_SNDBUF, "SO_SNDBUF", OptLevel::kSolSocket, false, false, false, false, 65536},
    {Option::SO_KEEPALIVE, "SO_KEEPALIVE", OptLevel::kSolSocket, false, false, true, false, 0},
    {Option::SO_LINGER, "SO_LINGER", OptLevel::kSolSocket, true, false, true, false, 0},
    {Option::SO_DONTLINGER, "SO_DONTLINGER", OptLevel::kSolSocket, false, false, true, false, 1},
    {Option::SO_REUSEADDR, "SO_REUSEADDR", OptLevel::kSolSocket, false, false, false, false, 0},
    {Option::SO_EXCLUSIVEADDRUSE, "SO_EXCLUSIVEADDRUSE", OptLevel::kSolSocket, false, false, false,
     false, 0},
    {Option::SO_OOBINLINE, "SO_OOBINLINE", OptLevel::kSolSocket, false, false, true, false, 0},
    {Option::SO_BROADCAST, "SO_BROADCAST", OptLevel::kSolSocket, false, false, false, true, 0},
    {Option::SO_TYPE, "SO_TYPE", OptLevel::kSolSocket, false, true, false, false, 0},
    {Option::SO_ERROR, "SO_ERROR", OptLevel::kSolSocket, false, true, false, false, 0},
    {Option::TCP_NODELAY, "TCP_NODELAY", OptLevel::kIpprotoTcp, false, false, true, false, 0},
}};

}  // namespace

std::vector<std::string> NetEventNames(uint32_t mask) {
  std::vector<std::string> names;
  for (size_t bit = 0; bit < kNetEventNames.size(); ++bit) {
    if (mask & (1u << bit)) names.emplace_back(kNetEventNames[bit]);
  }
  return names;
}

std::optional<uint32_t> NetEventFromName(std::string_view name) {
  for (size_t bit = 0; bit < kNetEventNames.size(); ++bit) {
    if (kNetEventNames[bit] == name) return 1u << bit;
  }
  return std::nullopt;
}

std::optional<Fault> FaultFromName(std::string_view name) {
  if (name == "netdown") return Fault::kNetDown;
  if (name == "nobufs") return Fault::kNoBufs;
  if (name == "inprogress") return Fault::kInProgress;
  if (name == "emfile") return Fault::kEMFile;
  return std::nullopt;
}

const OptionInfo& InfoOf(Option option) { return kOptions[static_cast<size_t>(option)]; }

std::optional<Option> OptionFromName(std::string_view name) {
  for (const OptionInfo& info : kOptions) {
    if (info.name == name) return info.option;
  }
  return std::nullopt;
}

std::optional<OptLevel> LevelFromName(std::string_view name) {
  if (name == "SOL_SOCKET") return OptLevel::kSolSocket;
  if (name == "IPPROTO_TCP") return OptLevel::kIpprotoTcp;
  return std::nullopt;
}

std::string_view PeerStateName(PeerState state) {
  switch (state) {
    case PeerState::kOpen: return "open";
    case PeerState::kData: return "data";
    case PeerState::kEof: return "eof";
    case PeerState::kReset: return "reset";
  }
  return "open";
}

}  // namespace wsdup::sim
