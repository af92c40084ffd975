<?php
// Checks the WHMCS API stand-in (includes/api.php) with real HTTP calls against a fresh
// fixture database, and prints one line per check: "ok - ..." or "FAIL - ...".
//
// Usage:
//   php tests/whmcs/api/selftest.php --database NAME \
//       [--dsn 'mysql:host=127.0.0.1;port=3306;charset=utf8'] [--db-user root] [--db-password '']
// NAME is dropped and created again, loaded with tests/whmcs/schema.sql, the addon's
// schema.sql, tests/whmcs/seed.sql and tests/whmcs/api/schema.sql, and left in place
// afterwards to look at. The stand-in runs under `php -S` on a free port of 127.0.0.1
// while the checks run. Exit 0 when every check passed, 1 otherwise.

if (PHP_SAPI !== 'cli') {
    http_response_code(404);
    exit;
}

error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    if (!(error_reporting() & $severity)) {
        return false; // silenced with @ on purpose
    }
    throw new ErrorException($message, 0, $severity, $file, $line);
});

const SECRET = 'pp-test-secret';
const TIMEZONE = 'Europe/Oslo';

$options = getopt('', ['database:', 'dsn:', 'db-user:', 'db-password:']);
if (!isset($options['database']) || !preg_match('/^\w+$/', $options['database'])) {
    fwrite(STDERR, "usage: php selftest.php --database NAME [--dsn DSN] [--db-user USER] [--db-password PASSWORD]\n");
    exit(2);
}
$database = $options['database'];
$dsn = $options['dsn'] ?? 'mysql:host=127.0.0.1;port=3306;charset=utf8';
$dbUser = $options['db-user'] ?? 'root';
$dbPassword = $options['db-password'] ?? '';
if (stripos($dsn, 'dbname=') !== false) {
    fwrite(STDERR, "--dsn names the server only; the database is --database\n");
    exit(2);
}
date_default_timezone_set(TIMEZONE);

$root = dirname(__DIR__, 3);
// Rows as strings, as the mysql client shows them.
$pdoOptions = [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
    PDO::ATTR_STRINGIFY_FETCHES => true];
$server = new PDO($dsn, $dbUser, $dbPassword, $pdoOptions);
$server->exec("DROP DATABASE IF EXISTS `$database`");
$server->exec("CREATE DATABASE `$database` CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci");
$db = new PDO("$dsn;dbname=$database", $dbUser, $dbPassword, $pdoOptions);
foreach (['tests/whmcs/schema.sql', 'integrations/whmcs/modules/addons/privacyportal/schema.sql',
    'tests/whmcs/seed.sql', 'tests/whmcs/api/schema.sql'] as $file) {
    foreach (explode(";\n", (string) file_get_contents("$root/$file")) as $statement) {
        $statement = trim($statement);
        $code = array_filter(explode("\n", $statement), function ($line) {
            return trim($line) !== '' && strpos(ltrim($line), '--') !== 0;
        });
        if ($code !== []) {
            $db->exec(rtrim($statement, ';'));
        }
    }
}
$db->exec('SET NAMES utf8mb4');

// The stand-in, on a free port.
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$serverLog = tempnam(sys_get_temp_dir(), 'whmcs-api-standin-');
$process = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", '-t', __DIR__],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', $serverLog, 'a'], 2 => ['file', $serverLog, 'a']],
    $pipes, __DIR__, [
        'WHMCS_DATABASE' => $database,
        'WHMCS_DSN' => $dsn,
        'WHMCS_DB_USER' => $dbUser,
        'WHMCS_DB_PASSWORD' => $dbPassword,
        'WHMCS_API_ACCESS_KEY' => 'selftest-(key)!',
        'WHMCS_TIMEZONE' => TIMEZONE,
        'PATH' => (string) getenv('PATH'),
    ]);
register_shutdown_function(function () use ($process, $serverLog) {
    proc_terminate($process);
    proc_close($process);
    @unlink($serverLog);
});
for ($i = 0; $i < 100 && !($socket = @fsockopen('127.0.0.1', $port, $errno, $error, 0.1)); $i++) {
    usleep(100000);
}
if (!$socket) {
    fwrite(STDERR, "the stand-in did not start:\n" . file_get_contents($serverLog));
    exit(1);
}
fclose($socket);
$url = "http://127.0.0.1:$port/includes/api.php";

