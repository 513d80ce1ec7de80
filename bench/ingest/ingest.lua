-- wrk script for the ingest benchmark: POSTs one signed GitHub `issues` delivery (action `labeled`)
-- over and over, each with its own X-GitHub-Delivery, and counts the 202 answers.
--
--   wrk -t2 -c32 -d15s --latency -s ingest.lua http://127.0.0.1:PORT/webhooks/github -- BODY_FILE SIGNATURE NONCE
--
-- BODY_FILE  the delivery body, byte for byte what SIGNATURE was computed over
-- SIGNATURE  the X-Hub-Signature-256 value: sha256=<hex HMAC-SHA256 of the body>
-- NONCE      12 hex digits, new for every run, so that runs against the same data dir never repeat an id
--
-- The signature covers only the body, so the body and its signature are computed once; what changes per
-- request is the delivery id, shaped like GitHub's (a GUID): NONCE[1-8]-NONCE[9-12]-4TTT-8000-CCCCCCCCCCCC
-- with TTT the wrk thread and CCCCCCCCCCCC a per-thread counter.
--
-- With a fourth argument `functions`, each request is instead the Azure Functions host's invocation of the
-- handler's `github` function (POST /github, {"Data": {"req": {...}}, "Metadata": {}}) carrying the same
-- delivery, and an acknowledged one is a 200 whose `res` says 202:
--
--   wrk ... -s ingest.lua http://127.0.0.1:PORT/github -- BODY_FILE SIGNATURE NONCE functions
--
-- The last line written by done() is a machine-readable summary that starts with "result ".

local threads = {}

-- Main state: number the threads before they start.
function setup(thread)
    threads[#threads + 1] = thread
    thread:set("thread_id", #threads)
end

-- Per-thread state (globals, so that done() can read them with thread:get).
accepted = 0
other = 0
other_by_status = {}

local head
local tail
local counter = 0
local envelope = false

-- A string as a JSON string literal.
local function json_string(text)
    local escaped = text:gsub('[%c"\\]', function(c)
        if c == '"' then return '\\"' end
        if c == "\\" then return "\\\\" end
        if c == "\n" then return "\\n" end
        if c == "\r" then return "\\r" end
        if c == "\t" then return "\\t" end
        return string.format("\\u%04x", c:byte())
    end)
    return '"' .. escaped .. '"'
end

function init(args)
    local body_file, signature, nonce = args[1], args[2], args[3]
    if not (body_file and signature and nonce) then
        error("usage: wrk ... -s ingest.lua URL -- BODY_FILE SIGNATURE NONCE [functions]")
    end
    if not nonce:match("^%x%x%x%x%x%x%x%x%x%x%x%x$") then
        error("NONCE must be 12 hex digits, got: " .. nonce)
    end

    local file = assert(io.open(body_file, "rb"))
    local body = file:read("*a")
    file:close()

    local id_prefix = nonce:sub(1, 8) .. "-" .. nonce:sub(9, 12) .. "-" .. string.format("4%03x", thread_id) .. "-8000-"
    envelope = args[4] == "functions"
    if envelope then
        -- The delivery id is the last thing in the envelope before its closing brackets.
        local envelope_head = '{"Data":{"req":{"Url":"https://automations-app.example.net/webhooks/github","Method":"POST",'
            .. '"Query":{},"Params":{},"Body":' .. json_string(body) .. ','
            .. '"Headers":{"Content-Type":["application/json"],"User-Agent":["GitHub-Hookshot/bench"],'
            .. '"X-GitHub-Event":["issues"],"X-GitHub-Hook-ID":["512094481"],'
            .. '"X-Hub-Signature-256":["' .. signature .. '"],"X-GitHub-Delivery":["' .. id_prefix
        local envelope_tail = '"]}}},"Metadata":{}}'
        head = table.concat({
            "POST " .. wrk.path .. " HTTP/1.1",
            "Host: " .. wrk.headers["Host"],
            "User-Agent: Azure-Functions-Host/bench",
            "Content-Type: application/json; charset=utf-8",
            "Content-Length: " .. (#envelope_head + 12 + #envelope_tail),
            "X-Azure-Functions-HostVersion: 4.1040.300.0",
            "",
            envelope_head,
        }, "\r\n")
        tail = envelope_tail
        return
    end

    -- The whole request but the end of the delivery id, built once: a request is then one concatenation.
    head = table.concat({
        "POST " .. wrk.path .. " HTTP/1.1",
        "Host: " .. wrk.headers["Host"],
        "User-Agent: GitHub-Hookshot/bench",
        "Accept: */*",
        "Content-Type: application/json",
        "Content-Length: " .. #body,
        "X-GitHub-Event: issues",
        "X-GitHub-Hook-ID: 512094481",
        "X-Hub-Signature-256: " .. signature,
        "X-GitHub-Delivery: " .. id_prefix,
    }, "\r\n")
    tail = "\r\n\r\n" .. body
end

function request()
    counter = counter + 1
    return head .. string.format("%012x", counter) .. tail
end

function response(status, headers, body)
    if (not envelope and status == 202) or (envelope and status == 200 and body:find('"statusCode":202', 1, true)) then
        accepted = accepted + 1
    else
        other = other + 1
        other_by_status[status] = (other_by_status[status] or 0) + 1
    end
end

function done(summary, latency, requests)
    local total_accepted, total_other, by_status = 0, 0, {}
    for _, thread in ipairs(threads) do
        total_accepted = total_accepted + thread:get("accepted")
        total_other = total_other + thread:get("other")
        for status, count in pairs(thread:get("other_by_status")) do
            by_status[status] = (by_status[status] or 0) + count
        end
    end

    local statuses = {}
    for status, count in pairs(by_status) do
        statuses[#statuses + 1] = status .. ":" .. count
    end
    table.sort(statuses)

    local seconds = summary.duration / 1e6
    local errors = summary.errors
    local socket_errors = errors.connect + errors.read + errors.write + errors.timeout

    io.write(string.format(
        "acknowledged (202): %d of %d responses, %.1f/s; non-202: %d%s\n",
        total_accepted, summary.requests, total_accepted / seconds, total_other,
        #statuses > 0 and (" (" .. table.concat(statuses, " ") .. ")") or ""))
    io.write(string.format(
        "latency p50 %.2f ms, p99 %.2f ms; socket errors: connect %d, read %d, write %d, timeout %d\n",
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        errors.connect, errors.read, errors.write, errors.timeout))
    io.write(string.format(
        "result requests=%d accepted=%d non202=%d ack_per_s=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d seconds=%.2f non202_statuses=%s\n",
        summary.requests, total_accepted, total_other, total_accepted / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, socket_errors, seconds,
        #statuses > 0 and table.concat(statuses, ",") or "-"))
end
