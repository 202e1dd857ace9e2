// Random operation sequences over several processes, made from the op table
// (conformance/vocabulary/ops.h) alone: every argument is drawn by its kind, so an op added to the
// table is explored without touching this file. Valid and invalid calls alike: a descriptor name is
// any bound one (closed, failed, another process's), a blob may be reused or meant for someone else,
// processes exit and clean up. Each step is valid scenario format (docs/scenario-format.md) by
// construction; //conformance/explore:case_generator_test loads thousands of cases to hold it to that.
#ifndef WSDUP_CONFORMANCE_EXPLORE_CASE_GENERATOR_H_
#define WSDUP_CONFORMANCE_EXPLORE_CASE_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/explore/given_args.h"
#include "conformance/explore/rng.h"
#include "conformance/format/scenario.h"
#include "conformance/format/step_args.h"
#include "conformance/vocabulary/ops.h"
#include "sim/types.h"

namespace wsdup::conformance::explore {

struct GeneratorOptions {
  size_t max_steps = 20;
  size_t procs = 3;  // "A", "B", ... at most 26
  // Swarm testing (Groce et al., 2012): each case draws its own subset of the alphabet, so ops that
  // would crowd each other out (a close before every import) sometimes stay away.
  bool swarm = true;
  // The ops a case may use, in table order: what the backend performs (OpsPerformedBy).
  std::vector<std::string_view> alphabet;
};

class CaseGenerator {
 public:
  CaseGenerator(const GeneratorOptions& options, uint64_t case_seed);

  // Makes the next step into `step`: its proc, op, as and typed arguments, through the format's own
  // SetStepArg (`args` stays empty: CaseArgs writes the JSON when it is wanted). False when the
  // case is complete (max_steps reached, or no process is left to act).
  bool Next(Step* step);
  // Tells the generator whether the step Next() just made succeeded, when it is run as it is made
  // (RunModelCase): a name bound by a failed call is then picked only as a deliberate misuse.
  void Observe(bool succeeded);

  // The arguments of every step made so far.
  const CaseArgs& Given() const { return given_; }
  CaseArgs TakeGiven() { return std::move(given_); }

  // This case's subset of the alphabet.
  const std::vector<const vocabulary::OpSpec*>& CaseAlphabet() const { return case_alphabet_; }

 private:
  // The kinds of name (bits 1 << ArgKind) with one bound so far, and those with one usable (made,
  // and for a descriptor not closed).
  uint32_t NamedKinds() const;
  uint32_t UsableKinds() const;
  // Draws `op`'s caller and arguments into `step` and given_ (from the current step's start).
  void Make(const vocabulary::OpSpec& op, Step* step);
  GivenArg ValueFor(const vocabulary::ArgSpec& arg, const std::string& caller);
  std::string Pick(const std::vector<std::string>& names) { return names[rng_.Below(names.size())]; }
  // Mostly one of `names` whose holder is `caller` (a descriptor it made, a blob meant for it),
  // so calls succeed often enough to reach deep states; sometimes any, to reach the errors.
  std::string PickMostlyHeldBy(const std::vector<std::string>& names, const std::vector<std::string>& holders,
                               const std::vector<char>& made, const std::string& caller);
  std::string AliveCaller();
  std::string CallerFor(const vocabulary::OpSpec& op);
  std::string HandleName(const std::string& prefix, std::vector<std::string>* used);
  void Note(const vocabulary::OpSpec& op, const Step& step);

  const GeneratorOptions& options_;
  Rng rng_;
  std::vector<const vocabulary::OpSpec*> case_alphabet_;
  std::vector<uint32_t> case_required_;  // the kinds of name each op of case_alphabet_ requires
  std::vector<std::string> procs_;   // every process name of the case
  std::vector<std::string> alive_;   // those that have not exited
  std::vector<std::string> socks_, blobs_, peers_, addresses_;  // names bound so far (whatever the call did)
  std::vector<std::string> dgram_peers_;  // the harness's datagram peers
  // The names bound so far of a name kind (kSock, kBlob, kPeer, kAddress).
  const std::vector<std::string>& PoolOf(vocabulary::ArgKind kind) const;
  std::vector<std::string> events_used_, windows_used_;  // event objects and windows named so far
  // Completion ports and overlapped operations bound so far, and the process each belongs to: a
  // step names only its own caller's (OVL-*).
  std::vector<std::string> ports_, port_owners_, asyncs_, async_owners_;
  // Whether one of `owners` is still alive, and the names of `names` that `caller` owns.
  bool AnyAlive(const std::vector<std::string>& owners) const;
  std::string PickOwned(const std::vector<std::string>& names, const std::vector<std::string>& owners,
                        const std::string& caller);
  std::vector<std::string> sock_holders_;  // the process whose step bound each of socks_
  std::vector<std::string> blob_targets_;  // the target process named by each of blobs_ ("" for a pid)
  // Whether each of socks_ and blobs_ is usable: the step that bound it succeeded and, for a
  // descriptor, no later step closed it. True (1) until told otherwise; char, not bool, so finding
  // a usable one is a byte search.
  std::vector<char> sock_made_, blob_made_;
  // The descriptor (index in socks_) the last step closes if it succeeds; kNoIndex for none.
  static constexpr size_t kNoIndex = ~size_t{0};
  size_t closed_index_ = kNoIndex;
  // The socket each of socks_ and blobs_ stands for, as far as the case's own steps tell: a blob
  // is its duplicated descriptor's socket, an import its blob's. Descriptors of one socket are what
  // sharing is about, so calls mostly prefer them once there are two (SharedSocks).
  std::vector<size_t> sock_socket_, blob_socket_;
  size_t sockets_named_ = 0;
  bool Shared(size_t sock_index) const;
  vocabulary::Binds last_binds_ = vocabulary::Binds::kNothing;
  // The kind of name the last step made (kSock, kBlob), or kString when it made none or failed.
  vocabulary::ArgKind last_made_ = vocabulary::ArgKind::kString;
  std::vector<std::string> prologue_;  // the processes that start up before the random steps
  size_t made_ = 0;
  CaseArgs given_;
  // Reused by Next() and the picks, so drawing allocates nothing once a case is under way.
  std::vector<size_t> scratch_eligible_, scratch_usable_, scratch_follow_ups_;  // indices in case_alphabet_
  std::vector<const std::string*> scratch_names_, scratch_shared_names_;
};

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_CASE_GENERATOR_H_
