// The deterministic model of socket sharing between processes.
//
// A World holds processes with their own descriptor tables, the underlying sockets those descriptors
// reference (with reference counts), at most one event registration per socket, the one-shot blobs
// made by WSADuplicateSocket, and harness peers at the far end of connections. Every call returns
// what the Winsock call would: success or a WSA error, plus op-specific values. Rule IDs refer to
// spec/rules.json. The order in which each call checks its errors is documented in docs/model.md.
#ifndef WSDUP_SIM_WORLD_H_
#define WSDUP_SIM_WORLD_H_

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/open_points.h"
#include "sim/outcome.h"
#include "sim/rules.h"
#include "sim/types.h"

namespace wsdup::sim {

// A window message as WSAAsyncSelect posts it: wParam is the descriptor used to register.
struct WindowMessage {
  Handle handle = kInvalidSocket;
  uint32_t event = 0;
  bool operator==(const WindowMessage& other) const {
    return handle == other.handle && event == other.event;
  }
};

struct StartupArgs {
  bool supported_version = true;  // false: WSAStartup(0, ...)
  bool null_data = false;         // true: WSAStartup(2.2, NULL)
};

// Everything a driver has named, each list in the driver's own fixed order: where a canonical
// encoding (World::CanonicalState) starts.
struct CanonicalRoots {
  std::vector<Pid> processes;
  std::vector<Handle> descriptors;
  std::vector<BlobId> blobs;
  std::vector<PeerId> peers;
  std::vector<EventId> events;
  std::vector<WindowId> windows;
  std::vector<AddressId> addresses;
};

// What waiting for an overlapped operation finds (OVL-1): nothing yet, or its completion, and the
// port it was queued to among the waiting process's ports with the association's key.
struct Completion {
  bool signaled = false;
  WsaError error = WsaError::kNone;
  std::optional<std::string> bytes;  // a recv's
  std::optional<size_t> count;       // a send's
  PortId port = kNoPort;             // kNoPort: queued to no port of the waiting process
  uint64_t key = 0;
};

struct DuplicateArgs {
  Pid target = 0;
  Variant variant = Variant::kA;
  bool null_info = false;  // lpProtocolInfo == NULL
};

class World {
 public:
  // `choices` picks one allowed behaviour per open point (sim/open_points.h); the default is the
  // model's own choice for each.
  explicit World(Choices choices = {});

  // The open points this world's calls have reached so far (bits of Bit(OpenPoint)): the places
  // where another allowed behaviour would have changed what happened.
  uint32_t ReachedOpenPoints() const { return reached_; }
  const Choices& choices() const { return choices_; }
  // The rules (sim/rules.h) whose code decided an outcome since the last TakeReachedRules().
  const RuleSet& ReachedRules() const { return rules_reached_; }
  RuleSet TakeReachedRules() {
    const RuleSet taken = rules_reached_;
    rules_reached_ = RuleSet{};
    return taken;
  }

  // --- processes (STARTUP-*, CLOSE-4) ---
  Pid Spawn();
  bool Alive(Pid pid) const;
  WsaError Startup(Pid pid, const StartupArgs& args = {});
  WsaError Cleanup(Pid pid);
  // Ends the process without any Winsock call: its descriptors and its unconsumed blobs are released.
  void Exit(Pid pid);
  // CreateProcess by `parent` (INH-*): a new process without Winsock; with `inherit`, every
  // inheritable descriptor of the parent is also the child's, under the same value.
  Pid SpawnChild(Pid parent, bool inherit);
  // SetHandleInformation(HANDLE_FLAG_INHERIT) on one descriptor (INH-3); not a Winsock call.
  WsaError SetInheritable(Pid pid, Handle handle, bool inheritable);
  // Deterministic fault injection, scoped to the calling process's Winsock calls.
  void SetFault(Pid pid, Fault fault, bool on);

