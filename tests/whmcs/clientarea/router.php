<?php
// A stand-in WHMCS client area for browser tests of the privacy portal addon:
//   php -S 127.0.0.1:PORT tests/whmcs/clientarea/router.php
// A fake login page lets you pick a fixture user and account (or a staff member), and
// index.php?m=privacyportal shows the addon's real client-area output inside a minimal
// WHMCS-like page, with the addon's navbar entry; &a=token is the addon's real token
// endpoint. addonmodules.php?module=privacyportal under /admin/ is the support console.
// WHMCS's runtime is the same stub the harness uses (../stub/whmcs_runtime.php).
//
// Configuration, from the environment or from a JSON file named by
// WHMCS_CLIENTAREA_CONFIG with the keys in brackets (the environment wins):
//   WHMCS_DATABASE (database)           the fixture database; required
//   WHMCS_DSN (dsn)                     default mysql:host=127.0.0.1;port=3306;charset=utf8
//   WHMCS_DB_USER (db_user)             default root
//   WHMCS_DB_PASSWORD (db_password)     default empty
//   PRIVACYPORTAL_KEY (key)             the Ed25519 private key PEM; required
//   PRIVACYPORTAL_KID (kid)             required
//   PRIVACYPORTAL_ISSUER (issuer)       required
//   PRIVACYPORTAL_PORTAL (portal)       the portal's origin; required
//   PRIVACYPORTAL_TTL (ttl)             default 120

error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    throw new ErrorException($message, 0, $severity, $file, $line);
});

require __DIR__ . '/../stub/whmcs_runtime.php';
require ROOTDIR . '/modules/addons/privacyportal/privacyportal.php';
require ROOTDIR . '/modules/addons/privacyportal/hooks.php';

use WhmcsStub\Runtime;

function standin_config(): array
{
    $file = [];
    $path = getenv('WHMCS_CLIENTAREA_CONFIG');
    if ($path !== false && $path !== '') {
        $file = json_decode((string) file_get_contents($path), true);
        if (!is_array($file)) {
            throw new RuntimeException("$path is not a JSON object");
        }
    }
    $pick = function ($env, $key, $default = null) use ($file) {
        $value = getenv($env);
        if ($value !== false && $value !== '') {
            return $value;
        }
        if (isset($file[$key]) && $file[$key] !== '') {
            return (string) $file[$key];
        }
        if ($default === null) {
            throw new RuntimeException("set $env (or \"$key\" in the WHMCS_CLIENTAREA_CONFIG file)");
        }
        return $default;
    };
    return [
        'database' => $pick('WHMCS_DATABASE', 'database'),
        'dsn' => $pick('WHMCS_DSN', 'dsn', 'mysql:host=127.0.0.1;port=3306;charset=utf8'),
        'db_user' => $pick('WHMCS_DB_USER', 'db_user', 'root'),
        'db_password' => $pick('WHMCS_DB_PASSWORD', 'db_password', ''),
        'settings' => [
            'portal_url' => $pick('PRIVACYPORTAL_PORTAL', 'portal'),
            'issuer' => $pick('PRIVACYPORTAL_ISSUER', 'issuer'),
            'key_path' => realpath($pick('PRIVACYPORTAL_KEY', 'key')) ?: $pick('PRIVACYPORTAL_KEY', 'key'),
            'key_id' => $pick('PRIVACYPORTAL_KID', 'kid'),
            'token_ttl' => $pick('PRIVACYPORTAL_TTL', 'ttl', '120'),
        ],
    ];
}

