-- GET /v2/{project}/apic/instances/{id} signed with SDK-HMAC-SHA256, cycling over a file of pre-signed requests
-- (bench/SignRequests.java writes it: one request a line, tab-separated: PATH, then "Name: value" header lines,
-- Host included). Every line has its own instance id, User-Agent and therefore signature.
--   wrk ... -s bench/wrk/aksk.lua URL -- SIGNED_REQUESTS_FILE
local requests = {}
local n = 0
local i = 0

function init(args)
   local file = assert(io.open(args[1], "r"))
   for line in file:lines() do
      local fields = {}
      for f in string.gmatch(line, "[^\t]+") do
         fields[#fields + 1] = f
      end
      if #fields >= 2 then
         n = n + 1
         requests[n] = "GET " .. fields[1] .. " HTTP/1.1\r\n"
            .. table.concat(fields, "\r\n", 2) .. "\r\n\r\n"
      end
   end
   file:close()
   assert(n > 0, "no signed requests in " .. args[1])
   math.randomseed(os.time())
   i = math.random(0, n - 1) -- each wrk run starts somewhere else in the cycle
end

function request()
   i = i + 1
   if i > n then i = 1 end
   return requests[i]
end