  // --- sockets and sharing (DUP-*, BLOB-*, CLOSE-*) ---
  Outcome<Handle> Socket(Pid pid, SockType type, CreateApi api, uint32_t flags, Family family = Family::kInet);
  Outcome<BlobId> Duplicate(Pid pid, Handle handle, const DuplicateArgs& args);
  Outcome<Handle> FromBlob(Pid pid, BlobId blob, Variant variant, uint32_t flags,
                           ImportParams params = ImportParams::kFromProtocolInfo);
  WsaError CloseSocket(Pid pid, Handle handle);
  // Marks the socket QOS-enabled (as WSAConnect with a QOS spec would); DUP-10.
  WsaError EnableQos(Pid pid, Handle handle);

  // --- life stage ---
  // `to`: the address to bind (none: a loopback address with a port the stack picks). CONN-11,
  // CONN-12. Where the documents leave the outcome to the stack (docs/model.md, "Not decided"),
  // *modelled is set false and nothing changes.
  WsaError Bind(Pid pid, Handle handle, std::optional<AddressId> to = std::nullopt, bool* modelled = nullptr);
  WsaError Listen(Pid pid, Handle handle);
  // SOCK-3, CONN-1: the socket's address, the same through every descriptor.
  Outcome<AddressId> GetSockName(Pid pid, Handle handle);
  WsaError GetPeerName(Pid pid, Handle handle);
  // Shuts sending, receiving or both down on the socket, for every descriptor (SHUT-*).
  WsaError Shutdown(Pid pid, Handle handle, ShutdownHow how);
  // The type of the socket a live descriptor names, without deciding anything (BLOB-13: what the
  // structure a duplication fills says of it); nullopt for a name that resolves to nothing.
  std::optional<SockType> TypeVia(Pid pid, Handle handle) const;
  // The same for the socket's address family.
  std::optional<Family> FamilyVia(Pid pid, Handle handle) const;
  Outcome<Handle> Accept(Pid pid, Handle listener, PeerId* peer_out);

  // --- shared state (SHARE-*) ---
  WsaError SetSockOpt(Pid pid, Handle handle, OptionLevel level, Option option, OptionValue value);
  Outcome<OptionValue> GetSockOpt(Pid pid, Handle handle, OptionLevel level, Option option);
  // Whether a rule decides what GetSockOpt reads for `option` through `handle` (a value set
  // through any descriptor, or SO_TYPE), as opposed to the model's default, which a stack need
  // not share. False for a handle that names no socket.
  bool OptionDecided(Pid pid, Handle handle, Option option) const;
  WsaError IoctlFionbio(Pid pid, Handle handle, bool non_blocking);

  // --- notification (EVT-*) ---
  EventId CreateEvent(Pid owner);
  WindowId CreateWindow(Pid owner);
  WsaError EventSelect(Pid pid, Handle handle, EventId event, uint32_t mask);
  WsaError AsyncSelect(Pid pid, Handle handle, WindowId window, uint32_t mask);
  bool EventSignaled(EventId event) const;
  std::optional<WindowMessage> TakeMessage(WindowId window);
  // WSAEnumNetworkEvents: returns and clears the recorded events; resets `event` if given.
  Outcome<uint32_t> EnumNetworkEvents(Pid pid, Handle handle, std::optional<EventId> event);

