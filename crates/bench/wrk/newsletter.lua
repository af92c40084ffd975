-- PUT /api/me/newsletter from many people at once: wrk's two threads (-t2) share out the sessions
-- in the file named first (one bearer token a line), and each request takes the thread's
-- next session in turn. The second argument is the mode: "toggle" subscribes and
-- unsubscribes in turn, so every write is a change (audited, in the consent history);
-- "same" subscribes each time, a write that changes nothing to record.
local count = 0

function setup(thread)
  thread:set("id", count)
  count = count + 1
end

local mine, subscribed, next_one, toggle = {}, {}, 0, true

function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    if line ~= "" then
      if n % 2 == id % 2 then
        table.insert(mine, line)
        table.insert(subscribed, false)
      end
      n = n + 1
    end
  end
  toggle = args[2] ~= "same"
end

local on = '{"subscribed":true,"segment":"private_person"}'
local off = '{"subscribed":false,"segment":null}'

function request()
  next_one = next_one % #mine + 1
  local now
  if toggle then
    now = not subscribed[next_one]
    subscribed[next_one] = now
  else
    now = true
  end
  return wrk.format("PUT", "/api/me/newsletter", {
    ["Authorization"] = "Bearer " .. mine[next_one],
    ["Content-Type"] = "application/json",
  }, now and on or off)
end
