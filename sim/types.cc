#include "sim/types.h"

#include <array>

namespace wsdup::sim {
namespace {

// Defaults are the model's own choice (documented in docs/model.md), not rules.
constexpr std::array<OptionInfo, kOptionCount> kOptions = {{
    {Option::kReceiveBuffer, false, false, false, false, 65536},
    {Option::kSendBuffer, false, false, false, false, 65536},
    {Option::kKeepAlive, false, false, true, false, 0},
    {Option::kLinger, true, false, true, false, 0},
    {Option::kDontLinger, false, false, true, false, 1},
    {Option::kReuseAddress, false, false, false, false, 0},
    {Option::kExclusiveAddress, false, false, false,
     false, 0},
    {Option::kOobInline, false, false, true, false, 0},
    {Option::kBroadcast, false, false, false, true, 0},
    {Option::kType, false, true, false, false, 0},
    {Option::kPendingError, false, true, false, false, 0},
    {Option::kNoDelay, false, false, true, false, 0},
    {Option::kReceiveTimeout, false, false, false, false, 0},
    {Option::kSendTimeout, false, false, false, false, 0},
}};

}  // namespace

std::vector<std::string> NetEventNames(uint32_t mask) {
  std::vector<std::string> names;
  vocabulary::ForEachNetEventName(mask, [&](std::string_view name) { names.emplace_back(name); });
  return names;
}

std::optional<Fault> FaultFromName(std::string_view name) {
  if (name == "netdown") return Fault::kNetDown;
  if (name == "nobufs") return Fault::kNoBufs;
  if (name == "inprogress") return Fault::kInProgress;
  if (name == "emfile") return Fault::kEMFile;
  return std::nullopt;
}

const OptionInfo& InfoOf(Option option) { return kOptions[static_cast<size_t>(option)]; }

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