  // --- I/O and harness peers ---
  // Creates a stream socket already connected to a new harness peer.
  Outcome<Handle> Connected(Pid pid, CreateApi api, uint32_t flags, PeerId* peer_out, Family family = Family::kInet);
  // Connects a fresh (unbound) stream socket to a new harness peer: the second half of Connected,
  // for a socket made elsewhere (through a provider chain, docs/spi.md). WSAEINVAL otherwise.
  WsaError ConnectToNewPeer(Pid pid, Handle handle, PeerId* peer_out);
  Outcome<size_t> Send(Pid pid, Handle handle, std::string_view bytes);
  // sendto: a datagram to `to`; on a stream socket, send (CONN-8, CONN-9).
  Outcome<size_t> SendTo(Pid pid, Handle handle, AddressId to, std::string_view bytes);
  // recv, and recvfrom when `from` is given: the datagram's sender, or for a stream socket the zero
  // address, since recvfrom leaves the caller's buffer as it was (CONN-8).
  Outcome<std::string> Recv(Pid pid, Handle handle, AddressId* from = nullptr);
  // A new peer connects to a listening socket; false when refused (socket closed or not listening).
  // The listener is named through a descriptor that must still be open (the harness reads its port).
  bool PeerConnect(Pid pid, Handle listener, PeerId* peer_out);
  // A new peer connects to an address (CONN-1, CONN-2, CONN-4). `peer_out` is set either way: a
  // refused peer reads "reset", as an UnconnectedPeer.
  WsaError PeerConnectTo(AddressId to, PeerId* peer_out);
  // connect: a stream socket connects to whatever listens at `to` (CONN-1 to CONN-5); a datagram
  // socket takes `to` as its default destination (CONN-4, CONN-6).
  WsaError Connect(Pid pid, Handle handle, AddressId to);
  // A peer whose connection never formed (the step that would have made it failed): reads "reset".
  PeerId UnconnectedPeer();
  void PeerSend(PeerId peer, std::string_view bytes);
  std::string PeerRecv(PeerId peer);
  // Whether the next PeerRecv's bytes are decided by the rules: not after a reset that found bytes
  // unread by the peer (Peer::unread_may_be_lost), until the peer has read.
  bool PeerReadDecided(PeerId peer) const;
  void PeerClose(PeerId peer);
  PeerState PeerStateOf(PeerId peer) const;

  // --- overlapped I/O and completion ports (OVL-*, sim/world_overlapped.cc) ---
  PortId CreatePort(Pid owner);
  // CreateIoCompletionPort(descriptor, port, key): OVL-3.
  WsaError AssociatePort(Pid pid, Handle handle, PortId port, uint64_t key);
  // WSARecv / WSASend with an OVERLAPPED: the call's own answer (a result when it completed at once,
  // WSA_IO_PENDING, or an error). `*op` names the operation whatever the answer.
  Outcome<std::string> RecvOverlapped(Pid pid, Handle handle, AsyncId* op);
  Outcome<size_t> SendOverlapped(Pid pid, Handle handle, std::string_view bytes, AsyncId* op);
  // AcceptEx: makes the accept socket first (WSASocket with WSA_FLAG_OVERLAPPED, as callers do),
  // `*accept_out`; when the call fails it is closed again and `*accept_out` is kInvalidSocket.
  WsaError AcceptOverlapped(Pid pid, Handle listener, Handle* accept_out, AsyncId* op);
  // Waits for the operation: reports its completion once it has one, and takes its packet from the
  // port it was queued to when that port is the waiting process's.
  Completion WaitAsync(Pid pid, AsyncId op);
  // CancelIoEx(descriptor, the operation's OVERLAPPED): OVL-4.
  WsaError CancelAsync(Pid pid, AsyncId op, Handle via);

  // Consistency checks over the whole world; empty when every invariant holds.
  std::vector<std::string> CheckInvariants() const;
  // What one CheckInvariants() costs, in table entries visited; lets callers budget the checks.
  size_t InvariantCheckCost() const {
    return processes_.size() + sockets_.size() + descriptors_.size() + blobs_.size() + peers_.size() +
           events_.size() + windows_.size() + asyncs_.size();
  }

  // The state reachable from `roots`, with slots and ids renumbered in the order the roots reach
  // them (sim/world_canonical.cc). Two worlds with equal encodings from equally named roots answer
  // every later call through those names alike; exhaustive exploration merges states by it.
  std::string CanonicalState(const CanonicalRoots& roots) const;

  // Introspection for tests and benchmarks.
  size_t LiveDescriptors(Pid pid) const;
  size_t LiveSockets() const { return live_sockets_; }

 private:
  using SocketId = uint32_t;
  static constexpr uint32_t kNone = ~uint32_t{0};

  enum class RegKind : uint8_t { kNone, kEvent, kWindow };
  struct Registration {
    RegKind kind = RegKind::kNone;
    uint32_t target = 0;      // EventId or WindowId
    uint32_t mask = 0;
    Pid owner = 0;            // the process that owns the event object or window
    Handle via = kInvalidSocket;  // descriptor used to register (wParam of window messages)
  };

