// The model (sim/) as a backend: maps the scenario's symbolic names onto the World's handles.
#ifndef WSDUP_CONFORMANCE_RUN_MODEL_BACKEND_H_
#define WSDUP_CONFORMANCE_RUN_MODEL_BACKEND_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "conformance/run/backend.h"
#include "conformance/run/model_chain.h"
#include "sim/world.h"

namespace wsdup::conformance {

class ModelBackend : public Backend {
 public:
  ModelBackend(const ModelBackend&) = delete;
  ModelBackend& operator=(const ModelBackend&) = delete;

  // With check_invariants, every step is followed by World::CheckInvariants(); a violation is
  // reported by EndScenario, which may be asked again after the scenario.
  // `choices` selects a branch at each open point (sim/open_points.h); the default is the model's.
  explicit ModelBackend(bool check_invariants = true, sim::Choices choices = {});

  std::string Name() const override { return "model"; }
  bool Supports(std::string_view op) const override;
  bool SupportsChains() const override { return true; }
  void BeginScenario(const Scenario& scenario) override;
  Observation Execute(const Step& step) override;
  std::vector<std::string> EndScenario() override;

  // The ops the model has a handler for (//conformance/agent:op_vocabulary_test compares them
  // with the op table).
  static std::vector<std::string> HandledOps();
  // After each executed step of the current scenario: the open points reached so far.
  const std::vector<uint32_t>& ReachedOpenPointsPerStep() const { return reached_per_step_; }
  // For each executed step of the current scenario: the rules that decided its outcome
  // (sim/rules.h).
  const std::vector<sim::RuleSet>& RulesPerStep() const { return rules_per_step_; }
  // For each executed step: true when its `value` is one no rule decides (getsockopt of an option
  // never set: the model's default; peer_recv of bytes an abortive close may have lost, CLOSE-6 and
  // CLOSE-7), so a stack's different value is no deviation. Rows leave such values
  // out of `expect`; the explorer does the same for the rows it writes.
  const std::vector<bool>& UndecidedValuePerStep() const { return undecided_value_per_step_; }

  // An independent copy of this backend in the middle of its scenario: later steps on either
  // leave the other as it was. Exhaustive exploration expands a state into each of its successors.
  std::unique_ptr<ModelBackend> Fork() const;
  // The scenario's state as the names bound so far reach it, canonically (World::CanonicalState):
  // equal for two histories that answer every later step alike, whatever slots and ids they used.
  std::string CanonicalState() const;

 private:
  struct Descriptor {
    sim::Pid pid = 0;
    sim::Handle handle = sim::kInvalidSocket;
  };
  using Handler = Observation (ModelBackend::*)(const Step&);
  // Hashed: found once per step, and a tree of op names compared strings several times a step.
  static const std::unordered_map<std::string_view, Handler>& Handlers();
  static Handler HandlerOf(const Step& step);  // nullptr for an op the model does not perform

  sim::Pid ProcessOf(const std::string& name);
  sim::Pid Caller(const Step& step) { return ProcessOf(step.proc); }
  sim::Handle HandleOf(const Step& step) const;  // the descriptor "sock" names
  sim::Handle LayerHandleOf(const Step& step) const;  // the same, as the top of a chain knows it
  static sim::Handle RawHandleOf(const Step& step);   // a raw "sock" ({"raw": ...})
  sim::Handle ModelHandleOf(const Descriptor& descriptor) const;
  sim::EventId EventOf(const std::string& name, sim::Pid owner);
  sim::WindowId WindowOf(const std::string& name, sim::Pid owner);
  std::string NameOfHandle(sim::Handle handle) const;
  void BindDescriptor(const Step& step, sim::Pid pid, sim::Handle handle);
  // A descriptor made through the scenario's chain, bound to the step's `as`.
  Observation ChainMade(const Step& step, sim::Pid pid, const ChainOutcome<sim::Handle>& made);

