-- wrk script: POST /api/simulator/devices/{id}/mo (an MO SMS to the short code 12345, so a webhook) round-robin over
-- MO_COUNT contiguous endpoint ids from MO_FIRST. MO_THREADS must equal wrk -t. MO_DELAY_MS (optional): each connection
-- waits that long before each request (a paced load: about connections × 1000 / (MO_DELAY_MS + latency) MO/s).
-- At the end prints "mo_created N mo_other M" (201s, other answers) to stdout.
local first = tonumber(os.getenv("MO_FIRST"))
local count = tonumber(os.getenv("MO_COUNT"))
local threads = tonumber(os.getenv("MO_THREADS") or "2")
local delay_ms = tonumber(os.getenv("MO_DELAY_MS") or "0")
local token = os.getenv("MO_TOKEN")
local index, all = 0, {}

function setup(thread)
  thread:set("tid", index)
  index = index + 1
  table.insert(all, thread)
end

-- Globals, so that done() can read them from each thread (thread:get).
issued, created, other = 0, 0, 0
local headers

function init(args)
  headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function request()
  local device = first + (issued * threads + tid) % count
  issued = issued + 1
  return wrk.format("POST", "/api/simulator/devices/" .. device .. "/mo", headers,
    '{"dest_address":"12345","payload":"Cellgate webhook benchmark MO ' .. issued .. '"}')
end

if delay_ms > 0 then
  function delay() return delay_ms end
end

function response(status, hdrs, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. (body or "") .. "\n") end
  end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(all) do c = c + t:get("created"); o = o + t:get("other") end
  io.write("mo_created " .. c .. " mo_other " .. o .. "\n")
end
