<?php
// Runs the privacy portal addon's real code against a WHMCS fixture database, with only
// WHMCS's own runtime stubbed (stub/whmcs_runtime.php), and prints what each kind of
// visitor gets: one JSON object per line,
//   {"case": "...", "role": "customer"|"company_admin"|"support"|null,
//    "launch_token": "..."|null, "html_has_widget": true|false, "message": "..."|null}
// launch_token is the token in the rendered page; the token endpoint (&a=token) is run
// for the same visitor and its answer checked here. A last line, case "user_login",
// reports the row the UserLogin hook wrote.
//
// Usage:
//   php tests/whmcs/harness.php --database NAME --key PRIVATE_PEM --kid KID \
//       --issuer ISS --portal http://127.0.0.1:PORT \
//       [--dsn 'mysql:host=127.0.0.1;port=3306;charset=utf8'] [--db-user root] \
//       [--db-password ''] [--ttl 120]
// The database must hold tests/whmcs/schema.sql and tests/whmcs/seed.sql (the addon's
// own tables are created by activating it, as here). Exit 0 when every case behaved as
// the addon's rules say; 1 on any mismatch and on any PHP error, warning or notice.

error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    throw new ErrorException($message, 0, $severity, $file, $line);
});

const HARNESS_HOST = 'whmcs.test';
const HARNESS_ORIGIN = 'https://whmcs.test';

/**
 * The visitors, in output order. area: where the page is; user/client/admin: who is
 * logged in; expect: [role, sub, acct, locale] of the token, or null for no token, and
 * the token endpoint's status when there is none.
 */
function harness_cases(): array
{
    return [
        'logged_out' => ['client', null, null, null, null, 401],
        'private_owner' => ['client', 1, 1, null, ['customer', '1', '1', 'nb'], 200],
        'company_owner' => ['client', 2, 2, null, ['company_admin', '2', '2', 'nb'], 200],
        'invited_user' => ['client', 3, 2, null, ['customer', '3', '2', 'nb'], 200],
        'masquerading_staff' => ['client', 2, 2, 1, null, 403],
        'staff' => ['admin', null, null, 1, ['support', 'admin-1', 'staff', 'nb'], null],
        'disabled_staff' => ['admin', null, null, 2, null, null],
        'two_accounts' => ['client', 8, 4, null, ['customer', '8', '4', 'nb'], 200],
        // Beyond the roles: the other two locales.
        'english_user' => ['client', 4, 2, null, ['customer', '4', '2', 'en'], 200],
        'swedish_owner' => ['client', 5, 3, null, ['customer', '5', '3', 'sv'], 200],
    ];
}

function harness_main(array $argv): int
{
    $opts = getopt('', ['database:', 'key:', 'kid:', 'issuer:', 'portal:', 'dsn:', 'db-user:', 'db-password:', 'ttl:']);
    foreach (['database', 'key', 'kid', 'issuer', 'portal'] as $required) {
        if (!isset($opts[$required]) || !is_string($opts[$required]) || $opts[$required] === '') {
            fwrite(STDERR, "usage: php harness.php --database NAME --key PRIVATE_PEM --kid KID --issuer ISS --portal URL"
                . " [--dsn DSN] [--db-user USER] [--db-password PASSWORD] [--ttl SECONDS]\n");
            return 2;
        }
    }
    $dsn = $opts['dsn'] ?? 'mysql:host=127.0.0.1;port=3306;charset=utf8';
    if (stripos($dsn, 'dbname=') === false) {
        $dsn .= ';dbname=' . $opts['database'];
    }
    $keyPath = realpath($opts['key']);
    if ($keyPath === false) {
        throw new RuntimeException("no key file at {$opts['key']}");
    }
    $portal = rtrim($opts['portal'], '/');
    $ttl = (int) ($opts['ttl'] ?? 120);

    require __DIR__ . '/stub/whmcs_runtime.php';
    require ROOTDIR . '/modules/addons/privacyportal/privacyportal.php';
    require ROOTDIR . '/modules/addons/privacyportal/hooks.php';
    WhmcsStub\Runtime::connect($dsn, $opts['db-user'] ?? 'root', $opts['db-password'] ?? '');
    check_key_file_modes($keyPath);

    $activation = privacyportal_activate();
    check($activation['status'] === 'success', 'activation failed: ' . $activation['description']);

    $settings = [
        'portal_url' => $portal,
        'issuer' => $opts['issuer'],
        'key_path' => $keyPath,
        'key_id' => $opts['kid'],
        'token_ttl' => (string) $ttl,
    ];
    $clientVars = WhmcsStub\Runtime::moduleVars('privacyportal', 'index.php?m=privacyportal', $settings);
    $adminVars = WhmcsStub\Runtime::moduleVars('privacyportal', 'addonmodules.php?module=privacyportal', $settings);
    $publicKey = public_key_of($keyPath);
    $expect = ['issuer' => $opts['issuer'], 'kid' => $opts['kid'], 'ttl' => min(max($ttl, 1), 300), 'portal' => $portal];

    foreach (harness_cases() as $name => list($area, $user, $client, $admin, $grant, $endpointStatus)) {
        WhmcsStub\Runtime::logIn($user, $client, $admin);
        WhmcsStub\Runtime::$csrf = '';
        $page = $area === 'client' ? client_page($clientVars) : admin_page($adminVars);
        $context = "case $name";

        $claims = null;
        if ($grant === null) {
            check($page['token'] === null && !$page['widget'], "$context: expected no token, got one");
            check(strpos($page['html'], 'launch-token') === false, "$context: a launch-token attribute without a token");
            check($page['message'] !== null, "$context: no token and no message");
        } else {
            check($page['widget'], "$context: expected the widget: " . $page['message']);
            $claims = verified_claims($page['token'], $publicKey, $expect, $grant, $context);
        }

        if ($area === 'client') {
            check_navbar($user, $grant === null ? null : $grant[3], $context);
            check_token_endpoint($clientVars, $endpointStatus, $claims, $publicKey, $expect, $grant, $context);
            if ($name === 'private_owner') {
                check_token_refusals($clientVars, $context);
            }
        }

        emit([
            'case' => $name,
            'role' => $claims === null ? null : $claims['role'],
            'launch_token' => $page['token'],
            'html_has_widget' => $page['widget'],
            'message' => $page['message'],
        ]);
    }

    emit(check_user_login_hook());
    return 0;
}

