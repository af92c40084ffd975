-- Tables of the WHMCS API stand-in (includes/api.php). They are NOT part of WHMCS: they
-- record what a real WHMCS would do out of sight, so tests can assert on it.
--
-- Load after tests/whmcs/schema.sql, the addon's schema.sql and tests/whmcs/seed.sql.
-- Every statement ends with a semicolon at the end of a line, so the file can be split
-- into statements on ";\n". Times are the stand-in's local time (WHMCS_TIMEZONE), as
-- WHMCS writes its own.

-- Every request to the API, refused ones included, in arrival order. action is what was
-- sent, lower-cased ('' when none); params is the request as JSON with secret, password
-- and accesskey masked; result is 'success' or 'error' (NULL while the call runs, or when
-- the stand-in itself failed); message is the error message; http_status what was
-- answered; ip the caller.
CREATE TABLE standin_api_calls (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  action VARCHAR(64) NOT NULL DEFAULT '',
  params LONGTEXT NOT NULL,
  result VARCHAR(16) DEFAULT NULL,
  message TEXT DEFAULT NULL,
  http_status SMALLINT UNSIGNED DEFAULT NULL,
  ip VARCHAR(64) NOT NULL DEFAULT '',
  at DATETIME NOT NULL,
  KEY standin_api_calls_action (action, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every hook an action fired, with its parameters as JSON (what an addon's hook function
-- would receive). call_id is the standin_api_calls row that fired it.
CREATE TABLE standin_hooks (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  hook VARCHAR(64) NOT NULL,
  params LONGTEXT NOT NULL,
  fired_at DATETIME NOT NULL,
  call_id BIGINT UNSIGNED DEFAULT NULL,
  KEY standin_hooks_hook (hook, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed API authentications (wrong secret) per caller IP. Three within 30 minutes ban
-- the IP in tblbannedips, WHMCS's own table; where WHMCS keeps its count is not part of
-- its documented schema, so this table stands in for it.
CREATE TABLE standin_api_failures (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  ip VARCHAR(64) NOT NULL,
  at DATETIME NOT NULL,
  KEY standin_api_failures_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