  struct SocketState {
    bool live = false;
    SockType type = SockType::kStream;
    Family family = Family::kInet;
    uint32_t create_flags = 0;
    bool qos = false;
    bool non_blocking = false;
    Stage stage = Stage::kUnbound;
    uint32_t descriptors = 0;   // live descriptors in any process
    uint32_t blob_refs = 0;     // unconsumed blobs whose target is alive (they keep it alive: BLOB-7)
    std::array<OptionValue, kOptionCount> options{};
    // Bit per Option whose value a rule decides: set through setsockopt (or its SOCK-9 twin),
    // inherited by accept (SOCK-5), or fixed at creation (SO_TYPE). The others still hold the
    // model's default, which no rule decides (OptionInfo::default_value).
    uint32_t options_decided = 0;
    static_assert(kOptionCount <= 32, "options_decided has a bit per option");
    Registration reg;
    uint32_t recorded = 0;      // network events recorded for WSAEnumNetworkEvents
    uint32_t armed = 0;         // events not yet reported since their last re-enabling (EVT-10)
    PeerId peer = kNone;
    std::string inbox;          // bytes from the peer not yet received
    bool peer_closed = false;
    uint8_t shut = 0;           // ShutdownHow bits shut so far, through any descriptor (SHUT-1)
    // SHUT-4: data met a shut-down receiving side and the connection was reset; SHUT-5 says what
    // the socket answers afterwards.
    bool reset_by_shutdown = false;
    std::vector<PeerId> pending_accepts;  // oldest first
    // Taken when the socket is bound, explicitly or by connect; an accepted socket has its
    // listener's (CONN-1). kNone while unbound.
    AddressId address = kNone;
    // CONN-12: SO_REUSEADDR and SO_EXCLUSIVEADDRUSE count as they were when the socket took its
    // address (an accepted socket: as its listener's were).
    AddressSharing sharing = AddressSharing::kDefault;
    // A datagram socket's default destination, set by connect (CONN-6); kNone when unconnected.
    AddressId sends_to = kNone;
    struct Datagram {
      std::string bytes;
      AddressId from = kNone;  // the sender's address (recvfrom names it)
    };
    std::deque<Datagram> datagrams;  // received, unread, oldest first
    // A datagram it sent found no datagram socket: its next recv reports it (CONN-7).
    bool port_unreachable = false;
    // OVL-3: the completion port the socket is associated with, and the association's key.
    PortId port = kNoPort;
    uint64_t port_key = 0;
    std::vector<AsyncId> pending_ops;  // OVL-1: pending recvs or AcceptExs, oldest first
    // The pending AcceptEx this socket is the accept socket of (OVL-5), or kNone.
    AsyncId accepting_op = kNone;
    SocketId next_free = kNone;
  };

  // Slots are recycled, but a handle carries its slot's generation in the high 32 bits, so a
  // stale handle never resolves again: a closed name always gives WSAENOTSOCK.
  struct DescriptorEntry {
    Pid pid = 0;                // 0: slot free
    SocketId socket = 0;
    uint32_t generation = 0;
    // SHARE-7, branch "not_seen_by_other_descriptors": a datagram socket bound through another
    // descriptor after duplication still looks unbound through this one.
    bool sees_unbound = false;
    bool inheritable = true;    // HANDLE_FLAG_INHERIT (INH-3)
    // WSA_FLAG_OVERLAPPED as the call that made this descriptor asked (OVL-7: an import may differ).
    bool overlapped = false;
    // Nonzero for a descriptor a child inherited (INH-1): the value it has there, its parent's.
    Handle alias = 0;
    uint32_t prev = kNone;      // intrusive list of the process's descriptors
    uint32_t next = kNone;      // (or of free slots)
  };

