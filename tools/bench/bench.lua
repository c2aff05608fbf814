-- tools/bench/bench.lua: the wrk script of every workload of tools/bench/bench.mjs. A chained
-- workload (refresh rotation, code flow) runs with as many threads as connections (wrk -tN -cN), so
-- that each thread's Lua state drives exactly one connection and keeps one chain per connection;
-- a fixed request (get, post) runs with any number of threads.
--
-- Environment (set by bench.mjs):
--   BENCH_MODE     get | post | refresh | flow
--   BENCH_PATH     request path (get, post, refresh: the token endpoint; flow: the token endpoint)
--   BENCH_BODY     form body (post)
--   BENCH_HEADERS  extra headers, "Name: value" separated by "\n"
--   BENCH_SEEDS    file with one refresh token per line, one per thread (refresh)
--   BENCH_AUTHORIZE authorize path with query, without state (flow); the token body prefix is BENCH_BODY,
--                  to which "&code=…" is appended
--   BENCH_RESULT   file that done() writes the JSON summary to
-- refresh and flow: every response whose status is not the expected one (2xx; 302/303 for the
-- authorize step) counts as an error, as does a response without the token the chain needs.
-- get and post: every status of 400 or more (wrk's own count; see `fixed` below).

local mode = os.getenv("BENCH_MODE") or "get"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY") or ""
local authorizePath = os.getenv("BENCH_AUTHORIZE") or ""

local function parseHeaders(text)
  local h = {}
  for line in string.gmatch(text or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    if name then h[name] = value end
  end
  return h
end
local headers = parseHeaders(os.getenv("BENCH_HEADERS"))

local function urlencode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- main state: the threads, for done()
local threads = {}
local nextId = 1
local seeds = {}
if mode == "refresh" then
  local f = io.open(os.getenv("BENCH_SEEDS"), "r")
  if f then
    for line in f:lines() do if line ~= "" then seeds[#seeds + 1] = line end end
    f:close()
  end
end

function setup(thread)
  thread:set("id", nextId)
  if mode == "refresh" then thread:set("seed", seeds[nextId] or "") end
  threads[#threads + 1] = thread
  nextId = nextId + 1
end

-- thread state
ok = 0        -- responses with the expected status (flow: completed flows)
bad = 0       -- unexpected statuses or missing tokens
statuses = "" -- the first few unexpected statuses, for the report
local step = "authorize"
local refreshToken = nil
local code = nil
local counter = 0

-- get and post send one fixed request. wrk then formats it once, and with no response() function it
-- hands neither headers nor body to Lua (the costliest part of a script, taken from the same two
-- cores as the server under test). wrk checks the status itself: 400 and above counts as an error.
local fixed = mode == "get" or mode == "post"

function init(args)
  if mode == "refresh" then refreshToken = seed end
  if mode == "post" or mode == "refresh" or mode == "flow" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  if fixed then
    wrk.method = mode == "get" and "GET" or "POST"
    wrk.path = path
    for name, value in pairs(headers) do wrk.headers[name] = value end
    if mode == "post" then wrk.body = body end
  end
end

local function fail(status)
  bad = bad + 1
  if #statuses < 60 then statuses = statuses .. tostring(status) .. " " end
end

local function counted()
  ok = ok + 1
end

local function chainedRequest()
  if mode == "refresh" then
    return wrk.format("POST", path, headers, "grant_type=refresh_token&refresh_token=" .. urlencode(refreshToken or ""))
  else -- flow
    if step == "authorize" then
      counter = counter + 1
      return wrk.format("GET", authorizePath .. "&state=s" .. id .. "x" .. counter, {})
    end
    return wrk.format("POST", path, headers, body .. "&code=" .. urlencode(code))
  end
end

local function chainedResponse(status, hdrs, resBody)
  if mode == "refresh" then
    local nextToken = status == 200 and string.match(resBody, '"refresh_token"%s*:%s*"([^"]+)"')
    if nextToken then refreshToken = nextToken; counted() else fail(status) end
  elseif mode == "flow" then
    if step == "authorize" then
      local location = hdrs["Location"] or hdrs["location"] or ""
      local c = (status == 302 or status == 303) and string.match(location, "[?&]code=([^&#]+)")
      if c then
        code = string.gsub(c, "%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end)
        step = "token"
      else
        fail(status)
      end
    else
      step = "authorize"
      if status == 200 and string.find(resBody, '"access_token"', 1, true) then counted() else fail(status) end
    end
  end
end

if not fixed then
  request = chainedRequest
  response = chainedResponse
end

function done(summary, latency, requests)
  local ok, bad, statuses = 0, 0, ""
  for _, t in ipairs(threads) do
    ok = ok + (t:get("ok") or 0)
    bad = bad + (t:get("bad") or 0)
    statuses = statuses .. (t:get("statuses") or "")
  end
  local e = summary.errors
  if fixed then -- no per-response callback: wrk's own count of statuses of 400 and above
    bad = e.status
    ok = summary.requests - e.status
    if bad > 0 then statuses = ">=400 " end
  end
  local out = io.open(os.getenv("BENCH_RESULT"), "w")
  out:write(string.format(
    '{"duration_us":%d,"requests":%d,"bytes":%d,"ok":%d,"unexpected":%d,"unexpected_statuses":"%s",' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"wrk_status_errors":%d,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.duration, summary.requests, summary.bytes, ok, bad, statuses,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
  out:close()
end
