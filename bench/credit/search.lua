-- wrk script for the public-search load figure (bench/credit/run.sh): each connection walks the
-- request paths of $BENCH_QUERIES (gen_disclosures.py queries.txt) from its own offset, so the
-- mix of name, credit-code, decision-number and person searches and plain pages is spread over
-- all 64 connections. Non-2xx answers are counted and reported at the end.
local paths = {}
for line in io.lines(os.getenv("BENCH_QUERIES")) do paths[#paths + 1] = line end
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  i = offset
  bad = 0
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Accept"] = "application/json" })
end

function response(status, headers, body)
  if status >= 300 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("search: %d paths, non-2xx %d\n", #paths, total))
end
