// The rule packs compiled into the binary (see CMakeLists.txt); names are paths under rules/.
#include "rules/pack.h"

namespace ipe::embedded {
extern const char kRulesIp2004[];
extern const unsigned long kRulesIp2004_size;
extern const char kRulesIp2025[];
extern const unsigned long kRulesIp2025_size;
extern const char kRulesGoods[];
extern const unsigned long kRulesGoods_size;
extern const char kRulesTransfer[];
extern const unsigned long kRulesTransfer_size;
extern const char kDeadlinesDecree310[];
extern const unsigned long kDeadlinesDecree310_size;
extern const char kDeadlinesProcuratorate[];
extern const unsigned long kDeadlinesProcuratorate_size;
extern const char kDeadlinesPolice[];
extern const unsigned long kDeadlinesPolice_size;
extern const char kDeadlinesSupervision[];
extern const unsigned long kDeadlinesSupervision_size;
extern const char kCreditDisclosure[];
extern const unsigned long kCreditDisclosure_size;
extern const char kCreditSeriousList[];
extern const unsigned long kCreditSeriousList_size;
extern const char kComplaints[];
extern const unsigned long kComplaints_size;
}  // namespace ipe::embedded

namespace ipe::rules {

std::vector<PackSource> EmbeddedPacks() {
  using namespace ipe::embedded;
  auto src = [](const char* name, const char* data, unsigned long size) {
    return PackSource{name, std::string(data, size)};
  };
  return {
      src("thresholds/ip_2004_2020.rules", kRulesIp2004, kRulesIp2004_size),
      src("thresholds/ip_2025.rules", kRulesIp2025, kRulesIp2025_size),
      src("thresholds/counterfeit_goods.rules", kRulesGoods, kRulesGoods_size),
      src("thresholds/transfer_and_repeat.rules", kRulesTransfer, kRulesTransfer_size),
      src("deadlines/decree310.rules", kDeadlinesDecree310, kDeadlinesDecree310_size),
      src("deadlines/procuratorate.rules", kDeadlinesProcuratorate, kDeadlinesProcuratorate_size),
      src("deadlines/police.rules", kDeadlinesPolice, kDeadlinesPolice_size),
      src("deadlines/supervision.rules", kDeadlinesSupervision, kDeadlinesSupervision_size),
      src("credit/disclosure.rules", kCreditDisclosure, kCreditDisclosure_size),
      src("credit/serious_list.rules", kCreditSeriousList, kCreditSeriousList_size),
      src("complaints/complaints.rules", kComplaints, kComplaints_size),
  };
}

}  // namespace ipe::rules
