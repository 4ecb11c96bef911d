#include "http/body_guard.h"

#include <algorithm>
#include <cctype>

namespace ipe::http {
namespace {

constexpr size_t kMaxTargetBytes = 8192;  // longer targets are judged by their first 8 KiB
constexpr size_t kMaxFieldBytes = 32;
constexpr size_t kMaxValueBytes = 8192;

BodyGuard* Self(http_parser* p) { return static_cast<BodyGuard*>(p->data); }

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

bool BodyBudget::TryTake(uint64_t n) {
  uint64_t used = used_.load(std::memory_order_relaxed);
  do {
    if (used + n > capacity_) return false;
  } while (!used_.compare_exchange_weak(used, used + n, std::memory_order_relaxed));
  return true;
}

// Same shapes as the dispatcher's checks: "ipe_session=<64 hex>" and "Bearer ipe_<64 hex>".
bool CookieHasSession(std::string_view cookie) {
  constexpr std::string_view kName = "ipe_session=";
  size_t pos = 0;
  while ((pos = cookie.find(kName, pos)) != std::string_view::npos) {
    bool at_start = pos == 0 || cookie[pos - 1] == ' ' || cookie[pos - 1] == ';';
    std::string_view v = cookie.substr(pos + kName.size(), 64);
    if (at_start && v.size() == 64 && IsHex(v)) return true;
    pos += kName.size();
  }
  return false;
}

bool AuthorizationHasToken(std::string_view a) {
  return a.size() == 7 + 68 && a.substr(0, 11) == "Bearer ipe_" && IsHex(a.substr(11));
}

BodyGuard::BodyGuard(const BodyLimitFn* limit, BodyBudget* budget)
    : limit_fn_(limit), budget_(budget) {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
  http_parser_settings_init(&settings_);
  settings_.on_message_begin = &OnMessageBegin;
  settings_.on_url = &OnUrl;
  settings_.on_header_field = &OnHeaderField;
  settings_.on_header_value = &OnHeaderValue;
  settings_.on_headers_complete = &OnHeadersComplete;
  settings_.on_body = &OnBody;
  settings_.on_message_complete = &OnMessageComplete;
}

BodyGuard::~BodyGuard() { ReleaseCharge(); }

void BodyGuard::ReleaseCharge() {
  if (charged_ > 0) budget_->Give(charged_);
  charged_ = 0;
}

BodyGuard::Verdict BodyGuard::Feed(const char* data, size_t n) {
  if (verdict_ != Verdict::kPass || gave_up_ || n == 0) return verdict_;
  size_t used = http_parser_execute(&parser_, &settings_, data, n);
  if (verdict_ != Verdict::kPass) {
    ReleaseCharge();
    return verdict_;
  }
  if (used != n || HTTP_PARSER_ERRNO(&parser_) != HPE_OK || parser_.upgrade) {
    // Not HTTP we understand (or an upgrade): RESTinio's parser decides; we stop judging.
    gave_up_ = true;
    ReleaseCharge();
  }
  return verdict_;
}

int BodyGuard::OnMessageBegin(http_parser* p) {
  BodyGuard* g = Self(p);
  g->ReleaseCharge();
  g->target_.clear();
  g->field_.clear();
  g->value_.clear();
  g->in_value_ = false;
  g->credentials_ = false;
  g->limit_ = 0;
  g->body_ = 0;
  return 0;
}

int BodyGuard::OnUrl(http_parser* p, const char* at, size_t n) {
  BodyGuard* g = Self(p);
  g->target_.append(at,
                    std::min(n, kMaxTargetBytes - std::min(kMaxTargetBytes, g->target_.size())));
  return 0;
}

void BodyGuard::EndHeader() {
  if (field_ == "cookie" && CookieHasSession(value_)) credentials_ = true;
  if (field_ == "authorization" && AuthorizationHasToken(value_)) credentials_ = true;
  field_.clear();
  value_.clear();
  in_value_ = false;
}

int BodyGuard::OnHeaderField(http_parser* p, const char* at, size_t n) {
  BodyGuard* g = Self(p);
  if (g->in_value_) g->EndHeader();
  for (size_t i = 0; i < n && g->field_.size() < kMaxFieldBytes; ++i) {
    g->field_ += static_cast<char>(std::tolower(static_cast<unsigned char>(at[i])));
  }
  return 0;
}

int BodyGuard::OnHeaderValue(http_parser* p, const char* at, size_t n) {
  BodyGuard* g = Self(p);
  g->in_value_ = true;
  if (g->field_ == "cookie" || g->field_ == "authorization") {
    g->value_.append(at, std::min(n, kMaxValueBytes - std::min(kMaxValueBytes, g->value_.size())));
  }
  return 0;
}

int BodyGuard::OnHeadersComplete(http_parser* p) {
  BodyGuard* g = Self(p);
  if (g->in_value_) g->EndHeader();
  g->limit_ = (*g->limit_fn_)(http_method_str(static_cast<http_method>(p->method)), g->target_,
                              g->credentials_);
  bool declared =
      p->content_length != ULLONG_MAX && p->content_length > 0 && !(p->flags & F_CHUNKED);
  if (declared) {
    if (p->content_length > g->limit_) {
      g->verdict_ = Verdict::kTooLarge;
      return -1;
    }
    // RESTinio reserves the declared length as soon as the headers are in: count it now.
    if (!g->budget_->TryTake(p->content_length)) {
      g->verdict_ = Verdict::kBusy;
      return -1;
    }
    g->charged_ = p->content_length;
  }
  return 0;
}

int BodyGuard::OnBody(http_parser* p, const char*, size_t n) {
  BodyGuard* g = Self(p);
  g->body_ += n;
  if (g->body_ > g->limit_) {
    g->verdict_ = Verdict::kTooLarge;
    return -1;
  }
  if (g->body_ > g->charged_) {
    uint64_t more = g->body_ - g->charged_;
    if (!g->budget_->TryTake(more)) {
      g->verdict_ = Verdict::kBusy;
      return -1;
    }
    g->charged_ += more;
  }
  return 0;
}

int BodyGuard::OnMessageComplete(http_parser* p) {
  // From here the server counts the body it hands to a worker (server.cc) until the response.
  Self(p)->ReleaseCharge();
  return 0;
}

}  // namespace ipe::http
