#include "conformance/format/deviation_record.h"

#include <cctype>
#include <fstream>

#include "conformance/format/safe_json.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance {

using json = nlohmann::json;

json KnownDeviation::ToJson() const {
  json out = json::object();
  out["family"] = row.family;
  out["scenario"] = row.scenario;
  out["step"] = step;
  out["rules"] = rules;
  out["expected"] = expected;
  out["model"] = model;
  out["observed"] = observed;
  out["note"] = note;
  return out;
}

const KnownDeviation* DeviationRecord::Match(const RowId& row, size_t step, const Observation& observed) const {
  const json written = observed.ToJson();  // records hold observations as traces write them
  for (const KnownDeviation& entry : entries) {
    if (entry.row == row && entry.step == step && entry.observed == written) {
      return &entry;
    }
  }
  return nullptr;
}

std::string DeviationRecordPath(const std::string& directory, const std::string& stack) {
  std::string file = stack;
  for (char& c : file) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return directory + "/" + file + ".json";
}

DeviationRecord LoadDeviationRecord(const std::string& path, const std::string& stack) {
  DeviationRecord record;
  record.path = path;
  record.stack = stack;
  // No file is a stack without known deviations, not an error (the CLI asks for --no-records).
  if (!std::ifstream(path)) return record;
  return DeviationRecordFromJson(ReadJsonFile(path), path, stack);
}

DeviationRecord DeviationRecordFromJson(const json& document, const std::string& path, const std::string& stack) {
  DeviationRecord record;
  record.path = path;
  record.stack = stack;
  if (!document.is_object() || !document.contains("deviations") || !document["deviations"].is_array()) {
    throw InputError(path + ": a deviation record is {\"stack\": ..., \"deviations\": [...]}");
  }
  const auto named = document.find("stack");
  if (named == document.end() || !named->is_string() || *named != stack) {
    throw InputError(path + ": records stack " + (named == document.end() ? std::string("(none)") : Dump(*named)) +
                     ", not \"" + stack + "\"");
  }
  if (const auto choices = document.find("choices"); choices != document.end()) {
    if (!choices->is_object()) throw InputError(path + ": \"choices\" maps an open point's rule to its behaviours");
    for (const auto& [rule, behaviours] : choices->items()) {
      const json list = behaviours.is_string() ? json::array({behaviours}) : behaviours;
      if (!list.is_array()) throw InputError(path + ": choices of " + rule + ": a behaviour or a list of them");
      for (const json& behaviour : list) {
        if (!behaviour.is_string()) throw InputError(path + ": choices of " + rule + ": behaviours are strings");
        record.choices[rule].insert(behaviour.get<std::string>());
      }
    }
  }
  const json& entries = document["deviations"];
  for (size_t i = 0; i < entries.size(); ++i) {
    const json& entry = entries[i];
    const std::string where = path + ": deviation " + std::to_string(i + 1);
    if (!entry.is_object()) throw InputError(where + ": must be an object");
    KnownDeviation known;
    try {
      known.row.family = entry.at("family").get<std::string>();
      known.row.scenario = entry.at("scenario").get<std::string>();
      known.step = entry.at("step").get<size_t>();
      known.rules = entry.value("rules", std::vector<std::string>{});
      known.expected = entry.value("expected", json(nullptr));
      known.model = entry.value("model", json(nullptr));
      known.observed = entry.at("observed");
      known.note = entry.value("note", "");
    } catch (const json::exception& error) {
      throw InputError(where + ": needs family, scenario, step (a number) and observed: " + error.what());
    }
    if (known.step == 0) throw InputError(where + ": steps count from 1");
    // All three reach report lines (a stale record is listed by them): nothing may forge a line.
    for (const std::string* text : {&known.row.family, &known.row.scenario, &known.note}) {
      if (!IsPrintableText(*text)) throw InputError(where + ": family, scenario and note must be printable text");
    }
    record.entries.push_back(std::move(known));
  }
  return record;
}

}  // namespace wsdup::conformance