$failures = 0;
function check(string $name, bool $ok, $detail = null): void
{
    global $failures;
    echo ($ok ? 'ok' : 'FAIL') . " - $name" . ($ok || $detail === null ? '' : ': ' . json_encode($detail, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)) . "\n";
    $failures += $ok ? 0 : 1;
}

/** POSTs to the stand-in as the portal does; a null value leaves a default out. Returns [status, body]. */
function api(array $params): array
{
    global $url;
    $params = array_filter($params + ['identifier' => 'pp-test-identifier', 'secret' => SECRET, 'responsetype' => 'json'],
        function ($value) {
            return $value !== null;
        });
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
        'content' => http_build_query($params),
        'ignore_errors' => true,
        'timeout' => 20,
    ]]);
    $text = file_get_contents($url, false, $context);
    preg_match('#^HTTP/\S+ (\d{3})#', $http_response_header[0] ?? '', $m);
    return [(int) ($m[1] ?? 0), json_decode((string) $text, true) ?? $text];
}

function rows(string $sql, array $args = []): array
{
    global $db;
    $q = $db->prepare($sql);
    $q->execute($args);
    return $q->fetchAll();
}

function one(string $sql, array $args = [])
{
    return rows($sql, $args)[0] ?? null;
}

function scalar(string $sql, array $args = [])
{
    $row = one($sql, $args);
    return $row === null ? null : reset($row);
}

/** Whether [status, body] is a refusal or error with exactly this status and message. */
function refused(array $answer, int $status, string $message): bool
{
    return $answer[0] === $status && is_array($answer[1]) && ($answer[1]['result'] ?? null) === 'error'
        && ($answer[1]['message'] ?? null) === $message;
}

function succeeded(array $answer): bool
{
    return $answer[0] === 200 && is_array($answer[1]) && ($answer[1]['result'] ?? null) === 'success';
}

function last_hook(string $hook): ?array
{
    $row = one('SELECT params FROM standin_hooks WHERE hook = ? ORDER BY id DESC LIMIT 1', [$hook]);
    return $row === null ? null : json_decode($row['params'], true);
}

function last_call_id(): int
{
    return (int) scalar('SELECT MAX(id) FROM standin_api_calls');
}

function log_lines(int $afterId): array
{
    return rows('SELECT date, description, user, userid, user_id, admin_id, ipaddr FROM tblactivitylog WHERE id > ? ORDER BY id', [$afterId]);
}

function max_id(string $table): int
{
    return (int) scalar("SELECT COALESCE(MAX(id), 0) FROM $table");
}

// ---- Access: credentials, roles, IPs -------------------------------------------------
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'secret' => 'wrong']);
check('a wrong secret is refused with 403 "Authentication Failed"', refused($a, 403, 'Authentication Failed'), $a);
check('the wrong secret counts as a failed authentication', (int) scalar('SELECT COUNT(*) FROM standin_api_failures') === 1);
$db->exec('DELETE FROM standin_api_failures');

$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'identifier' => 'nobody']);
check('an unknown identifier is refused with 403 "Invalid or missing credentials", not counted',
    refused($a, 403, 'Invalid or missing credentials') && (int) scalar('SELECT COUNT(*) FROM standin_api_failures') === 0, $a);
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'identifier' => 'pp-revoked-identifier']);
check('a revoked credential is refused with 403 "Invalid or missing credentials"', refused($a, 403, 'Invalid or missing credentials'), $a);
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'identifier' => 'pp-disabled-identifier']);
check('a disabled admin\'s credential is refused with 403 "Administrator Account Disabled"', refused($a, 403, 'Administrator Account Disabled'), $a);
$a = api(['action' => '']);
check('an empty action is refused with 400 "Empty action request"', refused($a, 400, 'Empty action request'), $a);
$a = api(['action' => 'FlyToTheMoon']);
check('an unknown action is refused with 403 "Invalid API Action"',
    refused($a, 403, 'Invalid API Action: "flytothemoon" is not a valid API action'), $a);
