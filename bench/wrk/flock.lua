-- wrk script for ./flock bench: wrk -t2 -c N -s flock.lua URL -- OP SESSIONS_FILE SEED THREADS
--
-- OP: FEED, EXPLORE, POST, REPLY, LOGIN, FOLLOW, LIKE, MIX (80% FEED, 10% POST, 5% FOLLOW pair, 5% LOGIN, fixed seed) or
-- WARM (90% FEED, 9% FOLLOW pair, 1% LOGIN and no POST, so that warming up does not change the feeds).
-- SESSIONS_FILE: "user session csrf followTarget targetsPost" per line, written by `Main sessions`, which signed
-- each user in through the login form (GET /login, then POST the signin form with the _csrf field)
-- and read the token of the signed-in user's forms (bound to the session) from a page.
--
-- wrk keeps one Lua state per thread, not per connection, and does not say which connection a
-- response belongs to. So each thread owns N/THREADS users (one per connection), hands a free user to
-- each request and takes it back when the response names it (the user in the page header, the user in
-- a redirect), so a user never has two requests in flight; a POST's redirect names nobody, so it
-- returns the oldest user with a POST in flight.
--
-- Every response must carry its marker, or it counts as an error (marker_errors):
--   FEED   200, the signed-in user's own "@user" link and at least one <article class="post" ...
--   EXPLORE the same, on /explore (everyone's posts), with its "Everyone's posts" section
--   POST   303 to /?notice=posted
--   REPLY  a reply to the target's newest post from its page's reply form: 303 to
--          /posts/<id>?notice=replied
--   LOGIN  303 to the "next" page /users/<user> (with a new flock_session cookie)
--   FOLLOW 303 to /users/<target>?notice=followed, then ?notice=unfollowed
--   LIKE   like then unlike the target's newest post: each 303 back to /users/<target>#post-<id>

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    if c == " " then return "+" end
    return string.format("%%%02X", string.byte(c))
  end))
end

local function form(pairs)
  local parts = {}
  for _, pair in ipairs(pairs) do
    table.insert(parts, urlencode(pair[1]) .. "=" .. urlencode(pair[2]))
  end
  return table.concat(parts, "&")
end

local FORM = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function init(args)
  op = args[1]
  local file = args[2]
  math.randomseed(tonumber(args[3] or "42") + 1000 * id)
  local threads_total = tonumber(args[4] or "2")
  marker_errors = 0
  overlaps = 0
  users, free, inflight, by_name, by_target = {}, {}, {}, {}, {}
  local index = 0
  for line in io.lines(file) do
    local name, session, csrf, target, post = line:match("^(%S+) (%S+) (%S+) (%S+) (%S+)")
    if name and index % threads_total == id then
      local u = { name = name, target = target, follow_next = true, pending_unfollow = false, like_next = true }
      local cookie = "flock_session=" .. session .. "; flock_csrf=" .. csrf
      local text = name .. " says hello from wrk "
      while #text < 100 do text = text .. "0123456789 " end
      text = text:sub(1, 100)
      u.feed = wrk.format("GET", "/", { Cookie = cookie })
      u.explore = wrk.format("GET", "/explore", { Cookie = cookie })
      u.post = wrk.format("POST", "/index.xhtml", { Cookie = cookie, ["Content-Type"] = FORM["Content-Type"] },
        form({ { "compose", "compose" }, { "_csrf", csrf }, { "compose:text", text },
               { "compose:submit", "Post" }, { "jakarta.faces.ViewState", "stateless" } }))
      u.login = wrk.format("POST", "/login", { Cookie = "flock_csrf=" .. csrf, ["Content-Type"] = FORM["Content-Type"] },
        form({ { "signin", "signin" }, { "_csrf", csrf }, { "next", "/users/" .. name },
               { "signin:username", name }, { "signin:password", "Passw0rd1" },
               { "signin:submit", "Sign in" }, { "jakarta.faces.ViewState", "stateless" } }))
      u.follow = wrk.format("POST", "/profile.xhtml", { Cookie = cookie, ["Content-Type"] = FORM["Content-Type"] },
        form({ { "follow", "follow" }, { "_csrf", csrf }, { "name", target },
               { "follow:follow", "Follow" }, { "jakarta.faces.ViewState", "stateless" } }))
      u.unfollow = wrk.format("POST", "/profile.xhtml", { Cookie = cookie, ["Content-Type"] = FORM["Content-Type"] },
        form({ { "follow", "follow" }, { "_csrf", csrf }, { "name", target },
               { "follow:unfollow", "Unfollow" }, { "jakarta.faces.ViewState", "stateless" } }))
      u.reply = wrk.format("POST", "/thread.xhtml", { Cookie = cookie, ["Content-Type"] = FORM["Content-Type"] },
        form({ { "reply", "reply" }, { "_csrf", csrf }, { "id", post }, { "reply:text", text },
               { "reply:submit", "Reply" }, { "jakarta.faces.ViewState", "stateless" } }))
      for _, kind in ipairs({ "like", "unlike" }) do
        u[kind] = wrk.format("POST", "/like", { Cookie = cookie, ["Content-Type"] = FORM["Content-Type"] },
          form({ { "like", "like" }, { "_csrf", csrf }, { "back", "/users/" .. target },
                 { "like:" .. kind, post }, { "jakarta.faces.ViewState", "stateless" } }))
      end
      table.insert(users, u)
      table.insert(free, u)
      by_name[name] = u
      by_target[target] = u
    end
    index = index + 1
  end
  next_user = 1
  -- wrk calls request() once on thread 0 before the run, to check for pipelining: answer it without
  -- taking a user
  verifying = id == 0
  if #users == 0 then
    error("no users for thread " .. id .. " in " .. file .. " (more connections than signed-in users?)")
  end
