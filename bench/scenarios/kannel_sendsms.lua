-- wrk script: Kannel's smsbox GET /cgi-bin/sendsms, round-robin over KANNEL_COUNT recipients from KANNEL_FIRST (MSISDN
-- digits), each SMS a one-part GSM text from an international sender — the same text as sms_submit.lua sends to
-- Cellgate. Kannel answers 202 "0: Accepted for delivery" once bearerbox has taken the message (into its store file).
local first = tonumber(os.getenv("KANNEL_FIRST"))
local count = tonumber(os.getenv("KANNEL_COUNT"))
local user = os.getenv("KANNEL_USER")
local password = os.getenv("KANNEL_PASSWORD")
local threads = tonumber(os.getenv("SMS_THREADS") or "2")
local index = 0

function setup(thread)
  thread:set("tid", index)
  index = index + 1
end

local issued, other = 0, 0

function request()
  local to = first + (issued * threads + tid) % count
  issued = issued + 1
  return wrk.format("GET", "/cgi-bin/sendsms?username=" .. user .. "&password=" .. password ..
    "&from=%2B4912345678&to=%2B" .. to .. "&text=Cellgate+benchmark+SMS+number+" .. issued)
end

function response(status, hdrs, body)
  if status ~= 202 then
    other = other + 1
    if other <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. (body or "") .. "\n") end
  end
end