/** The client-area page as WHMCS would show it: the module function, then its template. */
function client_page(array $vars): array
{
    $_GET = ['m' => 'privacyportal'];
    $_POST = [];
    $_SERVER['REQUEST_METHOD'] = 'GET';
    $result = privacyportal_clientarea($vars);
    check($result['requirelogin'] === true, 'the client-area page must require a login');
    $html = WhmcsStub\Runtime::renderClientAreaModule('privacyportal', $result);
    $message = (string) $result['vars']['privacyportal_message'];
    return widget_in($html, $vars['portal_url']) + ['message' => $message === '' ? null : $message];
}

/** The admin-area page: privacyportal_output echoes it. */
function admin_page(array $vars): array
{
    $_GET = ['module' => 'privacyportal'];
    $_POST = [];
    $_SERVER['REQUEST_METHOD'] = 'GET';
    ob_start();
    try {
        privacyportal_output($vars);
    } finally {
        $html = ob_get_clean();
    }
    $message = null;
    if (preg_match('/<div class="alert[^"]*">(.*?)<\/div>/s', $html, $m)) {
        $message = html_entity_decode($m[1], ENT_QUOTES, 'UTF-8');
    }
    return widget_in($html, $vars['portal_url']) + ['message' => $message];
}

/** Whether the page loads the portal's widget script and has the element, and its token. */
function widget_in(string $html, string $portal): array
{
    $token = null;
    if (preg_match('/<privacy-portal launch-token="([^"]*)"/', $html, $m)) {
        $token = html_entity_decode($m[1], ENT_QUOTES, 'UTF-8');
    }
    $script = '<script type="module" src="' . htmlspecialchars($portal . '/widget/privacy-portal.js', ENT_QUOTES) . '">';
    $element = '" api="' . htmlspecialchars($portal, ENT_QUOTES) . '" locale="';
    $widget = $token !== null && strpos($html, $script) !== false && strpos($html, $element) !== false;
    return ['html' => $html, 'token' => $token, 'widget' => $widget];
}

/** The navbar entry appears for a logged-in user, in their language, and not otherwise. */
function check_navbar($user, $locale, string $context)
{
    $navbar = new WHMCS\View\Menu\Item('Primary Navbar');
    WhmcsStub\Runtime::runHook('ClientAreaPrimaryNavbar', $navbar);
    $entry = $navbar->getChild('privacyportal');
    if ($user === null) {
        check($entry === null, "$context: navbar entry shown to a visitor who is not logged in");
        return;
    }
    check($entry !== null && $entry->getUri() === 'index.php?m=privacyportal', "$context: no navbar entry");
    if ($locale !== null) {
        $label = ['nb' => 'Personvern', 'sv' => 'Integritet', 'en' => 'Privacy'][$locale];
        check($entry->getLabel() === $label, "$context: navbar entry says {$entry->getLabel()}, not $label");
    }
}