$a = api(['action' => 'uPdAtEcLiEnT', 'clientid' => 1, 'firstname' => 'Nope', 'identifier' => 'pp-readonly-identifier']);
check('a role without the action is refused with 403 "Invalid Permissions" (action lower-cased)',
    refused($a, 403, 'Invalid Permissions: API action "updateclient" is not allowed')
    && scalar('SELECT firstname FROM tblclients WHERE id = 1') === 'Kari', $a);
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'identifier' => 'pp-readonly-identifier']);
check('a role with the action gets its answer', succeeded($a) && $a[1]['value'] === '8.4.0-release.1'
    && $a[1]['setting'] === 'Version', $a);
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'NoSuchSetting']);
check('GetConfigurationValue of an unknown setting is a 200 error', refused($a, 200, 'Invalid name for parameter setting'), $a);
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'responsetype' => null]);
check('a call without responsetype=json is refused', refused($a, 200, 'Unsupported API response type format'), $a);
check('the credential\'s last access is recorded',
    strpos((string) scalar('SELECT last_access FROM tbldeviceauth WHERE id = 2'), '0000') !== 0);

$db->exec("UPDATE tblconfiguration SET value = 'a:1:{i:0;a:2:{s:2:\"ip\";s:8:\"10.0.0.1\";s:4:\"note\";s:5:\"other\";}}' WHERE setting = 'APIAllowedIPs'");
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version']);
check('an IP outside APIAllowedIPs is refused with 403 "Invalid IP 127.0.0.1"', refused($a, 403, 'Invalid IP 127.0.0.1'), $a);
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'accesskey' => 'selftest-(key)!']);
check('the configured access key lets that IP in', succeeded($a), $a);
$db->exec("UPDATE tblconfiguration SET value = 'a:1:{i:0;a:2:{s:2:\"ip\";s:9:\"127.0.0.1\";s:4:\"note\";s:5:\"tests\";}}' WHERE setting = 'APIAllowedIPs'");
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'accesskey' => 'guess']);
check('a wrong access key is refused with 403 "Invalid Access Key", even from an allowed IP', refused($a, 403, 'Invalid Access Key'), $a);

$db->exec("UPDATE tblapi_roles SET permissions = JSON_INSERT(permissions, '$.getclientsdetails', 1) WHERE id = 1");
$a = api(['action' => 'GetClientsDetails', 'clientid' => 1]);
check('an allowed action the stand-in does not implement is refused with 501, never faked',
    $a[0] === 501 && ($a[1]['message'] ?? '') === 'The WHMCS API stand-in does not imitate the getclientsdetails action', $a);
$db->exec("UPDATE tblapi_roles SET permissions = JSON_REMOVE(permissions, '$.getclientsdetails') WHERE id = 1");

// ---- UpdateClient: marketing -----------------------------------------------------------
$log = max_id('tblactivitylog');
$consent = max_id('tblmarketing_consent');
$clientEdits = (int) scalar("SELECT COUNT(*) FROM standin_hooks WHERE hook = 'ClientEdit'");
$before = date('Y-m-d H:i:s', time() - 5);
$a = api(['action' => 'UpdateClient', 'clientid' => '1', 'marketingoptin' => '0', 'clientip' => '198.51.100.77']);
check('UpdateClient marketingoptin=0 answers success with the client id', succeeded($a) && $a[1]['clientid'] === '1', $a);
$client = one('SELECT marketing_emails_opt_in, emailoptout FROM tblclients WHERE id = 1');
check('... and opts out: marketing_emails_opt_in 0, emailoptout 1',
    $client['marketing_emails_opt_in'] === '0' && $client['emailoptout'] === '1', $client);
$rows = rows('SELECT userid, opt_in, admin, ip_address FROM tblmarketing_consent WHERE id > ?', [$consent]);
check('... with one consent row: opt_in 0, admin 1, the clientip',
    count($rows) === 1 && $rows[0] === ['userid' => '1', 'opt_in' => '0', 'admin' => '1', 'ip_address' => '198.51.100.77'], $rows);
$hook = last_hook('ClientEdit');
check('... ClientEdit fires with isOptedInToMarketingEmails false and olddata before the change',
    (int) scalar("SELECT COUNT(*) FROM standin_hooks WHERE hook = 'ClientEdit'") === $clientEdits + 1
    && $hook['userid'] === 1 && $hook['isOptedInToMarketingEmails'] === false && $hook['marketing_emails_opt_in'] === false
    && $hook['olddata']['isOptedInToMarketingEmails'] === true && $hook['olddata']['email'] === 'kari.nordmann@example.no', $hook);