  struct Process {
    bool alive = true;
    uint32_t startups = 0;
    uint32_t faults = 0;        // bit per Fault
    uint32_t descriptor_count = 0;
    uint32_t winsock_epoch = 0;  // counts last WSACleanups (BLOB-11)
    uint32_t first_descriptor = kNone;
    std::vector<uint32_t> pending_blobs;  // slots of unconsumed blobs targeting this process
    // The inherited descriptors' values and slots (INH-1): a value the parent gave, found here
    // before the slot its own number names.
    std::vector<std::pair<Handle, uint32_t>> aliases;
  };

  // An unconsumed blob; it holds a reference to its socket (BLOB-7). Its slot is freed when it is
  // imported or its target exits, and the generation makes the old BlobId unusable (BLOB-2).
  struct Blob {
    bool live = false;
    SocketId socket = 0;
    Pid target = 0;
    Variant variant = Variant::kA;
    uint32_t target_epoch = 0;   // the target's winsock_epoch when the blob was made (BLOB-11)
    bool sees_unbound = false;   // SHARE-7 branch: its import will not see a later bind
    uint32_t generation = 0;
    uint32_t pending_index = 0;  // position in the target's pending_blobs
    uint32_t next_free = kNone;
  };

  struct Peer {
    SocketId socket = kNone;    // kNone once the socket is gone or the connection never formed
    std::string inbox;          // bytes sent by the socket, unread by the peer
    // Sent by the peer while its connection waits in a listener's queue: the accepted socket
    // receives them (SOCK-4).
    std::string sent_before_accept;
    bool socket_closed = false;
    bool reset = false;
    bool closed_by_peer = false;
    // The socket shut its sending side down (SHUT-3): a FIN after the data sent before it.
    bool fin = false;
    // Reset (CLOSE-6, CLOSE-7) while bytes the socket sent were still unread here: an abortive
    // close loses unsent data, and which of those bytes had left before the reset is timing, so
    // what the peer reads of them is no rule's (PeerReadDecided).
    bool unread_may_be_lost = false;
    // The rule that reset the connection (WSDUP_RULE), noted again when the peer reads the reset;
    // kNoRule for a connection that never formed.
    uint8_t reset_by = kNoRule;
    // CONN-5: the far end is not a harness peer but another of the model's sockets, whose own far
    // end is this record's twin. What this record's socket sends, shuts and closes reaches that
    // socket as a harness peer's send and close would (PeerSend, PeerClose on the twin); a reset
    // marked here is seen there (ResetSeen).
    PeerId twin = kNone;
  };
  static constexpr uint8_t kNoRule = 0xFF;

  enum class AsyncKind : uint8_t { kRecv, kSend, kAccept };
  enum class AsyncState : uint8_t { kFailed, kPending, kDone };
  // An overlapped operation (OVL-1). Its completion is queued to the socket's port when it completes.
  struct AsyncOp {
    Pid pid = 0;
    SocketId socket = 0;
    AsyncKind kind = AsyncKind::kRecv;
    AsyncState state = AsyncState::kFailed;
    WsaError error = WsaError::kNone;
    std::string bytes;              // a recv's
    size_t count = 0;               // a send's
    SocketId accept_socket = 0;     // an AcceptEx's
    PortId port = kNoPort;          // where its completion was queued, until a wait takes it
    uint64_t key = 0;
  };
  struct Port {
    Pid owner = 0;
  };

  struct Event {
    Pid owner = 0;
    bool signaled = false;
  };
  struct Window {
    Pid owner = 0;
    std::deque<WindowMessage> queue;
  };

  static constexpr uint32_t FaultBit(Fault fault) { return 1u << static_cast<uint32_t>(fault); }

  Process& Proc(Pid pid);
  const Process& Proc(Pid pid) const;
  bool IsPid(Pid pid) const;
  // The checks every socket call makes first, in this order: not initialised, network down,
  // blocking call in progress (docs/model.md, "Error precedence").
  WsaError CommonChecks(Pid pid) const;
  // CommonChecks plus descriptor lookup (WSAENOTSOCK).
  WsaError Resolve(Pid pid, Handle handle, SocketId* socket) const;
  // Checks for calls that allocate a descriptor: descriptor limit, then buffer space.
  WsaError AllocationChecks(Pid pid) const;