/** A same-origin POST with the CSRF token: a fresh token for the same grant, or a refusal. */
function check_token_endpoint(array $vars, int $status, $pageClaims, string $publicKey, array $expect, $grant, string $context)
{
    $reply = token_request($vars, ['token' => WhmcsStub\Runtime::csrfToken()], same_origin_headers());
    $context .= ' (token endpoint)';
    check($reply->status === $status, "$context: status {$reply->status}, expected $status: {$reply->body}");
    check(($reply->headers['Cache-Control'] ?? '') === 'no-store', "$context: answer may be cached");
    $body = json_decode($reply->body, true);
    if ($grant === null) {
        check(!isset($body['launch_token']) && isset($body['error']), "$context: refusal without an error code");
        return;
    }
    check(array_keys($body) === ['launch_token'], "$context: unexpected answer {$reply->body}");
    $claims = verified_claims($body['launch_token'], $publicKey, $expect, $grant, $context);
    check($claims['jti'] !== $pageClaims['jti'], "$context: jti reused from the page's token");
}

/** What the endpoint refuses, for one logged-in user: none of it yields a token. */
function check_token_refusals(array $vars, string $context)
{
    $csrf = WhmcsStub\Runtime::csrfToken();
    $refusals = [
        'a GET' => ['GET', ['token' => $csrf], same_origin_headers(), 405],
        'a POST without the CSRF token' => ['POST', [], same_origin_headers(), 403],
        'a POST with a wrong CSRF token' => ['POST', ['token' => str_repeat('0', strlen($csrf))], same_origin_headers(), 403],
        'a POST from another origin' => ['POST', ['token' => $csrf], ['HTTP_ORIGIN' => 'https://evil.test'] + same_origin_headers(), 403],
        'a POST from a cross-site page' => ['POST', ['token' => $csrf], ['HTTP_SEC_FETCH_SITE' => 'cross-site'] + same_origin_headers(), 403],
        'a POST without Origin' => ['POST', ['token' => $csrf], ['HTTP_HOST' => HARNESS_HOST], 403],
    ];
    foreach ($refusals as $what => list($method, $post, $headers, $status)) {
        $reply = token_request($vars, $post, $headers, $method);
        check($reply->status === $status, "$context: $what answered {$reply->status}, expected $status");
        check(strpos($reply->body, 'launch_token') === false, "$context: $what got a token");
        if ($status === 405) {
            check(($reply->headers['Allow'] ?? '') === 'POST', "$context: 405 without Allow: POST");
        }
    }
}

function same_origin_headers(): array
{
    return ['HTTP_HOST' => HARNESS_HOST, 'HTTP_ORIGIN' => HARNESS_ORIGIN, 'HTTP_SEC_FETCH_SITE' => 'same-origin'];
}

function token_request(array $vars, array $post, array $headers, string $method = 'POST')
{
    foreach (['HTTP_HOST', 'HTTP_ORIGIN', 'HTTP_SEC_FETCH_SITE'] as $header) {
        unset($_SERVER[$header]);
    }
    $_SERVER = $headers + $_SERVER;
    $_SERVER['REQUEST_METHOD'] = $method;
    $_GET = ['m' => 'privacyportal', 'a' => 'token'];
    $_POST = $post;
    return privacyportal_token_reply($vars);
}

/** The UserLogin hook adds one row per login, with account, IP and user agent; none for a masquerade. */
function check_user_login_hook(): array
{
    $pdo = WhmcsStub\Runtime::pdo();
    $last = function () use ($pdo) {
        return (int) $pdo->query('SELECT COALESCE(MAX(id), 0) FROM mod_privacyportal_logins')->fetchColumn();
    };
    $agent = 'Mozilla/5.0 (X11; Linux x86_64) privacyportal-harness';
    $_SERVER['REMOTE_ADDR'] = '203.0.113.7';
    $_SERVER['HTTP_USER_AGENT'] = $agent;

    WhmcsStub\Runtime::logIn(2, 2, 1);
    $before = $last();
    WhmcsStub\Runtime::runHook('UserLogin', ['user' => new WHMCS\User\User(2)]);
    check($last() === $before, 'user_login: a masquerading admin was recorded as the customer logging in');

    WhmcsStub\Runtime::logIn(1, 1, null);
    WhmcsStub\Runtime::runHook('UserLogin', ['user' => new WHMCS\User\User(1)]);
    $statement = $pdo->prepare('SELECT id, user_id, client_id, ip, user_agent,'
        . ' ABS(TIMESTAMPDIFF(SECOND, at, UTC_TIMESTAMP())) AS age FROM mod_privacyportal_logins WHERE id > ?');
    $statement->execute([$before]);
    $rows = $statement->fetchAll(PDO::FETCH_ASSOC);
    check(count($rows) === 1, 'user_login: expected one new row, found ' . count($rows));
    $row = $rows[0];
    check((int) $row['user_id'] === 1 && (int) $row['client_id'] === 1, 'user_login: wrong user or account');
    check($row['ip'] === '203.0.113.7' && $row['user_agent'] === $agent, 'user_login: wrong IP or user agent');
    check((int) $row['age'] <= 60, 'user_login: at is not the current UTC time');
    return [
        'case' => 'user_login',
        'role' => null,
        'launch_token' => null,
        'html_has_widget' => false,
        'message' => 'mod_privacyportal_logins row ' . $row['id'] . ' for user 1, client 1',
    ];
}

