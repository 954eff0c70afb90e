-- GET /v2/{project}/apic/instances/{id} with X-Auth-Token, cycling over many instance ids so the server reads
-- real state rather than one hot key. Requests are pre-built in init(); nothing is printed per request.
--   wrk ... -s bench/wrk/token.lua URL -- TOKEN PROJECT_ID ID_COUNT [ID_PREFIX]
-- ids are ID_PREFIX .. %06d for 0 .. ID_COUNT-1 (prefix default "bench-"), visited with a stride coprime to
-- ID_COUNT so consecutive requests hit scattered ids.
local requests = {}
local n = 0
local i = 0

function init(args)
   local token = args[1]
   local project = args[2]
   local count = tonumber(args[3] or "10000")
   local prefix = args[4] or "bench-"
   local headers = { ["X-Auth-Token"] = token }
   local stride = 7919 -- a prime; coprime with any count that is not a multiple of it
   if count % stride == 0 then stride = 1 end
   local id = 0
   for k = 1, count do
      local path = string.format("/v2/%s/apic/instances/%s%06d", project, prefix, id)
      requests[k] = wrk.format("GET", path, headers)
      id = (id + stride) % count
   end
   n = count
   math.randomseed(os.time())
   i = math.random(0, n - 1) -- each wrk run starts somewhere else in the cycle
end

function request()
   i = i + 1
   if i > n then i = 1 end
   return requests[i]
end
