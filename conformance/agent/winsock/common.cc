#include "common.h"

#include <ws2tcpip.h>

#include <utility>

namespace wsdup::agent {

std::optional<std::string> ReadLineFrom(HANDLE pipe, std::string& buffer, DWORD timeout_ms,
                                        bool* closed) {
  *closed = false;
  constexpr ULONGLONG kSpinMs = 5;
  const ULONGLONG started = GetTickCount64();
  const ULONGLONG deadline = started + timeout_ms;
  while (true) {
    const size_t newline = buffer.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer.substr(0, newline);
      buffer.erase(0, newline + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    // With no deadline a blocking read is right, and it works on any handle (under Wine the
    // coordinator's stdin is a Unix pipe, which PeekNamedPipe does not accept).
    DWORD available = sizeof(char[4096]);
    if (timeout_ms != INFINITE && !PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr)) {
      *closed = true;
      return std::nullopt;
    }
    if (available == 0) {
      const ULONGLONG now = GetTickCount64();
      if (timeout_ms != INFINITE && now >= deadline) return std::nullopt;
      // A worker answers most steps within a millisecond: yield first (Sleep(1) alone would cost
      // a whole scheduler tick per step), and only sleep once the answer is clearly slow.
      Sleep(now - started < kSpinMs ? 0 : 1);
      continue;
    }
    char chunk[4096];
    DWORD got = 0;
    if (!ReadFile(pipe, chunk, sizeof chunk < available ? sizeof chunk : available, &got, nullptr) ||
        got == 0) {
      *closed = true;
      return std::nullopt;
    }
    buffer.append(chunk, got);
  }
}

bool WriteLineTo(HANDLE pipe, const std::string& line) {
  const std::string data = line + "\n";
  DWORD written = 0;
  return WriteFile(pipe, data.data(), static_cast<DWORD>(data.size()), &written, nullptr) &&
         written == data.size();
}

std::string WsaName(int code) {
  if (std::optional<std::string_view> name = vocabulary::WsaErrorNameOfCode(code)) return std::string(*name);
  return "WSA" + std::to_string(code);
}

json Ok() { return json{{"ok", true}, {"error", nullptr}}; }
json Fail(int winsock_code) { return json{{"ok", false}, {"error", WsaName(winsock_code)}}; }
json Fail(vocabulary::WsaError error) {
  return json{{"ok", false}, {"error", std::string(vocabulary::WsaErrorName(error))}};
}
json CallResult(bool succeeded) { return succeeded ? Ok() : Fail(WSAGetLastError()); }
json HarnessFail(std::string_view name) { return json{{"ok", false}, {"error", std::string(name)}}; }

bool Readable(SOCKET s, DWORD wait_ms) {
  fd_set read_set;
  FD_ZERO(&read_set);
  FD_SET(s, &read_set);
  timeval timeout{static_cast<long>(wait_ms / 1000), static_cast<long>((wait_ms % 1000) * 1000)};
  return select(0, &read_set, nullptr, nullptr, &timeout) > 0;
}

sockaddr_in Loopback(u_short port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

int LoopbackOf(int family, u_short port, sockaddr_storage* out) {
  *out = sockaddr_storage{};
  if (family == AF_INET6) {
    auto* address = reinterpret_cast<sockaddr_in6*>(out);
    address->sin6_family = AF_INET6;
    address->sin6_addr.s6_addr[15] = 1;  // ::1
    address->sin6_port = htons(port);
    return sizeof(sockaddr_in6);
  }
  *reinterpret_cast<sockaddr_in*>(out) = Loopback(port);
  return sizeof(sockaddr_in);
}

int SockaddrOf(const Endpoint& endpoint, sockaddr_storage* out) {
  if (endpoint.port != 0) return LoopbackOf(endpoint.family, endpoint.port, out);
  *out = sockaddr_storage{};
  out->ss_family = AF_INET;
  return sizeof(sockaddr_in);
}

Endpoint EndpointOf(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET6) {
    return Endpoint{AF_INET6, ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port)};
  }
  return Endpoint{AF_INET, ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port)};
}

int FamilyOfSocket(SOCKET s) {
  WSAPROTOCOL_INFOW info{};
  int size = sizeof info;
  if (getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, reinterpret_cast<char*>(&info), &size) != 0) return AF_INET;
  return info.iAddressFamily;
}

std::string ToHex(const void* data, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 15]);
  }
  return hex;
}

std::string FromHex(const std::string& hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return bytes;
}

}  // namespace wsdup::agent