/**
 * Checks a launch token without the addon's own code: the header and claim names and
 * order, the Ed25519 signature, and each claim against what the grant should be.
 */
function verified_claims(string $token, string $publicKey, array $expect, array $grant, string $context): array
{
    list($role, $sub, $acct, $locale) = $grant;
    $parts = explode('.', $token);
    check(count($parts) === 3, "$context: not a JWT");
    $decode = function ($part) use ($context) {
        check(preg_match('/^[A-Za-z0-9_-]+$/', $part) === 1, "$context: not base64url without padding");
        return base64_decode(strtr($part, '-_', '+/'), true);
    };
    $header = json_decode($decode($parts[0]), true);
    $claims = json_decode($decode($parts[1]), true);
    check($header === ['alg' => 'EdDSA', 'typ' => 'JWT', 'kid' => $expect['kid']], "$context: header " . json_encode($header));
    check(is_array($claims) && array_keys($claims) === ['iss', 'aud', 'sub', 'acct', 'role', 'locale', 'iat', 'exp', 'jti'],
        "$context: claims " . json_encode($claims));
    check(sodium_crypto_sign_verify_detached($decode($parts[2]), $parts[0] . '.' . $parts[1], $publicKey),
        "$context: bad signature");
    check($claims['iss'] === $expect['issuer'] && $claims['aud'] === 'privacy-portal', "$context: iss or aud");
    check($claims['sub'] === $sub && $claims['acct'] === $acct, "$context: sub {$claims['sub']} acct {$claims['acct']}, expected $sub $acct");
    check($claims['role'] === $role && $claims['locale'] === $locale, "$context: role {$claims['role']} locale {$claims['locale']}, expected $role $locale");
    check(is_int($claims['iat']) && abs($claims['iat'] - time()) <= 60, "$context: iat is not now");
    check($claims['exp'] === $claims['iat'] + $expect['ttl'], "$context: lifetime is not {$expect['ttl']} s");
    check(preg_match('/^[0-9a-f]{32}$/', $claims['jti']) === 1, "$context: jti is not 32 hex characters");
    return $claims;
}

/** The raw Ed25519 public key for a PKCS#8 private key PEM. */
function public_key_of(string $path): string
{
    $der = base64_decode(preg_replace('/-----[^-]+-----|\s+/', '', file_get_contents($path)), true);
    check(strlen($der) === 48 && bin2hex(substr($der, 0, 16)) === '302e020100300506032b657004220420',
        "$path is not a PKCS#8 Ed25519 private key");
    return sodium_crypto_sign_publickey(sodium_crypto_sign_seed_keypair(substr($der, 16)));
}

function emit(array $line)
{
    echo json_encode($line, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
}

/** The key file is the owner's alone: any bit for its group or for others is refused. */
function check_key_file_modes(string $keyPath)
{
    foreach ([0600 => true, 0400 => true, 0640 => false, 0604 => false, 0660 => false, 0644 => false] as $mode => $ok) {
        $copy = tempnam(sys_get_temp_dir(), 'privacyportal-key-');
        copy($keyPath, $copy);
        chmod($copy, $mode);
        clearstatcache();
        $refusal = null;
        try {
            WHMCS\Module\Addon\PrivacyPortal\SigningKey::fromFile($copy);
        } catch (RuntimeException $e) {
            $refusal = $e->getMessage();
        }
        unlink($copy);
        if ($ok) {
            check($refusal === null, sprintf('a key file with mode %o was refused: %s', $mode, $refusal));
        } else {
            check($refusal !== null && strpos($refusal, 'chmod 600') !== false,
                sprintf('a key file with mode %o was taken', $mode));
        }
    }
}

function check(bool $condition, string $failure)
{
    if (!$condition) {
        throw new RuntimeException($failure);
    }
}

try {
    exit(harness_main($argv));
} catch (Throwable $e) {
    fwrite(STDERR, 'harness: ' . get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine() . "\n");
    exit(1);
}