$lines = log_lines($log);
check('... and logs the opt-out and the profile change, as the credential\'s admin from the caller\'s IP',
    array_column($lines, 'description') === [
        'Opted Out from Marketing Emails - Client ID: 1',
        "Client Profile Modified - Marketing Emails Opt-in: 'Enabled' to 'Disabled' - User ID: 1",
    ] && $lines[0]['user'] === 'siri' && $lines[0]['userid'] === '1' && $lines[0]['user_id'] === '0'
    && $lines[0]['admin_id'] === '1' && $lines[0]['ipaddr'] === '127.0.0.1', $lines);
check('... dated now in the installation\'s time zone', $lines[0]['date'] >= $before && $lines[0]['date'] <= date('Y-m-d H:i:s', time() + 5), $lines[0]);

$log = max_id('tblactivitylog');
$a = api(['action' => 'UpdateClient', 'clientid' => '1', 'marketingoptin' => '0', 'clientip' => '198.51.100.77']);
check('a second identical opt-out succeeds without a consent row',
    succeeded($a) && max_id('tblmarketing_consent') === $consent + 1, $a);
check('... fires ClientEdit again and logs "No Changes"',
    (int) scalar("SELECT COUNT(*) FROM standin_hooks WHERE hook = 'ClientEdit'") === $clientEdits + 2
    && array_column(log_lines($log), 'description') === ['Client Profile Modified - No Changes - User ID: 1'], log_lines($log));

$a = api(['action' => 'UpdateClient', 'clientid' => '1', 'marketingoptin' => 'false']);
$row = one('SELECT opt_in, ip_address FROM tblmarketing_consent ORDER BY id DESC LIMIT 1');
check('marketingoptin=false is PHP-true: it opts in again (consent from the caller\'s IP)', succeeded($a)
    && scalar('SELECT marketing_emails_opt_in FROM tblclients WHERE id = 1') === '1'
    && $row === ['opt_in' => '1', 'ip_address' => '127.0.0.1'], $row);

// ---- UpdateClient: e-mail, encoding, custom fields, preferences --------------------------
$calls = (int) scalar("SELECT COUNT(*) FROM standin_hooks WHERE hook = 'ClientEdit'");
$a = api(['action' => 'UpdateClient', 'clientid' => '1', 'email' => 'faktura@nordlys.example.no']);
check('UpdateClient with another client\'s e-mail is a 200 error "Duplicate Email Address", with no hook',
    refused($a, 200, 'Duplicate Email Address')
    && (int) scalar("SELECT COUNT(*) FROM standin_hooks WHERE hook = 'ClientEdit'") === $calls
    && scalar('SELECT email FROM tblclients WHERE id = 1') === 'kari.nordmann@example.no', $a);
$a = api(['action' => 'UpdateClient', 'clientid' => '1', 'email' => '']);
check('UpdateClient cannot blank the e-mail', refused($a, 200, 'The email address entered is not valid'), $a);
$a = api(['action' => 'UpdateClient', 'clientid' => '99', 'firstname' => 'X']);
check('UpdateClient of an unknown client', refused($a, 200, 'Client ID Not Found'), $a);
$a = api(['action' => 'UpdateClient', 'clientemail' => 'anna.svensson@example.se', 'clientid' => '1', 'city' => 'Uppsala']);
check('clientemail wins over clientid', succeeded($a) && $a[1]['clientid'] === 3 && scalar('SELECT city FROM tblclients WHERE id = 3') === 'Uppsala'
    && scalar('SELECT city FROM tblclients WHERE id = 1') === 'Oslo', $a);

$log = max_id('tblactivitylog');
$a = api(['action' => 'UpdateClient', 'clientid' => '3', 'firstname' => "Anna & O'Brien", 'companyname' => '<b>AB</b>']);
$row = one('SELECT firstname, companyname FROM tblclients WHERE id = 3');
check('stored strings are HTML-encoded as WHMCS stores them', succeeded($a)
    && $row === ['firstname' => 'Anna &amp; O&#039;Brien', 'companyname' => '&lt;b&gt;AB&lt;/b&gt;'], $row);
