#include "peers.h"

#include <ws2tcpip.h>

namespace wsdup::agent {
namespace {

// After a peer's first bytes arrive, how long recv keeps collecting what is already on its way.
constexpr DWORD kTrailingBytesMs = 20;

void MakeNonBlocking(SOCKET s) {
  u_long non_blocking = 1;
  ioctlsocket(s, FIONBIO, &non_blocking);
}

SOCKET NewStreamSocket(int family) {
  return WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
}

}  // namespace

SOCKET Peers::Listener(int family) {
  SOCKET listener = NewStreamSocket(family);
  sockaddr_storage address;
  const int size = LoopbackOf(family, 0, &address);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(listener, 4) != 0) {
    closesocket(listener);
    return INVALID_SOCKET;
  }
  return listener;
}

int Peers::PortOf(SOCKET listener) {
  sockaddr_storage address{};
  int size = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size);
  return EndpointOf(address).port;
}

void Peers::AcceptFrom(const std::string& name, SOCKET listener) {
  if (!Readable(listener, kDefaultWaitMs)) {
    peers_[name] = INVALID_SOCKET;
    return;
  }
  SOCKET peer = accept(listener, nullptr, nullptr);
  MakeNonBlocking(peer);
  peers_[name] = peer;
}

int Peers::ConnectTo(const std::string& name, const Endpoint& endpoint) {
  sockaddr_storage to;
  const int size = SockaddrOf(endpoint, &to);
  SOCKET peer = NewStreamSocket(to.ss_family);
  if (connect(peer, reinterpret_cast<const sockaddr*>(&to), size) != 0) {
    const int error = WSAGetLastError();
    closesocket(peer);
    peers_[name] = INVALID_SOCKET;
    return error;
  }
  MakeNonBlocking(peer);
  peers_[name] = peer;
  return 0;
}

json Peers::Send(const std::string& name, const std::string& bytes) {
  send(Find(name), bytes.data(), static_cast<int>(bytes.size()), 0);
  return Ok();
}

json Peers::Close(const std::string& name) {
  shutdown(Find(name), SD_SEND);
  return Ok();
}

json Peers::Recv(const std::string& name, DWORD wait_ms, size_t expect_bytes) {
  const SOCKET peer = Find(name);
  std::string got;
  const ULONGLONG deadline = GetTickCount64() + wait_ms;
  DWORD wait = wait_ms;
  while (Readable(peer, wait)) {
    char buffer[65536];
    const int n = recv(peer, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    got.append(buffer, static_cast<size_t>(n));
    const ULONGLONG now = GetTickCount64();
    wait = got.size() < expect_bytes && now < deadline ? static_cast<DWORD>(deadline - now) : kTrailingBytesMs;
  }
  json out = Ok();
  out["value"] = got;
  return out;
}

json Peers::State(const std::string& name, DWORD wait_ms) {
  const SOCKET peer = Find(name);
  json out = Ok();
  if (peer == INVALID_SOCKET) {
    out["state"] = "reset";
    return out;
  }
  if (!Readable(peer, wait_ms)) {
    out["state"] = "open";
    return out;
  }
  char byte;
  const int n = recv(peer, &byte, 1, MSG_PEEK);
  if (n > 0) {
    out["state"] = "data";
  } else if (n == 0) {
    out["state"] = "eof";
  } else {
    out["state"] = WSAGetLastError() == WSAEWOULDBLOCK ? "open" : "reset";
  }
  return out;
}

void Peers::Reset() {
  for (auto& [name, peer] : peers_) closesocket(peer);
  peers_.clear();
  for (auto& [name, peer] : dgram_peers_) closesocket(peer);
  dgram_peers_.clear();
}

Endpoint Peers::Dgram(const std::string& name, int family) {
  const SOCKET peer = WSASocketW(family, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
  dgram_peers_[name] = peer;
  sockaddr_storage address;
  const int size = LoopbackOf(family, 0, &address);
  if (peer == INVALID_SOCKET || bind(peer, reinterpret_cast<sockaddr*>(&address), size) != 0) return Endpoint{};
  sockaddr_storage bound{};
  int bound_size = sizeof bound;
  getsockname(peer, reinterpret_cast<sockaddr*>(&bound), &bound_size);
  return EndpointOf(bound);
}

json Peers::SendTo(const std::string& name, const Endpoint& endpoint, const std::string& bytes) {
  sockaddr_storage to;
  const int size = SockaddrOf(endpoint, &to);
  const SOCKET peer = FindDgram(name);
  if (sendto(peer, bytes.data(), static_cast<int>(bytes.size()), 0, reinterpret_cast<const sockaddr*>(&to), size) ==
      SOCKET_ERROR) {
    return Fail(WSAGetLastError());
  }
  return Ok();
}

json Peers::RecvFrom(const std::string& name, DWORD wait_ms, Endpoint* from) {
  *from = Endpoint{};
  const SOCKET peer = FindDgram(name);
  json out = Ok();
  out["value"] = "";
  if (!Readable(peer, wait_ms)) return out;
  char buffer[65536];
  sockaddr_storage sender{};
  int size = sizeof sender;
  const int got = recvfrom(peer, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&sender), &size);
  if (got == SOCKET_ERROR) return Fail(WSAGetLastError());
  *from = EndpointOf(sender);
  out["value"] = std::string(buffer, static_cast<size_t>(got));
  return out;
}

namespace {

SOCKET Named(const std::map<std::string, SOCKET>& sockets, const std::string& name) {
  const auto found = sockets.find(name);
  return found == sockets.end() ? INVALID_SOCKET : found->second;
}

}  // namespace

SOCKET Peers::Find(const std::string& name) const { return Named(peers_, name); }

SOCKET Peers::FindDgram(const std::string& name) const { return Named(dgram_peers_, name); }

}  // namespace wsdup::agent
