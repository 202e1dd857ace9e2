// Which row: the family (its table file's stem, "dup" for fixtures/dup.json) and the scenario's
// name. Names are unique within a family only, so a row is never named by its scenario alone.
#ifndef WSDUP_CONFORMANCE_FORMAT_ROW_ID_H_
#define WSDUP_CONFORMANCE_FORMAT_ROW_ID_H_

#include <string>
#include <tuple>

namespace wsdup::conformance {

struct RowId {
  std::string family;
  std::string scenario;

  // "dup/dup-for-self", as reports and documents name a row.
  std::string Label() const { return family + "/" + scenario; }

  friend bool operator==(const RowId& a, const RowId& b) {
    return std::tie(a.family, a.scenario) == std::tie(b.family, b.scenario);
  }
  friend bool operator!=(const RowId& a, const RowId& b) { return !(a == b); }
  friend bool operator<(const RowId& a, const RowId& b) {
    return std::tie(a.family, a.scenario) < std::tie(b.family, b.scenario);
  }
};

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_ROW_ID_H_