check('... and so are the hook and the log line', last_hook('ClientEdit')['firstname'] === 'Anna &amp; O&#039;Brien'
    && array_column(log_lines($log), 'description') === ["Client Profile Modified - First Name: 'Anna' to 'Anna &amp; O&#039;Brien',"
        . " Company Name: '' to '&lt;b&gt;AB&lt;/b&gt;' - User ID: 3"], log_lines($log));

$hooks = max_id('standin_hooks');
$raw = "19800101-1234 & 'x' <y>";
$a = api(['action' => 'UpdateClient', 'clientid' => '3', 'customfields' => base64_encode(serialize([1 => $raw, 999 => 'ignored']))]);
$fired = rows('SELECT hook, params FROM standin_hooks WHERE id > ? ORDER BY id', [$hooks]);
check('custom fields from the base64 payload are stored unencoded; unknown ids are ignored', succeeded($a)
    && scalar('SELECT value FROM tblcustomfieldsvalues WHERE fieldid = 1 AND relid = 3') === $raw
    && (int) scalar('SELECT COUNT(*) FROM tblcustomfieldsvalues WHERE fieldid = 999') === 0, $a);
check('... CustomFieldSave fires per field, before ClientEdit', array_column($fired, 'hook') === ['CustomFieldSave', 'ClientEdit']
    && json_decode($fired[0]['params'], true) === ['fieldid' => 1, 'relid' => 3, 'value' => $raw], $fired);
$db->exec("UPDATE tblcustomfields SET regexpr = '/^[0-9]{8}-[0-9]{4}$/' WHERE id = 1");
$a = api(['action' => 'UpdateClient', 'clientid' => '3', 'city' => 'Lund', 'customfields' => base64_encode(serialize([1 => 'wrong']))]);
check('a custom field failing its check is an error, after the client row was saved',
    refused($a, 200, 'Personnummer is invalid') && scalar('SELECT city FROM tblclients WHERE id = 3') === 'Lund'
    && scalar('SELECT value FROM tblcustomfieldsvalues WHERE fieldid = 1 AND relid = 3') === $raw, $a);
$a = api(['action' => 'UpdateClient', 'clientid' => '3', 'skipvalidation' => '1', 'customfields' => base64_encode(serialize(['Personnummer' => 'wrong']))]);
check('skipvalidation skips it; a field can be named instead of numbered', succeeded($a)
    && scalar('SELECT value FROM tblcustomfieldsvalues WHERE fieldid = 1 AND relid = 3') === 'wrong', $a);

$a = api(['action' => 'UpdateClient', 'clientid' => '1', 'email_preferences' => ['domain' => '0']]);
check('domain mail off for a client without a contact receiving it is the ICANN error', refused($a, 200,
    'You must have at least one email address enabled to receive domain related notifications as required by ICANN.'
    . ' To disable domain notifications, please create an alternative contact that is set to receive them'), $a);
$a = api(['action' => 'UpdateClient', 'clientid' => '2', 'email_preferences' => ['domain' => '0', 'affiliate' => '1']]);
check('e-mail preferences merge into the stored ones', succeeded($a) && json_decode(scalar('SELECT email_preferences FROM tblclients WHERE id = 2'), true)
    === ['general' => true, 'invoice' => true, 'support' => true, 'product' => true, 'domain' => false, 'affiliate' => true], $a);
$a = api(['action' => 'UpdateClient', 'clientid' => '2', 'email_preferences' => ['newsletter' => '0']]);
check('an unknown e-mail type is an error', refused($a, 200, 'Invalid Email Type: newsletter'), $a);
$a = api(['action' => 'UpdateClient', 'clientid' => '1', 'cardnum' => '4111111111111111']);
check('card parameters are refused as not imitated', $a[0] === 501, $a);

// ---- UpdateUser ------------------------------------------------------------------------------
$a = api(['action' => 'UpdateUser', 'user_id' => '1', 'email' => 'ola.hansen@nordlys.example.no']);
check('UpdateUser with another user\'s e-mail', refused($a, 200, 'A user already exists with that email address'), $a);
$a = api(['action' => 'UpdateUser', 'user_id' => '1', 'lastname' => '   ']);
check('UpdateUser with nothing but empty values',
    refused($a, 200, 'One of `email`, `firstname`, `lastname`, or `language` is required'), $a);
