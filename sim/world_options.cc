// setsockopt/getsockopt and FIONBIO: socket state held once per socket, so every descriptor sees
// the same values (SHARE-2, SHARE-3).
#include "sim/world.h"

namespace wsdup::sim {
namespace {

// SOCK-11: an option asked at another level than its own is its number there, which names no option
// (the format refuses the numbers that name one the model does not know): SOCK-8 judges it unknown.
bool AtAnotherLevel(const OptionInfo& info, OptionLevel level) {
  return vocabulary::WordOf(info.option).level != level;
}

// WSAENOPROTOOPT where the option does not apply to this kind of socket or level.
bool Applies(const OptionInfo& info, OptionLevel level, SockType type) {
  if (AtAnotherLevel(info, level)) return false;
  if (info.stream_only && type != SockType::kStream) return false;
  if (info.dgram_only && type != SockType::kDgram) return false;
  return true;
}

size_t Slot(Option option) { return static_cast<size_t>(option); }

// An option wrong at its level (or read-only, for setsockopt) is wrong for any socket: when the
// call fails earlier (WSAENOTSOCK, WSANOTINITIALISED), SOCK-10's order decided which error won, and
// the rule is noted so that a stack judging the option first is matched to SOCK-10's record entries.
bool OptionWrongWhateverTheSocket(const OptionInfo& info, OptionLevel level, bool setting) {
  return AtAnotherLevel(info, level) || (setting && info.read_only);
}

}  // namespace

WsaError World::SetSockOpt(Pid pid, Handle handle, OptionLevel level, Option option,
                           OptionValue value) {
  SocketId socket;
  const OptionInfo& info = InfoOf(option);
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) {
    if (OptionWrongWhateverTheSocket(info, level, /*setting=*/true)) Reach(WSDUP_RULE("SOCK-10"));
    return error;
  }
  SocketState& state = sockets_[socket];
  // SOCK-10: only a socket found through the descriptor has a type to judge the option by.
  if (!Applies(info, level, state.type) || info.read_only) {
    Reach(WSDUP_RULE("SOCK-10"));
    if (AtAnotherLevel(info, level)) Reach(WSDUP_RULE("SOCK-11"));
    return By(WSDUP_RULE("SOCK-8"), WsaError::kNoProtocolOption);
  }
  Reach(WSDUP_RULE("SHARE-2"));  // one value per socket, through any descriptor
  state.options_decided |= 1u << static_cast<uint32_t>(option);
  if (option == Option::kDontLinger || option == Option::kLinger) {
    state.options_decided |= (1u << static_cast<uint32_t>(Option::kDontLinger)) |
                             (1u << static_cast<uint32_t>(Option::kLinger));
  }
  if (option == Option::kDontLinger) {
    Reach(WSDUP_RULE("SOCK-9"));
    // SO_DONTLINGER is the negation of SO_LINGER's l_onoff; one stored value serves both.
    state.options[Slot(Option::kLinger)].value = value.value ? 0 : 1;
    return WsaError::kNone;
  }
  // Boolean options read back as 0 or 1 whatever non-zero value was set; sizes and timeouts
  // (milliseconds) are numbers.
  const bool is_number = option == Option::kReceiveBuffer || option == Option::kSendBuffer ||
                         option == Option::kReceiveTimeout || option == Option::kSendTimeout;
  if (!info.is_linger && !is_number) value.value = value.value != 0 ? 1 : 0;
  state.options[Slot(option)] = value;
  return WsaError::kNone;
}

Outcome<OptionValue> World::GetSockOpt(Pid pid, Handle handle, OptionLevel level, Option option) {
  SocketId socket;
  const OptionInfo& info = InfoOf(option);
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) {
    if (OptionWrongWhateverTheSocket(info, level, /*setting=*/false)) Reach(WSDUP_RULE("SOCK-10"));
    return {error};
  }
  const SocketState& state = sockets_[socket];
  if (!Applies(info, level, state.type)) {
    Reach(WSDUP_RULE("SOCK-10"));
    if (AtAnotherLevel(info, level)) Reach(WSDUP_RULE("SOCK-11"));
    return {By(WSDUP_RULE("SOCK-8"), WsaError::kNoProtocolOption)};
  }
  Reach(WSDUP_RULE("SHARE-2"));
  if (option == Option::kDontLinger) {
    Reach(WSDUP_RULE("SOCK-9"));
    return {WsaError::kNone, OptionValue{state.options[Slot(Option::kLinger)].value ? 0 : 1, 0}};
  }
  return {WsaError::kNone, state.options[Slot(option)]};
}

bool World::OptionDecided(Pid pid, Handle handle, Option option) const {
  const DescriptorEntry* entry = IsPid(pid) ? Lookup(pid, handle) : nullptr;
  return entry != nullptr && (sockets_[entry->socket].options_decided >> static_cast<uint32_t>(option)) & 1u;
}

// EVT-4: a socket with a registration cannot go back to blocking; non-blocking is always allowed.
WsaError World::IoctlFionbio(Pid pid, Handle handle, bool non_blocking) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  SocketState& state = sockets_[socket];
  if (!non_blocking && state.reg.kind != RegKind::kNone) return By(WSDUP_RULE("EVT-4"), WsaError::kInvalidArgument);
  Reach(WSDUP_RULE("SHARE-3"));
  state.non_blocking = non_blocking;
  return WsaError::kNone;
}

}  // namespace wsdup::sim
