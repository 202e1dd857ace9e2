// Open points: where the documents allow several outcomes (docs/clarifications.md). Each one is a
// named choice of the model: its clarification rule in spec/rules.json, the behaviours a stack may
// show, and the model's default (the first). A World is built with one behaviour per open point,
// and it notes which open points a run actually reached, so a judge can follow a stack that took
// another allowed branch (as SibylFS's checker does) instead of judging it against the wrong world.
#ifndef WSDUP_SIM_OPEN_POINTS_H_
#define WSDUP_SIM_OPEN_POINTS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsdup::sim {

enum class OpenPoint : uint8_t {
  kExitedTargetPid,        // DUP-15: WSADuplicateSocket for the pid of an exited process
  kNonTargetImport,        // BLOB-3: a process other than the target presents the blob
  kFlagsMismatch,          // BLOB-6: import flags differ from the source's
  kUnconsumedBlobLifetime, // BLOB-7: does an unconsumed blob keep the socket alive
  kMixedVariants,          // BLOB-10: A blob imported with W, or the reverse
  kImportAfterRestart,     // BLOB-11: import after the target's last WSACleanup and a new startup
  kLateDatagramBind,       // SHARE-7: a bind after duplicating an unbound datagram socket
  kCloseRegisteringDescriptor,  // EVT-7: the descriptor that made the registration closes
  kListenerQueueOnClose,   // CLOSE-8: connections queued on a listener when it dies
  kAcceptedInheritance,    // INH-4: is accept's descriptor inheritable when its listener is not
  kImmediateCompletion,    // OVL-2: an overlapped operation that can complete when issued
  kImportedIoMode,         // OVL-7: overlapped I/O through an import whose flags differ from the source's
  kCount,
};
inline constexpr size_t kOpenPointCount = static_cast<size_t>(OpenPoint::kCount);

struct OpenPointInfo {
  OpenPoint point;
  std::string_view rule;                     // the clarification rule's ID
  std::vector<std::string_view> behaviours;  // [0] is the model's default
};

const std::vector<OpenPointInfo>& AllOpenPoints();
const OpenPointInfo& InfoOf(OpenPoint point);
std::optional<OpenPoint> OpenPointOfRule(std::string_view rule);

// One behaviour index per open point; all zero is the model's default world.
class Choices {
 public:
  uint8_t Of(OpenPoint point) const { return chosen_[static_cast<size_t>(point)]; }
  bool Is(OpenPoint point, uint8_t behaviour) const { return Of(point) == behaviour; }
  void Set(OpenPoint point, uint8_t behaviour) { chosen_[static_cast<size_t>(point)] = behaviour; }
  std::string_view BehaviourName(OpenPoint point) const;
  bool operator==(const Choices& other) const { return chosen_ == other.chosen_; }

 private:
  std::array<uint8_t, kOpenPointCount> chosen_{};
};

// Bit per OpenPoint, for the set of points a run reached.
inline constexpr uint32_t Bit(OpenPoint point) { return 1u << static_cast<uint32_t>(point); }

// Behaviour indices, named where the model branches on them.
namespace behaviour {
inline constexpr uint8_t kDefault = 0;
// DUP-15
inline constexpr uint8_t kExitedPidAccepted = 1;
// BLOB-3, BLOB-6, BLOB-10, BLOB-11 (refuse and accept; BLOB-3's default refuses, the others accept)
inline constexpr uint8_t kNonTargetImports = 1;
inline constexpr uint8_t kMismatchRefused = 1;
// BLOB-7
inline constexpr uint8_t kBlobHoldsNoReference = 1;
// SHARE-7
inline constexpr uint8_t kBindNotSeenByOthers = 1;
// EVT-7
inline constexpr uint8_t kRegistrationCancelled = 1;
// CLOSE-8
inline constexpr uint8_t kQueuedClosedGracefully = 1;
// INH-4
inline constexpr uint8_t kAcceptedAlwaysInheritable = 1;
// OVL-2
inline constexpr uint8_t kAlwaysPending = 1;
// OVL-7
inline constexpr uint8_t kImportFlagsDecide = 1;
}  // namespace behaviour

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_OPEN_POINTS_H_
