// ResolveSource: the client address and HTTPS-ness behind trusted proxies (issue 12, points 9, 14).
#include "http/dispatcher.h"

#include <gtest/gtest.h>

namespace ipe::http {
namespace {

DispatcherOptions Proxied() {
  DispatcherOptions o;
  o.trusted_proxies = {"10.0.0.1", "10.0.0.2"};
  return o;
}

TEST(DispatcherSource, Issue12ForwardedHeadersAreIgnoredFromOtherPeers) {
  Source s = ResolveSource(Proxied(), "203.0.113.9", "198.51.100.1", "https");
  EXPECT_EQ(s.client, "203.0.113.9");
  EXPECT_FALSE(s.https);
  s = ResolveSource(DispatcherOptions{}, "127.0.0.1", "198.51.100.1", "https");
  EXPECT_EQ(s.client, "127.0.0.1");
  EXPECT_FALSE(s.https);
}

TEST(DispatcherSource, Issue12ClientIsTheRightMostUntrustedHop) {
  // The client wrote "1.2.3.4" itself; proxy 10.0.0.2 appended what it saw, then 10.0.0.1.
  Source s = ResolveSource(Proxied(), "10.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2", "");
  EXPECT_EQ(s.client, "198.51.100.7");
  EXPECT_FALSE(s.https);
  EXPECT_EQ(ResolveSource(Proxied(), "10.0.0.1", "", "").client, "10.0.0.1");
  EXPECT_EQ(ResolveSource(Proxied(), "10.0.0.1", " , 198.51.100.8 ", "").client, "198.51.100.8");
}

TEST(DispatcherSource, Issue12HttpsFromConfigurationOrTrustedProxy) {
  EXPECT_TRUE(ResolveSource(Proxied(), "10.0.0.1", "198.51.100.7", "HTTPS").https);
  EXPECT_FALSE(ResolveSource(Proxied(), "10.0.0.1", "198.51.100.7", "http").https);
  DispatcherOptions https;
  https.https = true;
  EXPECT_TRUE(ResolveSource(https, "203.0.113.9", "", "").https);
}

}  // namespace
}  // namespace ipe::http
