#pragma once
// Row mapping shared by users.cc and sessions.cc.

#include "app/accounts/accounts.h"
#include "storage/db.h"

namespace ipe::app::internal {

/// SELECT list and FROM clause for User rows (u = users, a = agencies).
extern const char* const kUserColumns;
extern const char* const kUserFrom;

/// Reads a User from `row` starting at column `first` (columns as in kUserColumns).
User UserFromRow(const storage::Row& row, size_t first);
Principal PrincipalFromUser(const User& u);

}  // namespace ipe::app::internal
