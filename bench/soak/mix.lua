-- wrk script for bench/soak/run.sh: a mix of the requests officers make all day — lists with
-- filters, searches, case details — and one write in twenty (a new case, numbered per thread so
-- that none collides). Non-2xx answers are counted and printed at the end (the soak's "errors").
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local reads = {
  "/api/v1/cases?page_size=20",
  "/api/v1/cases?page_size=20&status=open",
  "/api/v1/cases?page_size=20&threshold_met=true",
  "/api/v1/cases?page_size=20&q=%E5%A5%B6%E7%B2%89",
  "/api/v1/cases?page_size=20&page=3",
  "/api/v1/leads?page_size=20",
  "/api/v1/leads?page_size=20&q=%E9%9E%8B",
  "/api/v1/monitoring/hits?page_size=20",
  "/api/v1/agencies?page_size=20",
}

function init(args)
  n = 0
  errors = 0
  writes = 0
  first_error = nil
  cookie = os.getenv("SOAK_COOKIE")
  csrf = os.getenv("SOAK_CSRF")
  case_ids = {}
  for id in string.gmatch(os.getenv("SOAK_CASE_IDS") or "", "%d+") do table.insert(case_ids, id) end
end

function request()
  n = n + 1
  local headers = { ["Cookie"] = cookie }
  if n % 20 == 0 then
    writes = writes + 1
    headers["X-CSRF-Token"] = csrf
    headers["Content-Type"] = "application/json"
    local number = string.format("SOAK-%d-%d", tid, writes)
    local body = '{"case_number":"' .. number .. '","title":"浸泡测试 销售假冒运动鞋案 ' .. number ..
      '","category":"trademark","conduct":"counterfeit_trademark","source":"inspection",' ..
      '"act_date_from":"2024-03-01","goods":"运动鞋 20 双",' ..
      '"amounts_fen":{"illegal_business":' .. (100000 + (n * 7919) % 9000000) .. '},' ..
      '"parties":[{"kind":"company","name":"上海某贸易有限公司","uscc":"91310110666007217T","role":"party"}]}'
    return wrk.format("POST", "/api/v1/cases", headers, body)
  end
  if n % 5 == 0 and #case_ids > 0 then
    return wrk.format("GET", "/api/v1/cases/" .. case_ids[(n % #case_ids) + 1], headers)
  end
  return wrk.format("GET", reads[(n % #reads) + 1], headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    errors = errors + 1
    if first_error == nil then first_error = status .. " " .. string.sub(body, 1, 200) end
  end
end

function done(summary, latency, requests)
  local e, w = 0, 0
  for _, t in ipairs(threads) do
    e = e + (t:get("errors") or 0)
    w = w + (t:get("writes") or 0)
    local fe = t:get("first_error")
    if fe then io.write("first error: " .. fe .. "\n") end
  end
  io.write(string.format("soak: %d requests, %d writes, %d errors (non-2xx), %d socket errors\n",
    summary.requests, w, e,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
