-- wrk script: every request asks for a random token of a file (one per line), so that requests are
-- spread over all the deputies instead of one warm token.
--   wrk -t2 -c16 -d5s -s tests/load/public_page_tokens.lua http://127.0.0.1:PORT -- /d/ /tmp/tokens.txt
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  prefix = args[1]
  tokens = {}
  for line in io.lines(args[2]) do
    tokens[#tokens + 1] = line
  end
  math.randomseed(os.time() * 100 + seed)
end

function request()
  return wrk.format("GET", prefix .. tokens[math.random(#tokens)] .. "/")
end

