#include "sim/open_points.h"

namespace wsdup::sim {

// Behaviour names are a contract: deviation records and docs/clarifications.md use them.
const std::vector<OpenPointInfo>& AllOpenPoints() {
  static const std::vector<OpenPointInfo> points = {
      {OpenPoint::kExitedTargetPid, "DUP-15", {"refused", "accepted"}},
      {OpenPoint::kNonTargetImport, "BLOB-3", {"refused", "imports"}},
      {OpenPoint::kFlagsMismatch, "BLOB-6", {"imports", "refused"}},
      {OpenPoint::kUnconsumedBlobLifetime, "BLOB-7", {"holds_until_target_exits", "holds_nothing"}},
      {OpenPoint::kMixedVariants, "BLOB-10", {"imports", "refused"}},
      {OpenPoint::kImportAfterRestart, "BLOB-11", {"imports", "refused"}},
      {OpenPoint::kLateDatagramBind, "SHARE-7", {"shared", "not_seen_by_other_descriptors"}},
      {OpenPoint::kCloseRegisteringDescriptor, "EVT-7", {"survives", "cancelled"}},
      {OpenPoint::kListenerQueueOnClose, "CLOSE-8", {"reset", "closed_gracefully"}},
      {OpenPoint::kAcceptedInheritance, "INH-4", {"as_listener", "always_inheritable"}},
      {OpenPoint::kImmediateCompletion, "OVL-2", {"at_once", "always_pending"}},
      {OpenPoint::kImportedIoMode, "OVL-7", {"socket_attribute", "import_flags"}},
  };
  return points;
}

const OpenPointInfo& InfoOf(OpenPoint point) { return AllOpenPoints()[static_cast<size_t>(point)]; }

std::optional<OpenPoint> OpenPointOfRule(std::string_view rule) {
  for (const OpenPointInfo& info : AllOpenPoints()) {
    if (info.rule == rule) return info.point;
  }
  return std::nullopt;
}

std::string_view Choices::BehaviourName(OpenPoint point) const {
  return InfoOf(point).behaviours[Of(point)];
}

}  // namespace wsdup::sim