function e($text): string
{
    return htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

function redirect(string $to)
{
    header('Location: ' . $to, true, 302);
}

/** A WHMCS-like page: header, the navbar (with the hooks' entries) and the content. */
function page(string $title, string $content, bool $adminArea = false)
{
    header('Content-Type: text/html; charset=utf-8');
    header('Cache-Control: no-store');
    $who = 'not logged in';
    if (Runtime::$adminId !== null) {
        $who = 'staff ' . Runtime::$adminId . (Runtime::$userId !== null ? ', as user ' . Runtime::$userId : '');
    } elseif (Runtime::$userId !== null) {
        $who = 'user ' . Runtime::$userId . (Runtime::$clientId !== null ? ', account ' . Runtime::$clientId : '');
    }

    $nav = '';
    if (!$adminArea) {
        $navbar = new WHMCS\View\Menu\Item('Primary Navbar');
        $navbar->addChild('Home', ['label' => 'Hjem', 'uri' => 'index.php', 'order' => 10]);
        $navbar->addChild('Services', ['label' => 'Tjenester', 'uri' => 'index.php?m=services', 'order' => 20]);
        $navbar->addChild('Billing', ['label' => 'Faktura', 'uri' => 'index.php?m=billing', 'order' => 30]);
        Runtime::runHook('ClientAreaPrimaryNavbar', $navbar);
        foreach ($navbar->getChildren() as $item) {
            $nav .= '<li><a href="/' . e($item->getUri()) . '" data-menu="' . e($item->getName()) . '">' . e($item->getLabel()) . '</a></li>';
        }
    }
    echo '<!doctype html><html lang="nb"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        . '<title>' . e($title) . ' - Fjordhost</title>'
        . '<style>body{font-family:sans-serif;margin:0}header,nav,main{padding:.5rem 1rem}'
        . 'header{background:#123;color:#fff}header a{color:#fff}nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}'
        . '.alert{padding:.75rem;background:#eef}</style></head><body>'
        . '<header><strong>Fjordhost ' . ($adminArea ? 'admin' : 'kundesenter') . '</strong> · <span id="who">' . e($who) . '</span>'
        . ' · <a href="/login.php">Logg inn</a> · <a href="/logout.php">Logg ut</a></header>'
        . ($nav === '' ? '' : '<nav><ul>' . $nav . '</ul></nav>')
        . '<main><h1>' . e($title) . '</h1>' . $content . '</main></body></html>';
}

/** The fake login: every user on every account they may use, staff, and staff masquerading. */
function login_page()
{
    $pdo = Runtime::pdo();
    $options = '';
    $links = $pdo->query('SELECT uc.auth_user_id, uc.client_id, uc.owner, u.first_name, u.last_name,'
        . ' c.firstname, c.lastname, c.companyname FROM tblusers_clients uc'
        . ' JOIN tblusers u ON u.id = uc.auth_user_id JOIN tblclients c ON c.id = uc.client_id'
        . ' ORDER BY uc.auth_user_id, uc.client_id')->fetchAll(PDO::FETCH_ASSOC);
    $accounts = [];
    foreach ($links as $l) {
        $account = $l['companyname'] !== '' ? $l['companyname'] : $l['firstname'] . ' ' . $l['lastname'];
        $options .= '<option value="user:' . $l['auth_user_id'] . ':' . $l['client_id'] . '">'
            . e("User {$l['auth_user_id']} {$l['first_name']} {$l['last_name']} — account {$l['client_id']} $account"
                . ($l['owner'] ? ' (owner)' : '')) . '</option>';
        $accounts[$l['auth_user_id']][] = $l;
    }
    foreach ($accounts as $userId => $list) {
        if (count($list) > 1) {
            $options .= '<option value="user:' . $userId . ':0">' . e("User $userId {$list[0]['first_name']} {$list[0]['last_name']} — no account chosen yet") . '</option>';
        }
    }
    foreach ($pdo->query('SELECT id, firstname, lastname, disabled FROM tbladmins ORDER BY id')->fetchAll(PDO::FETCH_ASSOC) as $a) {
        $options .= '<option value="admin:' . $a['id'] . '">' . e("Staff {$a['id']} {$a['firstname']} {$a['lastname']} — admin area"
            . ($a['disabled'] ? ' (disabled)' : '')) . '</option>';
    }
    foreach ($links as $l) {
        if ($l['owner']) {
            $options .= '<option value="masquerade:1:' . $l['client_id'] . '">'
                . e("Staff 1 — Login as Owner of account {$l['client_id']}") . '</option>';
        }
    }
    page('Logg inn', '<form method="post" action="/login.php"><select name="who">' . $options . '</select> '
        . '<button type="submit">Logg inn</button></form>');
}

/** Logs in as chosen; a user login runs the UserLogin hook, as WHMCS does. */
function log_in(string $who)
{
    // A new session at login, as WHMCS starts one: nothing from before carries over.
    session_regenerate_id(true);
    $_SESSION = ['csrf' => bin2hex(random_bytes(20))];
    $parts = explode(':', $who);
    if ($parts[0] === 'user' && count($parts) === 3) {
        $_SESSION['user_id'] = (int) $parts[1];
        $_SESSION['uid'] = (int) $parts[2] > 0 ? (int) $parts[2] : null;
    } elseif ($parts[0] === 'admin' && count($parts) === 2) {
        $_SESSION['adminid'] = (int) $parts[1];
        return '/admin/addonmodules.php?module=privacyportal';
    } elseif ($parts[0] === 'masquerade' && count($parts) === 3) {
        $_SESSION['adminid'] = (int) $parts[1];
        $_SESSION['uid'] = (int) $parts[2];
        $owner = Runtime::pdo()->prepare('SELECT auth_user_id FROM tblusers_clients WHERE client_id = ? AND owner = 1');
        $owner->execute([(int) $parts[2]]);
        $_SESSION['user_id'] = (int) $owner->fetchColumn();
    } else {
        http_response_code(400);
        return null;
    }
    session_from($_SESSION);
    Runtime::runHook('UserLogin', ['user' => new WHMCS\User\User($_SESSION['user_id'])]);
    return '/index.php?m=privacyportal';
}

function session_from(array $session)
{
    Runtime::logIn($session['user_id'] ?? null, $session['uid'] ?? null, $session['adminid'] ?? null);
    Runtime::$csrf = (string) ($session['csrf'] ?? '');
}

function route(array $config)
{
    Runtime::connect($config['dsn'] . (stripos($config['dsn'], 'dbname=') === false ? ';dbname=' . $config['database'] : ''),
        $config['db_user'], $config['db_password']);
    session_start();
    if (!isset($_SESSION['csrf'])) {
        $_SESSION['csrf'] = bin2hex(random_bytes(20));
    }
    session_from($_SESSION);

    $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    $clientVars = Runtime::moduleVars('privacyportal', 'index.php?m=privacyportal', $config['settings']);
    $adminVars = Runtime::moduleVars('privacyportal', 'addonmodules.php?module=privacyportal', $config['settings']);

    if ($path === '/') {
        redirect('/index.php');
    } elseif ($path === '/login.php') {
        if ($_SERVER['REQUEST_METHOD'] === 'POST') {
            $to = log_in((string) ($_POST['who'] ?? ''));
            $to === null ? page('Logg inn', '<p>Unknown choice.</p>') : redirect($to);
        } else {
            login_page();
        }
    } elseif ($path === '/logout.php') {
        $_SESSION = [];
        session_destroy();
        redirect('/login.php');
    } elseif ($path === '/index.php' && ($_GET['m'] ?? '') === 'privacyportal') {
        // The token endpoint answers and exits inside the addon, as in WHMCS.
        $result = privacyportal_clientarea($clientVars);
        if (!empty($result['requirelogin']) && Runtime::$clientId === null) {
            redirect('/login.php');
            return;
        }
        page((string) $result['pagetitle'], Runtime::renderClientAreaModule('privacyportal', $result));
    } elseif ($path === '/index.php') {
        page('Kundesenter', '<p>Velkommen.</p>');
    } elseif ($path === '/admin/addonmodules.php' && ($_GET['module'] ?? '') === 'privacyportal') {
        if (Runtime::$adminId === null) {
            redirect('/login.php');
            return;
        }
        ob_start();
        privacyportal_output($adminVars);
        page('Privacy Portal', (string) ob_get_clean(), true);
    } elseif ($path === '/modules/addons/privacyportal/assets/privacyportal.js') {
        header('Content-Type: text/javascript; charset=utf-8');
        readfile(ROOTDIR . $path);
    } else {
        http_response_code(404);
        header('Content-Type: text/plain; charset=utf-8');
        echo "not found\n";
    }
}

try {
    route(standin_config());
} catch (Throwable $e) {
    error_log('clientarea: ' . get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine());
    if (!headers_sent()) {
        http_response_code(500);
        header('Content-Type: text/plain; charset=utf-8');
    }
    echo "internal error\n";
}
