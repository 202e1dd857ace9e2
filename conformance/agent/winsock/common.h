// Shared by the Windows agent's coordinator and workers: line I/O on handles, results, hex.
#ifndef WSDUP_WINSOCK_AGENT_COMMON_H_
#define WSDUP_WINSOCK_AGENT_COMMON_H_

#include <winsock2.h>
#include <windows.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "conformance/vocabulary/wsa_errors.h"

namespace wsdup::agent {

using nlohmann::json;

// Default bounds (docs/agent-protocol.md): a step may carry "wait_ms" to override.
inline constexpr DWORD kDefaultWaitMs = 2000;
// A worker's whole answer, waits included. Below the harness's 10 s answer bound (its
// --step-timeout-ms default), so a silent worker is reported by the agent, which can name it,
// before the harness gives up on the whole agent.
inline constexpr DWORD kWorkerReplyMs = 8000;
inline constexpr DWORD kPidReleaseMs = 1500;   // how long `exit` waits for the ended process's pid to go
inline constexpr DWORD kPidPollMs = 10;
// Starting a worker is retried: CreateProcess can fail transiently under load.
inline constexpr int kWorkerStartAttempts = 3;
inline constexpr size_t kSpareWorkers = 3;  // processes started ahead (Coordinator::StartSpares)
inline constexpr DWORD kWorkerRetryMs = 200;

// Reads one '\n'-terminated line from a pipe, waiting at most timeout_ms (INFINITE allowed).
// nullopt on timeout or when the writer is gone; *closed tells which.
std::optional<std::string> ReadLineFrom(HANDLE pipe, std::string& buffer, DWORD timeout_ms,
                                        bool* closed);
bool WriteLineTo(HANDLE pipe, const std::string& line);

// "WSAEINVAL" for 10022, ...; "WSA<n>" for codes the vocabulary does not name.
std::string WsaName(int code);
json Ok();
json Fail(int winsock_code);
json Fail(vocabulary::WsaError error);
// Ok() when a Winsock call succeeded, else Fail() with WSAGetLastError().
json CallResult(bool succeeded);
// The step could not be performed (HARNESS_* names of vocabulary/wsa_errors.h).
json HarnessFail(std::string_view name);

// Waits up to wait_ms for `s` to have data, end of stream or an error to read.
bool Readable(SOCKET s, DWORD wait_ms);
// 127.0.0.1:port (0: any port).
sockaddr_in Loopback(u_short port);
// An address name as the agent keeps it (getsockname's and recvfrom's `as`): the loopback port the
// call gave and its family, AF_INET or AF_INET6 (format 1.1). Port 0 (the call failed, so it gave
// none) stands for the zero address AF_INET 0.0.0.0:0 the caller's zeroed buffer still holds (CONN-4).
struct Endpoint {
  int family = AF_INET;
  u_short port = 0;
};
// The loopback address of `family` (127.0.0.1 or ::1) at `port` (0: any port); returns its length.
int LoopbackOf(int family, u_short port, sockaddr_storage* out);
// The address an endpoint stands for, as above; returns its length (a sockaddr_in or sockaddr_in6).
int SockaddrOf(const Endpoint& endpoint, sockaddr_storage* out);
// The endpoint of an address a call filled.
Endpoint EndpointOf(const sockaddr_storage& address);
// A socket's address family as its provider's structure says (SO_PROTOCOL_INFOW); AF_INET when the
// call fails, so that the call the op makes next reports what is wrong with the descriptor.
int FamilyOfSocket(SOCKET s);
// The address family a step's `family` names (format 1.1: `inet`, the default, or `inet6`).
inline int FamilyOfStep(const json& step) { return step.value("family", "inet") == "inet6" ? AF_INET6 : AF_INET; }

std::string ToHex(const void* data, size_t size);
std::string FromHex(const std::string& hex);

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_COMMON_H_