  // Pops a recycled slot from a free list threaded through each slot's `link`, or appends one.
  // A recycled slot keeps its old contents (and generation) for the caller to overwrite.
  template <typename Slot>
  static uint32_t TakeSlot(std::vector<Slot>& slots, uint32_t& free_head, uint32_t Slot::*link) {
    if (free_head == kNone) {
      slots.emplace_back();
      return static_cast<uint32_t>(slots.size() - 1);
    }
    const uint32_t slot = free_head;
    free_head = slots[slot].*link;
    return slot;
  }

  SocketId NewSocket(SockType type, uint32_t flags, Family family = Family::kInet);
  Handle AddDescriptor(Pid pid, SocketId socket, bool inheritable);
  // The slot of the live descriptor `handle` names in `pid`, or kNone.
  uint32_t SlotOf(Pid pid, Handle handle) const;
  const DescriptorEntry* Lookup(Pid pid, Handle handle) const;
  Handle HandleOf(uint32_t index) const;
  Blob* LiveBlob(BlobId id);
  const Blob* LiveBlob(BlobId id) const { return const_cast<World*>(this)->LiveBlob(id); }
  void RemoveDescriptor(uint32_t index);
  void CloseDescriptor(uint32_t index);
  void ReleaseRef(SocketId socket);
  void DestroySocket(SocketId socket);
  void ReleaseBlob(uint32_t slot);
  void FreeBlob(uint32_t slot);

  void Notify(SocketId socket, uint32_t events);
  void Register(SocketId socket, const Registration& reg);
  uint32_t CurrentConditions(const SocketState& socket) const;

  // Notes that an open point decided something (and so its clarification rule), and tells
  // whether this world took `behaviour`.
  bool Takes(OpenPoint point, uint8_t behaviour) {
    reached_ |= Bit(point);
    Reach(RuleOf(point));
    return choices_.Is(point, behaviour);
  }
  static uint8_t RuleOf(OpenPoint point);
  // Notes that `rule` (WSDUP_RULE) decided an outcome. Const: it is bookkeeping about the call,
  // not state of the world, and the const checks (CommonChecks, Resolve) decide outcomes too.
  void Reach(uint8_t rule) const { rules_reached_.Add(rule); }
  // Returns `outcome` (an error, a peer state) after noting the rule that gave it, for the early
  // returns of a call.
  template <typename T>
  T By(uint8_t rule, T outcome) const {
    Reach(rule);
    return outcome;
  }
  // SHARE-7: the stage a descriptor sees (a later datagram bind may be invisible to it).
  Stage StageVia(const DescriptorEntry& entry) const;
  // Checks a blob import against the open points of the import (BLOB-6, BLOB-10, BLOB-11).
  bool ImportRefused(const Blob& blob, Pid pid, Variant variant, uint32_t flags);
  void HideLaterBind(SocketId socket, uint32_t binding_index);
  void FreeBlobsOf(SocketId socket);
  // SHUT-4: data met the shut-down receiving side of a stream socket; the connection is reset.
  void ResetByShutdown(SocketId socket);

  // --- addresses and connections between the model's sockets (sim/world_connect.cc) ---
  void TakeAddress(SocketId socket);
  // CONN-10: an address of the other family than the socket's, or WsaError::kNone.
  WsaError FamilyMismatch(SocketId socket, AddressId to) const;
  // connect and sendto bind an unbound socket implicitly; the calling descriptor (`slot`) then
  // sees it bound, as its own bind would make it (SHARE-7).
  void BindImplicitly(SocketId socket, uint32_t slot);
  // The live socket of `type` that took an address (connections and datagrams sent there reach
  // it), or kNone (its socket is gone, or the zero address).
  SocketId SocketAt(AddressId address, SockType type) const;
  // CONN-11, CONN-12: a bind to an address another socket may hold.
  WsaError BindTo(SocketId socket, AddressId to, bool* modelled);
  static WsaError NotModelled(bool* modelled);
  static AddressSharing SharingOf(const SocketState& socket);
  void CarryConnection(SocketId socket);
  // Queues a new connection on a listening socket (SOCK-4); `twin` links it to a model socket.
  PeerId QueueConnection(SocketId listener, PeerId twin);
  // CONN-5: whether the far end of a connection between model sockets reset it.
  bool ResetSeen(const SocketState& socket) const;
  // What a socket's end sends, shuts and resets, delivered to the far end (a harness peer's
  // record, or through the twin to another model socket).
  void DeliverToFarEnd(PeerId peer, std::string_view bytes);
  void FinToFarEnd(PeerId peer);
  void MarkReset(PeerId peer, uint8_t rule);
  // CONN-6, CONN-7: a datagram from `from` to the address `to`.
  void SendDatagram(SocketId from, AddressId to, std::string_view bytes);