$a = api(['action' => 'UpdateUser', 'user_id' => '42', 'firstname' => 'X']);
check('UpdateUser of an unknown user', refused($a, 200, 'Invalid User ID requested'), $a);
$log = max_id('tblactivitylog');
$emails = max_id('tblemails');
$a = api(['action' => 'UpdateUser', 'user_id' => '1', 'firstname' => '  Karianne ', 'lastname' => '', 'email' => 'kari.ny@example.no']);
$user = one('SELECT first_name, last_name, email, email_verified_at FROM tblusers WHERE id = 1');
check('UpdateUser trims, ignores empty values and takes the new e-mail', succeeded($a) && $a[1]['user_id'] === '1'
    && $user['first_name'] === 'Karianne' && $user['last_name'] === 'Nordmann' && $user['email'] === 'kari.ny@example.no', $user);
$mail = rows('SELECT userid, subject, `to` FROM tblemails WHERE id > ?', [$emails]);
check('... a new e-mail resets verification and mails the new address', $user['email_verified_at'] === null
    && $mail === [['userid' => '0', 'subject' => 'Email Address Verification', 'to' => 'kari.ny@example.no']], $mail);
$hook = last_hook('UserEdit');
check('... UserEdit fires with the new details and olddata', $hook['user_id'] === 1 && $hook['email'] === 'kari.ny@example.no'
    && $hook['olddata'] === ['user_id' => 1, 'firstname' => 'Kari', 'lastname' => 'Nordmann', 'email' => 'kari.nordmann@example.no', 'language' => 'norwegian'], $hook);
check('... and the activity log names both changes', array_column(log_lines($log), 'description') === [
    "User Account Modified - First Name changed from 'Kari' to 'Karianne', Email Address changed from 'kari.nordmann@example.no' to 'kari.ny@example.no' - UserID: 1",
], log_lines($log));
$a = api(['action' => 'UpdateUser', 'user_id' => '1', 'email' => 'kari.nordmann@example.no']);
check('a user e-mail that a client (not a user) has is free', succeeded($a), $a);

// ---- UpdateContact -----------------------------------------------------------------------------
$log = max_id('tblactivitylog');
$hooks = max_id('standin_hooks');
$a = api(['action' => 'UpdateContact', 'contactid' => '1', 'firstname' => 'Per Ola', 'tax_id' => 'NO1', 'email' => 'anna.svensson@example.se']);
$row = one('SELECT firstname, tax_id, email FROM tblcontacts WHERE id = 1');
check('UpdateContact writes what is sent, without an e-mail check or tax_id, and warns about sub-accounts',
    succeeded($a) && $a[1]['contactid'] === '1' && $a[1]['warning'] === 'Sub Accounts are no longer supported. Please use UpdateUser'
    && $row === ['firstname' => 'Per Ola', 'tax_id' => '', 'email' => 'anna.svensson@example.se'], [$a, $row]);
check('... with no hook and no activity log', max_id('standin_hooks') === $hooks && max_id('tblactivitylog') === $log);
// Nordlys turned its own domain mail off above; contact 1 is the last one receiving it.
$a = api(['action' => 'UpdateContact', 'contactid' => '1', 'email_preferences' => ['domain' => '0']]);
check('domain mail off for the last one receiving it is the contact\'s ICANN error', refused($a, 200,
    'You must have at least one email address enabled to receive domain related notifications as required by ICANN.'
    . ' To disable domain notifications, please enable domain notifications for the primary account holder or another contact')
    && scalar('SELECT domainemails FROM tblcontacts WHERE id = 1') === '1', $a);
$a = api(['action' => 'UpdateContact', 'contactid' => '1', 'email_preferences' => 'yes']);
check('email_preferences that is not an array', refused($a, 200, 'Argument email_preferences must be empty or an array.'), $a);

// ---- Pay methods ----------------------------------------------------------------------------------
$a = api(['action' => 'GetPayMethods', 'clientid' => '1']);
check('GetPayMethods lists the card as documented', succeeded($a) && count($a[1]['paymethods']) === 1
    && $a[1]['paymethods'][0]['type'] === 'RemoteCreditCard' && $a[1]['paymethods'][0]['card_last_four'] === '4242'
    && $a[1]['paymethods'][0]['gateway_name'] === 'stripe', $a);
