#include "conformance/run/model_backend.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "sim/spi/protocol_info.h"

namespace wsdup::conformance {
namespace {

using nlohmann::json;
using sim::WsaError;

Observation From(WsaError error) {
  if (error == WsaError::kNone) return Observation::Success();
  return Observation::Failure(std::string(sim::WsaErrorName(error)));
}

json OptionToJson(sim::Option option, const sim::OptionValue& value) {
  if (sim::InfoOf(option).is_linger) return json{{"l_onoff", value.value}, {"l_linger", value.linger}};
  return value.value;
}

}  // namespace

ModelBackend::ModelBackend(bool check_invariants, sim::Choices choices)
    : check_invariants_(check_invariants), choices_(choices) {}

std::vector<std::string> ModelBackend::HandledOps() {
  std::vector<std::string> ops;
  for (const auto& [name, handler] : Handlers()) ops.emplace_back(name);
  std::sort(ops.begin(), ops.end());
  return ops;
}

const std::unordered_map<std::string_view, ModelBackend::Handler>& ModelBackend::Handlers() {
  static const std::unordered_map<std::string_view, Handler> handlers = {
      {"startup", &ModelBackend::OpStartup},
      {"cleanup", &ModelBackend::OpCleanup},
      {"socket", &ModelBackend::OpSocket},
      {"connected", &ModelBackend::OpConnected},
      {"duplicate", &ModelBackend::OpDuplicate},
      {"from_blob", &ModelBackend::OpFromBlob},
      {"closesocket", &ModelBackend::OpCloseSocket},
      {"enable_qos", &ModelBackend::OpEnableQos},
      {"bind", &ModelBackend::OpBind},
      {"listen", &ModelBackend::OpListen},
      {"connect", &ModelBackend::OpConnect},
      {"getsockname", &ModelBackend::OpGetSockName},
      {"getpeername", &ModelBackend::OpGetPeerName},
      {"shutdown", &ModelBackend::OpShutdown},
      {"accept", &ModelBackend::OpAccept},
      {"setsockopt", &ModelBackend::OpSetSockOpt},
      {"getsockopt", &ModelBackend::OpGetSockOpt},
      {"fionbio", &ModelBackend::OpFionbio},
      {"event_select", &ModelBackend::OpEventSelect},
      {"async_select", &ModelBackend::OpAsyncSelect},
      {"wait_event", &ModelBackend::OpWaitEvent},
      {"wait_message", &ModelBackend::OpWaitMessage},
      {"enum_events", &ModelBackend::OpEnumEvents},
      {"send", &ModelBackend::OpSend},
      {"recv", &ModelBackend::OpRecv},
      {"sendto", &ModelBackend::OpSendTo},
      {"recvfrom", &ModelBackend::OpRecvFrom},
      {"iocp_create", &ModelBackend::OpIocpCreate},
      {"iocp_associate", &ModelBackend::OpIocpAssociate},
      {"wait_async", &ModelBackend::OpWaitAsync},
      {"cancel", &ModelBackend::OpCancel},
      {"exit", &ModelBackend::OpExit},
      {"spawn", &ModelBackend::OpSpawn},
      {"set_inheritable", &ModelBackend::OpSetInheritable},
      {"fault", &ModelBackend::OpFault},
      {"peer_send", &ModelBackend::OpPeerSend},
      {"peer_recv", &ModelBackend::OpPeerRecv},
      {"peer_state", &ModelBackend::OpPeerState},
      {"peer_close", &ModelBackend::OpPeerClose},
      {"peer_connect", &ModelBackend::OpPeerConnect},
      {"peer_dgram", &ModelBackend::OpPeerDgram},
      {"peer_sendto", &ModelBackend::OpPeerSendTo},
      {"peer_recvfrom", &ModelBackend::OpPeerRecvFrom},
  };
  return handlers;
}

bool ModelBackend::Supports(std::string_view op) const {
  return Handlers().find(op) != Handlers().end();
}

void ModelBackend::BeginScenario(const Scenario& scenario) {
  world_ = std::make_unique<sim::World>(choices_);
  chain_.reset();
  chain_problem_.clear();
  chain_blobs_.clear();
  if (scenario.chain) chain_ = ModelChain::Make(world_.get(), *scenario.chain, &chain_problem_);
  reached_per_step_.clear();
  rules_per_step_.clear();
  undecided_value_per_step_.clear();
  processes_.clear();
  descriptors_.clear();
  blobs_.clear();
  peers_.clear();
  dgram_peers_.clear();
  harness_process_ = 0;
  addresses_.clear();
  events_.clear();
  windows_.clear();
  ports_.clear();
  asyncs_.clear();
  violations_.clear();
  unchecked_steps_ = 0;
  last_step_.clear();
}

ModelBackend::Handler ModelBackend::HandlerOf(const Step& step) {
  // By the op table's order, for steps that name their entry (every step but one made by hand).
  static const std::vector<Handler> by_op = [] {
    std::vector<Handler> handlers;
    for (const vocabulary::OpSpec& op : vocabulary::AllOps()) {
      const auto found = Handlers().find(op.name);
      handlers.push_back(found == Handlers().end() ? nullptr : found->second);
    }
    return handlers;
  }();
  if (step.spec != nullptr) return by_op[static_cast<size_t>(step.spec - vocabulary::AllOps().data())];
  const auto found = Handlers().find(step.op);
  return found == Handlers().end() ? nullptr : found->second;
}

Observation ModelBackend::Execute(const Step& step) {
  const Handler handler = HandlerOf(step);
  if (handler == nullptr) return Observation::Unsupported();
  if (!chain_problem_.empty()) return Observation::HarnessError(chain_problem_);
  undecided_value_ = false;
  Observation observation = (this->*handler)(step);
  undecided_value_per_step_.push_back(undecided_value_);
  reached_per_step_.push_back(world_->ReachedOpenPoints());
  rules_per_step_.push_back(world_->TakeReachedRules());
  ++unchecked_steps_;
  // A whole-world check costs the world's size. Checking after every step made a scenario of n
  // steps cost n^2 once worlds grew large (100,000 sockets: minutes). So the checks spend at most
  // kInvariantBudgetPerStep units per step: every step while the world is small (every table row
  // today), every few steps in a big one, and always at the end. A violation is then reported
  // after the step that revealed it, at most a few steps after the one that caused it.
  if (unchecked_steps_ * kInvariantBudgetPerStep >= world_->InvariantCheckCost()) {
    CheckInvariantsNow(&step);
  } else {
    last_step_ = DescribeStep(step);  // named by the check a later step or EndScenario makes
  }
  return observation;
}

std::unique_ptr<ModelBackend> ModelBackend::Fork() const {
  // A chain's providers hold the world they were made over; forking one is not needed (exhaustive
  // exploration runs no chains) and would share them between the copies.
  if (chain_) throw std::logic_error("ModelBackend::Fork of a scenario with a provider chain");
  auto fork = std::make_unique<ModelBackend>(check_invariants_, choices_);
  fork->reached_per_step_ = reached_per_step_;
  fork->rules_per_step_ = rules_per_step_;
  fork->undecided_value_per_step_ = undecided_value_per_step_;
  if (world_) fork->world_ = std::make_unique<sim::World>(*world_);
  fork->processes_ = processes_;
  fork->descriptors_ = descriptors_;
  fork->blobs_ = blobs_;
  fork->peers_ = peers_;
  fork->dgram_peers_ = dgram_peers_;
  fork->harness_process_ = harness_process_;
  fork->addresses_ = addresses_;
  fork->events_ = events_;
  fork->windows_ = windows_;
  fork->ports_ = ports_;
  fork->asyncs_ = asyncs_;
  fork->violations_ = violations_;
  fork->unchecked_steps_ = unchecked_steps_;
  fork->last_step_ = last_step_;
  return fork;
}

// The names, each kind in name order, then the world's encoding from what they name in the same
// order: two states are alike only when the same names are bound and reach alike states.
std::string ModelBackend::CanonicalState() const {
  std::string names;
  sim::CanonicalRoots roots;
  const auto add_names = [&names](const auto& bound, auto* values, auto value_of) {
    for (const auto& [name, value] : bound) {
      names += name;
      names.push_back('\0');
      values->push_back(value_of(value));
    }
    names.push_back('\1');
  };
  const auto same = [](auto value) { return value; };
  add_names(processes_, &roots.processes, same);
  add_names(descriptors_, &roots.descriptors, [](const Descriptor& descriptor) { return descriptor.handle; });
  add_names(blobs_, &roots.blobs, same);
  add_names(peers_, &roots.peers, same);
  add_names(events_, &roots.events, same);
  add_names(windows_, &roots.windows, same);
  add_names(addresses_, &roots.addresses, same);
  return names + world_->CanonicalState(roots);
}

void ModelBackend::CheckInvariantsNow(const Step* step) {
  unchecked_steps_ = 0;
  if (!check_invariants_ || !violations_.empty()) return;
  const std::vector<std::string> broken = world_->CheckInvariants();
  if (broken.empty()) return;  // the usual case: no step described
  const std::string after = step != nullptr ? DescribeStep(*step) : last_step_;
  for (const std::string& problem : broken) violations_.push_back("after " + after + ": " + problem);
}

std::vector<std::string> ModelBackend::EndScenario() {
  if (unchecked_steps_ > 0) CheckInvariantsNow(nullptr);
  return violations_;
}

// A process comes into existence at its first mention, whether as a step's proc or a target.
sim::Pid ModelBackend::ProcessOf(const std::string& name) {
  auto [it, fresh] = processes_.try_emplace(name, 0);
  if (fresh) it->second = world_->Spawn();
  return it->second;
}

sim::Handle ModelBackend::HandleOf(const Step& step) const {
  if (step.typed.raw_sock != RawSock::kNone) return RawHandleOf(step);
  return ModelHandleOf(descriptors_.at(step.typed.sock));
}

// A raw value is what the process passes, to ws2_32 and so to the model alike: no layer owns it.
sim::Handle ModelBackend::LayerHandleOf(const Step& step) const {
  if (step.typed.raw_sock != RawSock::kNone) return RawHandleOf(step);
  return descriptors_.at(step.typed.sock).handle;
}

sim::Handle ModelBackend::RawHandleOf(const Step& step) {
  return step.typed.raw_sock == RawSock::kZero ? sim::Handle{0} : sim::kInvalidSocket;
}

// Through a chain a descriptor is the layers' (docs/spi.md); the model knows the one behind it.
sim::Handle ModelBackend::ModelHandleOf(const Descriptor& descriptor) const {
  return chain_ ? chain_->ModelHandle(descriptor.pid, descriptor.handle) : descriptor.handle;
}

sim::EventId ModelBackend::EventOf(const std::string& name, sim::Pid owner) {
  auto [it, fresh] = events_.try_emplace(name, 0);
  if (fresh) it->second = world_->CreateEvent(owner);
  return it->second;
}

sim::WindowId ModelBackend::WindowOf(const std::string& name, sim::Pid owner) {
  auto [it, fresh] = windows_.try_emplace(name, 0);
  if (fresh) it->second = world_->CreateWindow(owner);
  return it->second;
}

// The model's handles are unique across processes, so a message can name a descriptor of another
// process: an accepted socket's, whose listener was registered elsewhere (EVT-13).
std::string ModelBackend::NameOfHandle(sim::Handle handle) const {
  for (const auto& [name, descriptor] : descriptors_) {
    if (ModelHandleOf(descriptor) == handle) return name;
  }
  return "?";
}

void ModelBackend::BindDescriptor(const Step& step, sim::Pid pid, sim::Handle handle) {
  if (!step.as.empty()) descriptors_[step.as] = Descriptor{pid, handle};
}

Observation ModelBackend::ChainMade(const Step& step, sim::Pid pid, const ChainOutcome<sim::Handle>& made) {
  BindDescriptor(step, pid, made.value.value_or(sim::kInvalidSocket));
  return made.ok() ? Observation::Success() : Observation::Failure(made.error);
}

Observation ModelBackend::OpStartup(const Step& step) {
  sim::StartupArgs args;
  args.supported_version = step.typed.version_supported;
  args.null_data = step.typed.null_data;
  return From(world_->Startup(Caller(step), args));
}

Observation ModelBackend::OpCleanup(const Step& step) { return From(world_->Cleanup(Caller(step))); }

// The model's provider chains (docs/spi.md) are AF_INET's only: a step asking one for AF_INET6 is
// one the model cannot perform there.
Observation ModelBackend::OpSocket(const Step& step) {
  const sim::Pid pid = Caller(step);
  if (chain_ && step.typed.family != sim::Family::kInet) return Observation::Unsupported();
  if (chain_) return ChainMade(step, pid, chain_->Socket(pid, step.typed.type, step.typed.create_flags));
  sim::Outcome<sim::Handle> made =
      world_->Socket(pid, step.typed.type, step.typed.api, step.typed.create_flags, step.typed.family);
  BindDescriptor(step, pid, made.ok() ? made.value() : sim::kInvalidSocket);
  return From(made.error);
}

Observation ModelBackend::OpConnected(const Step& step) {
  const sim::Pid pid = Caller(step);
  sim::PeerId peer = 0;
  if (chain_ && step.typed.family != sim::Family::kInet) return Observation::Unsupported();
  if (chain_) {
    const ChainOutcome<sim::Handle> made = chain_->Socket(pid, sim::SockType::kStream, step.typed.create_flags);
    const bool connected = made.ok() && world_->ConnectToNewPeer(pid, chain_->ModelHandle(pid, *made.value), &peer) ==
                                            sim::WsaError::kNone;
    peers_[step.typed.peer] = connected ? peer : world_->UnconnectedPeer();
    return ChainMade(step, pid, made);
  }
  sim::Outcome<sim::Handle> made =
      world_->Connected(pid, step.typed.api, step.typed.create_flags, &peer, step.typed.family);
  BindDescriptor(step, pid, made.ok() ? made.value() : sim::kInvalidSocket);
  peers_[step.typed.peer] = made.ok() ? peer : world_->UnconnectedPeer();
  return From(made.error);
}

Observation ModelBackend::OpDuplicate(const Step& step) {
  const sim::Pid pid = Caller(step);
  sim::DuplicateArgs args;
  switch (step.typed.target_pid) {
    case TargetPid::kNone: args.target = ProcessOf(step.typed.target); break;
    case TargetPid::kUnused: args.target = sim::kUnusedPid; break;
    case TargetPid::kZero: args.target = 0; break;
    case TargetPid::kAllOnes: args.target = sim::kAllOnesPid; break;
  }
  args.variant = step.typed.variant;
  args.null_info = step.typed.null_info;
  if (chain_ && chain_->Owns(pid, LayerHandleOf(step))) {
    const ChainOutcome<sim::spi::ProtocolInfo> info =
        chain_->Duplicate(pid, LayerHandleOf(step), args.target, args.null_info);
    // A failed duplication leaves no structure: an import of it names no catalog entry.
    if (!step.as.empty()) chain_blobs_[step.as] = info.value.value_or(sim::spi::ProtocolInfo{});
    return info.ok() ? DescribedBlob(pid, HandleOf(step)) : Observation::Failure(info.error);
  }
  sim::Outcome<sim::BlobId> made = world_->Duplicate(pid, HandleOf(step), args);
  if (!step.as.empty()) blobs_[step.as] = made.ok() ? made.value() : sim::kInvalidBlob;
  return made.ok() ? DescribedBlob(pid, HandleOf(step)) : From(made.error);
}

// BLOB-13: the structure a duplication filled names the socket's family, type and protocol. The
// model's catalog has one entry per type, so they follow from the socket's type.
Observation ModelBackend::DescribedBlob(sim::Pid pid, sim::Handle handle) const {
  Observation described = Observation::Success();
  const std::optional<sim::SockType> type = world_->TypeVia(pid, handle);
  if (!type) return described;  // (the descriptor was resolved by the duplication that succeeded)
  described.family = world_->FamilyVia(pid, handle) == sim::Family::kInet6 ? sim::spi::kAfInet6 : sim::spi::kAfInet;
  described.socktype = sim::spi::SocketTypeNumber(*type);
  described.protocol = sim::spi::ProtocolNumber(*type);
  return described;
}

Observation ModelBackend::OpFromBlob(const Step& step) {
  const sim::Pid pid = Caller(step);
  if (chain_ && chain_blobs_.count(step.typed.blob) != 0) {
    return ChainMade(step, pid, chain_->Import(pid, chain_blobs_.at(step.typed.blob), step.typed.create_flags));
  }
  sim::Outcome<sim::Handle> made =
      world_->FromBlob(pid, blobs_.at(step.typed.blob), step.typed.variant, step.typed.create_flags,
                       step.typed.import_params);
  BindDescriptor(step, pid, made.ok() ? made.value() : sim::kInvalidSocket);
  return From(made.error);
}

Observation ModelBackend::OpCloseSocket(const Step& step) {
  if (chain_ && chain_->Owns(Caller(step), LayerHandleOf(step))) {
    const ChainOutcome<bool> closed = chain_->Close(Caller(step), LayerHandleOf(step));
    return closed.ok() ? Observation::Success() : Observation::Failure(closed.error);
  }
  return From(world_->CloseSocket(Caller(step), HandleOf(step)));
}

Observation ModelBackend::OpEnableQos(const Step& step) {
  return From(world_->EnableQos(Caller(step), HandleOf(step)));
}

// With `to`, where the documents leave the outcome to the stack (CONN-11, CONN-12), the model
// says so: the step is unsupported here, never guessed.
Observation ModelBackend::OpBind(const Step& step) {
  std::optional<sim::AddressId> to;
  if (!step.typed.to.empty()) to = addresses_.at(step.typed.to);
  bool modelled = true;
  const sim::WsaError error = world_->Bind(Caller(step), HandleOf(step), to, &modelled);
  return modelled ? From(error) : Observation::Unsupported();
}

Observation ModelBackend::OpListen(const Step& step) {
  return From(world_->Listen(Caller(step), HandleOf(step)));
}

// The address is bound to `as` even when the call fails: the caller's buffer then still holds the
// zero address (CONN-4), and a later connect to it is a row's to make.
Observation ModelBackend::OpGetSockName(const Step& step) {
  const sim::Outcome<sim::AddressId> named = world_->GetSockName(Caller(step), HandleOf(step));
  if (!step.as.empty()) addresses_[step.as] = named.ok() ? named.value() : sim::kZeroAddress;
  return From(named.error);
}

Observation ModelBackend::OpConnect(const Step& step) {
  return From(world_->Connect(Caller(step), HandleOf(step), addresses_.at(step.typed.to)));
}

Observation ModelBackend::OpGetPeerName(const Step& step) {
  return From(world_->GetPeerName(Caller(step), HandleOf(step)));
}

Observation ModelBackend::OpShutdown(const Step& step) {
  return From(world_->Shutdown(Caller(step), HandleOf(step), step.typed.how));
}

Observation ModelBackend::OpAccept(const Step& step) {
  const sim::Pid pid = Caller(step);
  if (!step.typed.async.empty()) {  // AcceptEx (OVL-1): `as` names its accept socket
    sim::Handle accept_socket = sim::kInvalidSocket;
    const sim::WsaError error = world_->AcceptOverlapped(pid, HandleOf(step), &accept_socket, NewAsync(step));
    BindDescriptor(step, pid, accept_socket);
    return From(error);
  }
  sim::PeerId peer = 0;
  sim::Outcome<sim::Handle> made = world_->Accept(pid, HandleOf(step), &peer);
  BindDescriptor(step, pid, made.ok() ? made.value() : sim::kInvalidSocket);
  return From(made.error);
}

Observation ModelBackend::OpSetSockOpt(const Step& step) {
  return From(world_->SetSockOpt(Caller(step), HandleOf(step), step.typed.level.value(), step.typed.option.value(),
                                 step.typed.option_value));
}

Observation ModelBackend::OpGetSockOpt(const Step& step) {
  const sim::Option option = step.typed.option.value();
  sim::Outcome<sim::OptionValue> read =
      world_->GetSockOpt(Caller(step), HandleOf(step), step.typed.level.value(), option);
  Observation observation = From(read.error);
  if (read.ok()) {
    observation.value = OptionToJson(option, read.value());
    undecided_value_ = !world_->OptionDecided(Caller(step), HandleOf(step), option);
  }
  return observation;
}

Observation ModelBackend::OpFionbio(const Step& step) {
  return From(world_->IoctlFionbio(Caller(step), HandleOf(step), step.typed.on));
}

Observation ModelBackend::OpEventSelect(const Step& step) {
  const sim::Pid pid = Caller(step);
  return From(world_->EventSelect(pid, HandleOf(step), EventOf(step.typed.event, pid), step.typed.event_mask));
}

Observation ModelBackend::OpAsyncSelect(const Step& step) {
  const sim::Pid pid = Caller(step);
  return From(world_->AsyncSelect(pid, HandleOf(step), WindowOf(step.typed.window, pid), step.typed.event_mask));
}

Observation ModelBackend::OpWaitEvent(const Step& step) {
  Observation observation;
  observation.signaled = world_->EventSignaled(EventOf(step.typed.event, Caller(step)));
  return observation;
}

Observation ModelBackend::OpWaitMessage(const Step& step) {
  const sim::Pid pid = Caller(step);
  std::optional<sim::WindowMessage> message = world_->TakeMessage(WindowOf(step.typed.window, pid));
  Observation observation;
  observation.signaled = message.has_value();
  if (message) {
    observation.events = sim::NetEventNames(message->event);
    observation.sock = NameOfHandle(message->handle);
  }
  return observation;
}

Observation ModelBackend::OpEnumEvents(const Step& step) {
  const sim::Pid pid = Caller(step);
  std::optional<sim::EventId> event;
  if (!step.typed.event.empty()) event = EventOf(step.typed.event, pid);
  sim::Outcome<uint32_t> read = world_->EnumNetworkEvents(pid, HandleOf(step), event);
  Observation observation = From(read.error);
  if (read.ok()) observation.events = sim::NetEventNames(read.value());
  return observation;
}

Observation ModelBackend::OpSend(const Step& step) {
  sim::Outcome<size_t> sent =
      step.typed.async.empty()
          ? world_->Send(Caller(step), HandleOf(step), step.typed.bytes)
          : world_->SendOverlapped(Caller(step), HandleOf(step), step.typed.bytes, NewAsync(step));
  Observation observation = From(sent.error);
  if (sent.ok()) observation.value = sent.value();
  return observation;
}

Observation ModelBackend::OpRecv(const Step& step) {
  sim::Outcome<std::string> read = step.typed.async.empty()
                                       ? world_->Recv(Caller(step), HandleOf(step))
                                       : world_->RecvOverlapped(Caller(step), HandleOf(step), NewAsync(step));
  return Received(read);
}

Observation ModelBackend::OpSendTo(const Step& step) {
  sim::Outcome<size_t> sent = world_->SendTo(Caller(step), HandleOf(step), addresses_.at(step.typed.to), step.typed.bytes);
  Observation observation = From(sent.error);
  if (sent.ok()) observation.value = sent.value();
  return observation;
}

// The sender's address is bound to `as` whatever the call did: the zero address when it failed or
// named nothing (a stream socket's recvfrom leaves the buffer as it was, CONN-8).
Observation ModelBackend::OpRecvFrom(const Step& step) {
  return Received(RecvNamingSender(Caller(step), HandleOf(step), step.as));
}

sim::Outcome<std::string> ModelBackend::RecvNamingSender(sim::Pid pid, sim::Handle handle, const std::string& as) {
  sim::AddressId from = sim::kZeroAddress;
  sim::Outcome<std::string> read = world_->Recv(pid, handle, &from);
  if (!as.empty()) addresses_[as] = read.ok() ? from : sim::kZeroAddress;
  return read;
}

Observation ModelBackend::Received(const sim::Outcome<std::string>& read) {
  Observation observation = From(read.error);
  if (read.ok()) observation.value = read.value();
  return observation;
}

Observation ModelBackend::OpIocpCreate(const Step& step) {
  const sim::PortId port = world_->CreatePort(Caller(step));
  if (!step.as.empty()) ports_[step.as] = port;
  return Observation::Success();
}

Observation ModelBackend::OpIocpAssociate(const Step& step) {
  return From(world_->AssociatePort(Caller(step), HandleOf(step), ports_.at(step.typed.port),
                                    static_cast<uint64_t>(step.typed.key)));
}

// The completion's error is the result's; the port is named by the name its iocp_create bound.
Observation ModelBackend::OpWaitAsync(const Step& step) {
  const sim::Completion completion = world_->WaitAsync(Caller(step), asyncs_.at(step.typed.async).id);
  Observation observation = From(completion.error);
  observation.signaled = completion.signaled;
  if (!completion.signaled) return observation;
  if (completion.bytes) observation.value = *completion.bytes;
  if (completion.count) observation.value = *completion.count;
  observation.port = nullptr;
  for (const auto& [name, port] : ports_) {
    if (port == completion.port) {
      observation.port = name;
      observation.key = static_cast<int>(completion.key);
    }
  }
  return observation;
}

// Through the descriptor `sock` names, or the one the operation was issued through.
Observation ModelBackend::OpCancel(const Step& step) {
  const Async& op = asyncs_.at(step.typed.async);
  const bool named = !step.typed.sock.empty() || step.typed.raw_sock != RawSock::kNone;
  return From(world_->CancelAsync(Caller(step), op.id, named ? HandleOf(step) : op.via));
}

sim::AsyncId* ModelBackend::NewAsync(const Step& step) {
  Async& op = asyncs_[step.typed.async];
  op.via = HandleOf(step);
  return &op.id;
}

Observation ModelBackend::OpExit(const Step& step) {
  world_->Exit(Caller(step));
  return Observation::Success();
}

// The child comes into existence here, not at a later mention (validation made its name new).
Observation ModelBackend::OpSpawn(const Step& step) {
  const sim::Pid parent = ProcessOf(step.typed.parent);
  processes_[step.typed.child] = world_->SpawnChild(parent, step.typed.inherit);
  return Observation::Success();
}

Observation ModelBackend::OpSetInheritable(const Step& step) {
  return From(world_->SetInheritable(Caller(step), HandleOf(step), step.typed.on));
}

Observation ModelBackend::OpFault(const Step& step) {
  world_->SetFault(Caller(step), step.typed.fault.value(), step.typed.on);
  return Observation::Success();
}

Observation ModelBackend::OpPeerSend(const Step& step) {
  world_->PeerSend(peers_.at(step.typed.peer), step.typed.bytes);
  return Observation::Success();
}

Observation ModelBackend::OpPeerRecv(const Step& step) {
  Observation observation;
  const sim::PeerId peer = peers_.at(step.typed.peer);
  undecided_value_ = !world_->PeerReadDecided(peer);  // CLOSE-6, CLOSE-7: sent bytes may be lost
  observation.value = world_->PeerRecv(peer);
  return observation;
}

Observation ModelBackend::OpPeerState(const Step& step) {
  Observation observation;
  observation.state = std::string(sim::PeerStateName(world_->PeerStateOf(peers_.at(step.typed.peer))));
  return observation;
}

Observation ModelBackend::OpPeerClose(const Step& step) {
  world_->PeerClose(peers_.at(step.typed.peer));
  return Observation::Success();
}

Observation ModelBackend::OpPeerConnect(const Step& step) {
  if (!step.typed.to.empty()) {
    sim::PeerId peer = 0;
    const sim::WsaError error = world_->PeerConnectTo(addresses_.at(step.typed.to), &peer);
    peers_[step.typed.peer] = peer;
    return From(error);
  }
  const Descriptor& listener = descriptors_.at(step.typed.sock);
  sim::PeerId peer = 0;
  if (!world_->PeerConnect(listener.pid, HandleOf(step), &peer)) {
    peers_[step.typed.peer] = world_->UnconnectedPeer();
    return Observation::Failure("WSAECONNREFUSED");
  }
  peers_[step.typed.peer] = peer;
  return Observation::Success();
}


sim::Pid ModelBackend::HarnessProcess() {
  if (harness_process_ == 0) {
    harness_process_ = world_->Spawn();
    world_->Startup(harness_process_);
  }
  return harness_process_;
}

// A datagram socket of the harness, bound to loopback; `as` names its address.
Observation ModelBackend::OpPeerDgram(const Step& step) {
  const sim::Pid harness = HarnessProcess();
  const sim::Handle made =
      world_->Socket(harness, sim::SockType::kDgram, sim::CreateApi::kWSASocketW, 0, step.typed.family).value();
  world_->Bind(harness, made);
  dgram_peers_[step.typed.peer] = made;
  if (!step.as.empty()) addresses_[step.as] = world_->GetSockName(harness, made).value();
  return Observation::Success();
}

Observation ModelBackend::OpPeerSendTo(const Step& step) {
  const sim::Outcome<size_t> sent = world_->SendTo(HarnessProcess(), dgram_peers_.at(step.typed.peer),
                                                   addresses_.at(step.typed.to), step.typed.bytes);
  return From(sent.error);
}

// One datagram, or "" when none has come: the harness never blocks. `as` names its sender (the
// zero address when none came).
Observation ModelBackend::OpPeerRecvFrom(const Step& step) {
  const sim::Outcome<std::string> read = RecvNamingSender(HarnessProcess(), dgram_peers_.at(step.typed.peer), step.as);
  if (read.error == sim::WsaError::kHarnessWouldBlock) {
    Observation nothing;
    nothing.value = "";
    return nothing;
  }
  return Received(read);
}

}  // namespace wsdup::conformance