  // --- overlapped operations (sim/world_overlapped.cc) ---
  // OVL-6, OVL-7: whether overlapped calls through this descriptor are overlapped.
  bool OverlappedVia(const DescriptorEntry& entry);
  AsyncId NewAsync(Pid pid, SocketId socket, AsyncKind kind);
  // Records the completion and queues it to the socket's port, if it has one (OVL-3).
  void Complete(AsyncId op, WsaError error);
  // OVL-1: completes the socket's pending operations that what just arrived satisfies.
  void ServePending(SocketId socket);
  // A pending operation leaves its socket's queue, and an AcceptEx's accept socket is free again.
  void Unqueue(AsyncId id);
  void ReleaseAcceptSocket(AsyncId id);
  // OVL-5: the socket is being destroyed; its pending operations (and AcceptExs waiting to make it
  // their connection) complete with WSA_OPERATION_ABORTED.
  void AbortPendingOf(SocketId socket);
  // An exiting process's pending operations end with it, unobserved, on sockets that outlive it.
  void DropPendingOpsOf(Pid pid);
  // The receive part of Recv for a socket whose descriptor checks are done: `bound_seen` is what
  // the calling descriptor sees of a datagram socket's bind (SHARE-7).
  Outcome<std::string> ReceiveFrom(SocketId socket, bool bound_seen, AddressId* from);
  // accept's part after its checks: `accepted` (new, or an AcceptEx's accept socket) becomes the
  // oldest queued connection.
  void TakeConnection(SocketId listener, SocketId accepted);

  class Canonicalizer;  // sim/world_canonical.cc

  // Handle values look like Windows ones: multiples of 4 in the low 32 bits.
  static size_t EntryIndex(Handle handle) { return static_cast<size_t>((handle & 0xFFFFFFFFu) / 4 - 1); }
  static size_t PidIndex(Pid pid) { return (pid - kFirstPid) / 4; }
  static constexpr Pid kFirstPid = 0x400;

  Choices choices_;
  uint32_t reached_ = 0;
  mutable RuleSet rules_reached_;
  std::vector<Process> processes_;
  std::vector<SocketState> sockets_;
  SocketId free_sockets_ = kNone;
  size_t live_sockets_ = 0;
  std::vector<DescriptorEntry> descriptors_;  // indexed by EntryIndex(handle)
  uint32_t free_descriptors_ = kNone;
  std::vector<Blob> blobs_;
  uint32_t free_blobs_ = kNone;
  std::vector<Peer> peers_;
  std::vector<Event> events_;
  std::vector<Window> windows_;
  // What the model knows of each address it handed out (AddressId indexes it).
  struct AddressUse {
    // By SockType: the socket that took it, kNone once it is gone. A stream and a datagram socket
    // may each hold it: the protocol is part of the address (CONN-11).
    std::array<SocketId, 2> taken_by{kNone, kNone};
    Family family = Family::kInet;  // outlives the sockets
    bool wildcard = false;          // taken by a bind to the zero address (INADDR_ANY)
    bool carried_connection = false;  // a stream connection had it as its local address
  };
  std::vector<AddressUse> addresses_;
  std::vector<Port> ports_;          // PortId -> its owner
  std::vector<AsyncOp> asyncs_;      // AsyncId -> the operation
};

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_WORLD_H_