$a = api(['action' => 'GetPayMethods', 'clientid' => '2', 'type' => 'BankAccount']);
check('GetPayMethods lists the bank account', succeeded($a) && count($a[1]['paymethods']) === 1
    && $a[1]['paymethods'][0]['bank_name'] === 'DNB', $a);
$a = api(['action' => 'GetPayMethods', 'clientid' => '2', 'type' => 'Cheque']);
check('GetPayMethods with an unknown type', refused($a, 200, "Invalid Pay Method Type. Should be 'BankAccount' or 'CreditCard'"), $a);
$a = api(['action' => 'DeletePayMethod', 'clientid' => '2', 'paymethodid' => '1']);
check('DeletePayMethod of another client\'s pay method', refused($a, 200, 'Pay Method does not belong to passed Client ID'), $a);
$blob = scalar('SELECT card_data FROM tblcreditcards WHERE id = 1');
$a = api(['action' => 'DeletePayMethod', 'clientid' => '1', 'paymethodid' => '1']);
$row = one('SELECT pm.deleted_at AS pm_deleted, cc.deleted_at AS cc_deleted, cc.card_data FROM tblpaymethods pm JOIN tblcreditcards cc ON cc.id = pm.payment_id WHERE pm.id = 1');
check('DeletePayMethod soft-deletes: deleted_at set, the encrypted card data stays', succeeded($a) && $a[1]['paymethodid'] === '1'
    && $row['pm_deleted'] !== null && $row['cc_deleted'] !== null && $row['card_data'] === $blob, $row);
$a = api(['action' => 'GetPayMethods', 'clientid' => '1']);
check('... it is no longer listed', succeeded($a) && $a[1]['paymethods'] === [], $a);
$a = api(['action' => 'DeletePayMethod', 'clientid' => '1', 'paymethodid' => '1']);
check('... and cannot be deleted twice', refused($a, 200, 'Invalid Pay Method ID'), $a);

// ---- Notes and tickets ----------------------------------------------------------------------------
$a = api(['action' => 'AddClientNote', 'userid' => '1', 'notes' => 'Behandling begrenset', 'sticky' => '1']);
$row = one('SELECT userid, adminid, note, sticky FROM tblnotes WHERE id = ?', [(int) ($a[1]['noteid'] ?? 0)]);
check('AddClientNote writes a sticky note as the credential\'s admin', succeeded($a)
    && $row === ['userid' => '1', 'adminid' => '1', 'note' => 'Behandling begrenset', 'sticky' => '1'], [$a, $row]);
$a = api(['action' => 'AddClientNote', 'userid' => '1', 'notes' => '']);
check('AddClientNote refuses an empty note', refused($a, 200, 'Notes can not be empty'), $a);
$a = api(['action' => 'UpdateTicketReply', 'replyid' => '2', 'message' => '']);
check('UpdateTicketReply refuses an empty message', refused($a, 200, 'Message is Required'), $a);
$a = api(['action' => 'UpdateTicketReply', 'replyid' => '2', 'message' => '[fjernet]']);
check('UpdateTicketReply rewrites a reply', succeeded($a) && scalar('SELECT message FROM tblticketreplies WHERE id = 2') === '[fjernet]', $a);
$a = api(['action' => 'UpdateTicket', 'ticketid' => '1', 'message' => '[fjernet]', 'subject' => 'Faktura']);
check('UpdateTicket rewrites the text', succeeded($a)
    && one('SELECT title, message FROM tbltickets WHERE id = 1') === ['title' => 'Faktura', 'message' => '[fjernet]'], $a);
$a = api(['action' => 'UpdateTicket', 'ticketid' => '1', 'status' => 'Open']);
check('UpdateTicket\'s other parameters are refused as not imitated', $a[0] === 501
    && scalar('SELECT status FROM tbltickets WHERE id = 1') === 'Closed', $a);
$a = api(['action' => 'DeleteTicketNote', 'noteid' => '1']);
check('DeleteTicketNote deletes the note', succeeded($a) && (int) scalar('SELECT COUNT(*) FROM tblticketnotes') === 0, $a);
$a = api(['action' => 'DeleteTicketNote', 'noteid' => '1']);
check('... once', refused($a, 200, 'Note ID Not Found'), $a);