end

local function kind_for(u)
  if op == "FOLLOW" then
    return u.follow_next and "FOLLOW" or "UNFOLLOW"
  end
  if op == "LIKE" then
    return u.like_next and "LIKE" or "UNLIKE"
  end
  if op == "MIX" or op == "WARM" then
    if u.pending_unfollow then
      return "UNFOLLOW"
    end
    local r = math.random(100)
    if op == "WARM" then
      -- the JIT's warm-up: mostly pages; a sign-in costs ~15 feed pages of CPU (the KDF), so few of them
      if r <= 90 then return "FEED" end
      if r <= 99 then return "FOLLOW" end
      return "LOGIN"
    end
    if r <= 80 then return "FEED" end
    if r <= 90 then return "POST" end
    if r <= 95 then return "FOLLOW" end
    return "LOGIN"
  end
  return op
end

function request()
  if verifying then
    verifying = false
    return users[1].feed
  end
  local u = table.remove(free)
  if not u then
    -- every user has a request in flight (a connection was reset and its answer never came)
    overlaps = overlaps + 1
    u = users[next_user]
    next_user = next_user % #users + 1
  end
  local kind = kind_for(u)
  if kind == "FOLLOW" then u.pending_unfollow = true elseif kind == "UNFOLLOW" then u.pending_unfollow = false end
  table.insert(inflight, { user = u, kind = kind })
  if kind == "FEED" then return u.feed end
  if kind == "EXPLORE" then return u.explore end
  if kind == "POST" then return u.post end
  if kind == "REPLY" then return u.reply end
  if kind == "LOGIN" then return u.login end
  if kind == "FOLLOW" then return u.follow end
  if kind == "LIKE" then return u.like end
  if kind == "UNLIKE" then return u.unlike end
  return u.unfollow
end

-- Removes and returns the in-flight entry of user u (or, with u nil, of the first entry whose kind
-- is wanted; or the oldest).
local function take(u, wanted)
  for i, entry in ipairs(inflight) do
    if (u and entry.user == u) or (not u and wanted and entry.kind == wanted) then
      return table.remove(inflight, i)
    end
  end
  return table.remove(inflight, 1)
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  local me = body and body:match('class="me" href="/users/([%w_]+)"')
  local target, notice = location:match("/users/([%w_]+)%?notice=(%a+)")
  local next_user_name = location:match("/users/([%w_]+)$")
  local liked_target = location:match("/users/([%w_]+)#post%-")
  local replied = location:find("?notice=replied", 1, true) ~= nil
  local entry
  if me then
    entry = take(by_name[me])
  elseif target then
    entry = take(by_target[target])
  elseif liked_target then
    entry = take(by_target[liked_target])
  elseif next_user_name then
    entry = take(by_name[next_user_name])
  elseif replied then
    entry = take(nil, "REPLY") -- like a post's, the redirect names nobody
  else
    entry = take(nil, "POST")
  end
  if not entry then
    marker_errors = marker_errors + 1
    return
  end
  local u, kind, ok = entry.user, entry.kind, false
  if kind == "FEED" then
    ok = status == 200 and me == u.name and body:find('<article class="post"', 1, true) ~= nil
  elseif kind == "EXPLORE" then
    ok = status == 200 and me == u.name and body:find('<article class="post"', 1, true) ~= nil
      and body:find('aria-label="Everyone', 1, true) ~= nil
  elseif kind == "POST" then
    ok = status == 303 and location:find("notice=posted", 1, true) ~= nil
  elseif kind == "REPLY" then
    ok = status == 303 and replied
  elseif kind == "LOGIN" then
    -- only a sign-in that worked goes on to "next" (a wrong one shows the form again); the new
    -- session cookie is one of several Set-Cookie headers, of which wrk's table keeps one
    ok = status == 303 and next_user_name == u.name
  elseif kind == "LIKE" or kind == "UNLIKE" then
    -- both are idempotent: a pair cut short by the end of a run leaves nothing out of step
    ok = status == 303 and liked_target == u.target
    if ok then u.like_next = kind == "UNLIKE" end
  elseif kind == "FOLLOW" or kind == "UNFOLLOW" then
    ok = status == 303 and target == u.target and notice == (kind == "FOLLOW" and "followed" or "unfollowed")
    if ok then
      u.follow_next = kind == "UNFOLLOW"
    elseif body and body:find('name="follow:unfollow"', 1, true) then
      u.follow_next, u.pending_unfollow = false, op ~= "FOLLOW" -- out of step: the page shows which button is next
    elseif body and body:find('name="follow:follow"', 1, true) then
      u.follow_next, u.pending_unfollow = true, false
    end
  end
  if not ok then
    marker_errors = marker_errors + 1
    if marker_errors <= 3 then
      io.stderr:write(string.format("marker missing: %s by %s: status %d, location '%s', %d bytes\n",
        kind, u.name, status, location, body and #body or 0))
    end
  end
  table.insert(free, u)
end

function done(summary, latency, requests)
  local markers, overlapping = 0, 0
  for _, thread in ipairs(threads) do
    markers = markers + (thread:get("marker_errors") or 0)
    overlapping = overlapping + (thread:get("overlaps") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d marker_errors=%d overlaps=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, markers, overlapping))
end