  Observation OpStartup(const Step& step);
  Observation OpCleanup(const Step& step);
  Observation OpSocket(const Step& step);
  Observation OpConnected(const Step& step);
  Observation OpDuplicate(const Step& step);
  Observation OpFromBlob(const Step& step);
  Observation OpCloseSocket(const Step& step);
  Observation OpEnableQos(const Step& step);
  Observation OpBind(const Step& step);
  Observation OpListen(const Step& step);
  Observation OpConnect(const Step& step);
  Observation OpGetSockName(const Step& step);
  Observation OpGetPeerName(const Step& step);
  Observation OpShutdown(const Step& step);
  Observation DescribedBlob(sim::Pid pid, sim::Handle handle) const;
  Observation OpAccept(const Step& step);
  Observation OpSetSockOpt(const Step& step);
  Observation OpGetSockOpt(const Step& step);
  Observation OpFionbio(const Step& step);
  Observation OpEventSelect(const Step& step);
  Observation OpAsyncSelect(const Step& step);
  Observation OpWaitEvent(const Step& step);
  Observation OpWaitMessage(const Step& step);
  Observation OpEnumEvents(const Step& step);
  Observation OpSend(const Step& step);
  Observation OpRecv(const Step& step);
  Observation OpSendTo(const Step& step);
  Observation OpRecvFrom(const Step& step);
  Observation OpIocpCreate(const Step& step);
  Observation OpIocpAssociate(const Step& step);
  Observation OpWaitAsync(const Step& step);
  Observation OpCancel(const Step& step);
  Observation OpExit(const Step& step);
  Observation OpSpawn(const Step& step);
  Observation OpSetInheritable(const Step& step);
  Observation OpFault(const Step& step);
  Observation OpPeerSend(const Step& step);
  Observation OpPeerRecv(const Step& step);
  Observation OpPeerState(const Step& step);
  Observation OpPeerClose(const Step& step);
  Observation OpPeerConnect(const Step& step);
  Observation OpPeerDgram(const Step& step);
  Observation OpPeerSendTo(const Step& step);
  Observation OpPeerRecvFrom(const Step& step);
  // The harness's datagram peers are datagram sockets of a process no step names, started once.
  sim::Pid HarnessProcess();
  // recvfrom by `pid` through `handle`, for recvfrom and peer_recvfrom: `as` names the sender (the
  // zero address when nothing came).
  sim::Outcome<std::string> RecvNamingSender(sim::Pid pid, sim::Handle handle, const std::string& as);
  // A receive's result: its error, or the bytes it read.
  static Observation Received(const sim::Outcome<std::string>& read);

  bool check_invariants_;
  sim::Choices choices_;
  std::vector<uint32_t> reached_per_step_;
  std::vector<sim::RuleSet> rules_per_step_;
  std::vector<bool> undecided_value_per_step_;
  bool undecided_value_ = false;  // set by the handler of the step being executed
  std::unique_ptr<sim::World> world_;
  // The scenario's provider chain (Scenario::chain), when it names one: sockets, duplication,
  // imports and closes then go through it (model_chain.h), and blobs are its structures.
  std::unique_ptr<ModelChain> chain_;
  std::string chain_problem_;  // why the chain could not be built; reported at every step
  std::map<std::string, sim::spi::ProtocolInfo> chain_blobs_;
  std::map<std::string, sim::Pid> processes_;
  std::map<std::string, Descriptor> descriptors_;
  std::map<std::string, sim::BlobId> blobs_;
  std::map<std::string, sim::PeerId> peers_;
  std::map<std::string, sim::Handle> dgram_peers_;  // in the harness process
  sim::Pid harness_process_ = 0;  // 0 until a datagram peer needs it
  std::map<std::string, sim::AddressId> addresses_;
  std::map<std::string, sim::EventId> events_;
  std::map<std::string, sim::WindowId> windows_;
  std::map<std::string, sim::PortId> ports_;
  // An overlapped operation's name: the model's id, and the descriptor it was issued through
  // (cancel's default).
  struct Async {
    sim::AsyncId id = 0;
    sim::Handle via = sim::kInvalidSocket;
  };
  std::map<std::string, Async> asyncs_;
  // Binds the step's `async` to an operation issued through the step's descriptor.
  sim::AsyncId* NewAsync(const Step& step);
  std::vector<std::string> violations_;
  // Invariant checks are budgeted (Execute says why): steps since the last check, and the last step
  // when it was not checked at once (a check names the step after which it found a violation).
  static constexpr size_t kInvariantBudgetPerStep = 256;
  size_t unchecked_steps_ = 0;
  std::string last_step_;
  // `step`: the step just executed; null names last_step_.
  void CheckInvariantsNow(const Step* step);
};

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_RUN_MODEL_BACKEND_H_