// ---- Users and accounts ---------------------------------------------------------------------------
$a = api(['action' => 'DeleteUserClient', 'user_id' => '1', 'client_id' => '1']);
check('DeleteUserClient refuses the owner', refused($a, 200, 'You cannot remove the account owner'), $a);
$log = max_id('tblactivitylog');
$a = api(['action' => 'DeleteUserClient', 'user_id' => '8', 'client_id' => '4']);
check('DeleteUserClient removes the link only, and logs it', succeeded($a)
    && (int) scalar('SELECT COUNT(*) FROM tblusers_clients WHERE auth_user_id = 8') === 1
    && (int) scalar('SELECT COUNT(*) FROM tblusers WHERE id = 8') === 1
    && array_column(log_lines($log), 'description') === ['User Account Relationship Removed - UserID: 8 - Client ID: 4'], $a);
$a = api(['action' => 'DeleteUserClient', 'user_id' => '8', 'client_id' => '4']);
check('... once', refused($a, 200, 'User is not associated with client'), $a);
$log = max_id('tblactivitylog');
$db->exec('UPDATE tblclients SET billingcid = 2 WHERE id = 4');
$a = api(['action' => 'DeleteContact', 'contactid' => '2']);
$hook = last_hook('ContactDelete');
check('DeleteContact deletes, resets billingcid, fires ContactDelete and logs the contact', succeeded($a) && $a[1]['message'] === '2'
    && scalar('SELECT billingcid FROM tblclients WHERE id = 4') === '0' && $hook === ['userid' => 4, 'contactid' => 2]
    && array_column(log_lines($log), 'description') === ['Deleted Contact - User ID: 4 - Contact ID: 2 - Contact Name: Berit Regnskap'
        . ' - Contact Email: berit.regnskap@fjellvind.example.no'], [$a, $hook]);

// ---- The call record --------------------------------------------------------------------------------
$calls = rows('SELECT action, params, result, http_status FROM standin_api_calls ORDER BY id');
check('every call is recorded, with the secret masked', count($calls) > 50
    && array_filter($calls, function ($c) {
        return strpos($c['params'], SECRET) !== false || strpos($c['params'], 'selftest-(key)') !== false;
    }) === []
    && json_decode($calls[0]['params'], true)['secret'] === '***' && $calls[0]['http_status'] === '403', $calls[0]);

// ---- The ban (last: it locks this IP out) -----------------------------------------------------------
$answers = [];
for ($i = 0; $i < 3; $i++) {
    $answers[] = api(['action' => 'GetConfigurationValue', 'setting' => 'Version', 'secret' => "wrong-$i"]);
}
check('three wrong secrets are each refused with "Authentication Failed"', array_filter($answers, function ($a) {
    return !refused($a, 403, 'Authentication Failed');
}) === [], $answers);
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version']);
check('... then the IP is banned, even with the right secret: 403 "IP Banned"', refused($a, 403, 'IP Banned'), $a);
$ban = one('SELECT ip, reason, expires FROM tblbannedips ORDER BY id DESC LIMIT 1');
$minutes = $ban === null ? 0 : (strtotime($ban['expires']) - time()) / 60;
check('... in tblbannedips for InvalidLoginBanLength (15) minutes', $ban !== null && $ban['ip'] === '127.0.0.1'
    && $ban['reason'] === '3 Invalid Login Attempts' && $minutes > 14 && $minutes <= 15, $ban);
$db->exec('DELETE FROM tblbannedips');
$a = api(['action' => 'GetConfigurationValue', 'setting' => 'Version']);
check('... and lifting the ban lets the IP in again', succeeded($a), $a);

$errors = array_filter(explode("\n", (string) file_get_contents($serverLog)), function ($line) {
    return preg_match('/whmcs api stand-in:|PHP (Fatal|Parse|Warning|Notice|Deprecated)/', $line) === 1;
});
check('the stand-in logged no failure', $errors === [], array_values($errors));

echo $failures === 0 ? "all checks passed\n" : "$failures check(s) failed\n";
exit($failures === 0 ? 0 : 1);
