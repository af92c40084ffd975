-- The privacy portal addon's own tables. Activation runs this file; it is safe to run
-- again. Deactivation leaves these tables in place: they are records the portal relies on.

-- Every client-area login, written by the UserLogin hook. WHMCS itself keeps only the
-- last one. at is UTC; client_id is 0 when no account was selected at login.
CREATE TABLE IF NOT EXISTS mod_privacyportal_logins (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  user_id INT UNSIGNED NOT NULL,
  client_id INT UNSIGNED NOT NULL DEFAULT 0,
  at DATETIME NOT NULL,
  ip VARCHAR(64) NOT NULL DEFAULT '',
  user_agent VARCHAR(512) NOT NULL DEFAULT '',
  KEY mod_privacyportal_logins_user (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Portal commands already applied to this WHMCS. The portal server inserts a row in the
-- same transaction as the change it makes, so a command retried after a timeout is
-- applied once; the addon only creates the table.
CREATE TABLE IF NOT EXISTS mod_privacyportal_commands (
  command_id VARCHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  applied_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The addon's own settings, for the portal: its access list (WHMCS's Access Control) and
-- the roles that decide. A view, so the portal's database user is granted these rows
-- alone, never the other addons' settings (which may hold their API keys).
CREATE OR REPLACE VIEW mod_privacyportal_settings AS
  SELECT id, setting, value FROM tbladdonmodules WHERE module = 'privacyportal';
