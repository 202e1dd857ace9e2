// The harness peers: the far ends of loopback TCP connections that `connected` and `peer_connect`
// make, held by the coordinator (not by any scenario process) and driven by the peer_* ops.
// Peer sockets are non-blocking, so peer_state never blocks (docs/agent-protocol.md).
#ifndef WSDUP_WINSOCK_AGENT_PEERS_H_
#define WSDUP_WINSOCK_AGENT_PEERS_H_

#include <winsock2.h>

#include <map>
#include <optional>
#include <string>

#include "common.h"

namespace wsdup::agent {

class Peers {
 public:
  // A loopback listener for one `connected` step, and its port for the worker to connect to.
  static SOCKET Listener(int family);
  static int PortOf(SOCKET listener);

  // Takes the connection a worker made to `listener` as peer `name` (INVALID_SOCKET if none came).
  void AcceptFrom(const std::string& name, SOCKET listener);
  // Connects peer `name` to `to`; 0, or the stack's error (and a dead peer) when it fails.
  int ConnectTo(const std::string& name, const Endpoint& to);
  // Peer `name` whose connection was never made: a dead peer.
  void Unconnected(const std::string& name) { peers_[name] = INVALID_SOCKET; }

  json Send(const std::string& name, const std::string& bytes);
  json Close(const std::string& name);
  // Everything that has arrived, read until nothing more comes for a short while. `expect_bytes`
  // (the harness's hint, 0 for none) is how many the row expects: until that many have come, the
  // read waits up to `wait_ms` for more. A socket sending small writes holds the last one back
  // until its earlier bytes are acknowledged (Nagle), and a peer that has sent data itself
  // acknowledges late (delayed ACK, 40 ms or more on Linux): seed 7 with 16 instances read "axyz"
  // of "axyzxyz" with only the short wait. What arrives is reported as it is, more or less.
  json Recv(const std::string& name, DWORD wait_ms, size_t expect_bytes);
  json State(const std::string& name, DWORD wait_ms);

  void Reset();

  // Datagram peers (format 1.1): a loopback datagram socket of `family` per name. Dgram answers the
  // address it was bound to (port 0 when it could not be made); RecvFrom takes one datagram that
  // came within `wait_ms`, or none (value ""), and puts its sender in `*from`.
  Endpoint Dgram(const std::string& name, int family);
  json SendTo(const std::string& name, const Endpoint& to, const std::string& bytes);
  json RecvFrom(const std::string& name, DWORD wait_ms, Endpoint* from);

 private:
  // The stream peer named `name`, or INVALID_SOCKET.
  SOCKET Find(const std::string& name) const;
  // The datagram peer named `name`, or INVALID_SOCKET.
  SOCKET FindDgram(const std::string& name) const;

  std::map<std::string, SOCKET> peers_;
  std::map<std::string, SOCKET> dgram_peers_;
};

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_PEERS_H_
