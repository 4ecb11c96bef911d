#pragma once
// 区域协作 (issue 18, seed task 23): the cooperation groups of provinces (京津冀, 长三角, 泛珠三角,
// 丝绸之路经济带 …) and their figures — an indicator summed over the member provinces, in the
// viewer's scope (QueryFigure by province: a provincial officer sees their own agency's share of
// their own province, the other members "不在查看范围"). The groups are seeded from
// data/statistics/cooperation_groups.tsv and edited by the national office (audited).
// docs/statistics.md "Regional cooperation".
//
//   auto f = CooperationFigure(ctx, who, group_id, {"cases_opened", "2025-01", "2025-12", "none", {}});
//   f->total.value  // the members' cases opened, summed

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "app/permissions.h"
#include "app/principal.h"
#include "app/statistics/cooperation_store.h"
#include "app/statistics/statistics.h"
#include "core/status.h"

namespace ipe::app {

/// The national office's writes of regional statistics (groups, meetings, published figures): OK
/// for a holder of `c` whose region is the nation (the records span provinces), PermissionDenied
/// ("无权<action_zh>", or the national-only reason) otherwise.
core::Status RequireNationalOffice(const Principal& who, Capability c, std::string_view action_zh);

/// PermissionDenied without statistics.read; InvalidArgument for a bad page.
core::Result<Page<CooperationGroup>> ListCooperationGroups(Context& ctx, const Principal& who,
                                                           const PageRequest& page);
/// The group, NotFound when none; PermissionDenied without statistics.read.
core::Result<CooperationGroup> GetCooperationGroup(Context& ctx, const Principal& who, int64_t id);

struct CooperationGroupInput {
  std::string name;
  std::string basis;
  std::vector<std::string> members;  // province codes
};

/// Creates a group, audited as cooperation_group.create. InvalidArgument (fields name, basis,
/// members) for an empty or long name, fewer than two members, a code that is not a province, a
/// province given twice; AlreadyExists for a taken name; PermissionDenied but for the office
/// (cooperation.manage) with a national region (a group spans provinces).
core::Result<CooperationGroup> CreateCooperationGroup(Context& ctx, const Principal& who,
                                                      const CooperationGroupInput& in);
/// Renames the group and replaces its members when `version` is the stored one (FailedPrecondition
/// otherwise); members kept keep their source and confidence, new ones are the office's. Audited
/// as cooperation_group.update with before and after. Errors as CreateCooperationGroup's and NotFound.
core::Result<CooperationGroup> UpdateCooperationGroup(Context& ctx, const Principal& who, int64_t id,
                                                      const CooperationGroupInput& in, int64_t version);

struct CooperationMemberFigure {
  CooperationMember member;
  std::string name;        // 北京市
  bool has_records = true; // false where no agency of the system is (Hong Kong, Macao)
  bool in_scope = true;    // the viewer's scope reaches the province
  std::optional<statistics::FigureRow> row;  // none when out of scope or without records
};

struct CooperationGroupFigure {
  CooperationGroup group;
  Figure figure;  // the province figure it was read from (plan, scope label)
  std::vector<CooperationMemberFigure> members;
  statistics::FigureRow total;  // over the members in scope with records
};

/// The indicator over `request`'s months (its group is ignored: the figure is by province) summed
/// over the group's members in the viewer's scope. Errors as QueryFigure's, NotFound for the group.
core::Result<CooperationGroupFigure> CooperationFigure(Context& ctx, const Principal& who, int64_t id,
                                                       const statistics::FigureRequest& request);

}  // namespace ipe::app
