// Per-stack records of known deviations (fixtures/deviations/<stack>.json; docs/gate.md). A known
// deviation is reported but passes the gate; one that stops happening is a stale record and fails.
#ifndef WSDUP_CONFORMANCE_FORMAT_DEVIATION_RECORD_H_
#define WSDUP_CONFORMANCE_FORMAT_DEVIATION_RECORD_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/format/observation.h"
#include "conformance/format/row_id.h"

namespace wsdup::conformance {

struct KnownDeviation {
  RowId row;
  size_t step = 0;       // 1-based
  std::vector<std::string> rules;
  nlohmann::json expected;  // the row's expect (what the documents say), or null
  nlohmann::json model;     // the model's result
  nlohmann::json observed;  // what the stack did; matched exactly
  std::string note;

  nlohmann::json ToJson() const;
};

struct DeviationRecord {
  std::string path;
  std::string stack;
  std::vector<KnownDeviation> entries;
  // The stack's known behaviours at open points: rule -> behaviours ("choices" in the file).
  std::map<std::string, std::set<std::string>> choices;

  // The entry for the row's step when its recorded observation is `observed`; else null.
  const KnownDeviation* Match(const RowId& row, size_t step, const Observation& observed) const;
};

// A missing file is an empty record; a malformed one throws InputError naming the file and entry.
DeviationRecord LoadDeviationRecord(const std::string& path, const std::string& stack);
// The record a parsed document holds; InputError names `path` and the entry when it is malformed.
DeviationRecord DeviationRecordFromJson(const nlohmann::json& document, const std::string& path,
                                        const std::string& stack);

// Where a stack's record lives: <directory>/<stack>.json, with characters unsafe in file names
// replaced by '_'.
std::string DeviationRecordPath(const std::string& directory, const std::string& stack);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_DEVIATION_RECORD_H_
