#pragma once
// Every `ipenforce` subcommand. Each takes the arguments after its name and returns the process
// exit code (cli/exit_codes.h). Each lives in its own <name>_command.cc.

#include <string>
#include <vector>

namespace ipe::cli {

using CommandArgs = std::vector<std::string>;

int RunServe(const CommandArgs& args);       // serve_command.cc
int RunMigrate(const CommandArgs& args);     // migrate_command.cc
int RunUser(const CommandArgs& args);        // user_command.cc
int RunAgency(const CommandArgs& args);      // agency_command.cc
int RunAudit(const CommandArgs& args);       // audit_command.cc
int RunDemo(const CommandArgs& args);        // demo_command.cc
int RunId(const CommandArgs& args);          // id_command.cc
int RunCalendar(const CommandArgs& args);    // calendar_command.cc
int RunRegion(const CommandArgs& args);      // region_command.cc
int RunPlan(const CommandArgs& args);        // plan_command.cc
int RunRules(const CommandArgs& args);       // rules_command.cc
int RunScan(const CommandArgs& args);        // scan_command.cc
int RunScanWorker(const CommandArgs& args);  // scan_worker_command.cc
int RunCorrelate(const CommandArgs& args);   // correlate_command.cc
int RunCases(const CommandArgs& args);       // cases_command.cc
int RunBackup(const CommandArgs& args);      // backup_command.cc
int RunRestore(const CommandArgs& args);     // backup_command.cc
int RunStats(const CommandArgs& args);       // stats_command.cc
int RunCredit(const CommandArgs& args);      // credit_command.cc
int RunOpenApi(const CommandArgs& args);     // openapi_command.cc

/// Dispatches argv to a subcommand; prints the command list for --help or no command.
int RunCli(int argc, char** argv);

}  // namespace ipe::cli
