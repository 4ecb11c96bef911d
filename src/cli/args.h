#pragma once
// A small argument parser shared by every `ipenforce` subcommand.
//
//   Args args(argv_after_subcommand);
//   auto file = args.Value("--brands");        // "--brands F" or "--brands=F"
//   bool json = args.Flag("--json");
//   if (auto err = args.Finish(); !err.empty()) { ... }   // unknown flags / stray values
//   args.positional()                           // everything that is not a flag
//
// Flags must be declared (by being asked for) before Finish(); anything left over is an error, so
// a typo such as --thread instead of --threads never passes silently.

#include <optional>
#include <string>
#include <vector>

namespace ipe::cli {

class Args {
 public:
  explicit Args(std::vector<std::string> argv);

  /// True if the boolean flag is present.
  bool Flag(const std::string& name);
  /// The value of `name` if given ("--name V" or "--name=V").
  std::optional<std::string> Value(const std::string& name);
  /// Every value of a repeatable flag, in order.
  std::vector<std::string> Values(const std::string& name);
  /// True when -h or --help was given.
  bool WantsHelp() const { return help_; }
  /// Everything not consumed by a flag asked for so far. Ask for flags first.
  std::vector<std::string> positional() const;
  /// Error text naming unknown flags, or "" when every flag was asked for.
  std::string Finish() const;

 private:
  std::vector<std::string> argv_;
  std::vector<bool> used_;
  bool help_ = false;
};

}  // namespace ipe::cli
