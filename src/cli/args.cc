#include "cli/args.h"

namespace ipe::cli {

Args::Args(std::vector<std::string> argv) : argv_(std::move(argv)), used_(argv_.size(), false) {
  for (size_t i = 0; i < argv_.size(); ++i) {
    if (argv_[i] == "-h" || argv_[i] == "--help") {
      help_ = true;
      used_[i] = true;
    }
  }
}

bool Args::Flag(const std::string& name) {
  bool found = false;
  for (size_t i = 0; i < argv_.size(); ++i) {
    if (!used_[i] && argv_[i] == name) {
      used_[i] = true;
      found = true;
    }
  }
  return found;
}

std::optional<std::string> Args::Value(const std::string& name) {
  std::vector<std::string> all = Values(name);
  if (all.empty()) return std::nullopt;
  return all.back();
}

std::vector<std::string> Args::Values(const std::string& name) {
  std::vector<std::string> out;
  const std::string prefix = name + "=";
  for (size_t i = 0; i < argv_.size(); ++i) {
    if (used_[i]) continue;
    if (argv_[i] == name && i + 1 < argv_.size()) {
      used_[i] = used_[i + 1] = true;
      out.push_back(argv_[i + 1]);
      ++i;
    } else if (argv_[i].rfind(prefix, 0) == 0) {
      used_[i] = true;
      out.push_back(argv_[i].substr(prefix.size()));
    }
  }
  return out;
}

std::vector<std::string> Args::positional() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < argv_.size(); ++i) {
    // "-" alone means standard input and is a positional value.
    if (!used_[i] && (argv_[i].size() < 2 || argv_[i][0] != '-')) out.push_back(argv_[i]);
  }
  return out;
}

std::string Args::Finish() const {
  std::string err;
  for (size_t i = 0; i < argv_.size(); ++i) {
    if (!used_[i] && argv_[i].size() >= 2 && argv_[i][0] == '-') {
      if (!err.empty()) err += ", ";
      err += argv_[i];
    }
  }
  return err.empty() ? err : "未知选项 (unknown option): " + err;
}

}  // namespace ipe::cli
