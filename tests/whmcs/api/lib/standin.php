<?php
// The plumbing of the WHMCS API stand-in (../includes/api.php): configuration, the
// database, WHMCS's input encoding, the answer, and the records a test reads: every
// call (standin_api_calls), every hook an action fires (standin_hooks) and every
// activity-log line (WHMCS's own tblactivitylog).

namespace WhmcsApiStandin;

use PDO;

if (!\defined('WHMCS_API_STANDIN')) {
    http_response_code(404);
    exit;
}

/**
 * The environment: WHMCS_DATABASE (required), WHMCS_DSN, WHMCS_DB_USER,
 * WHMCS_DB_PASSWORD as for the stand-in client area; WHMCS_API_ACCESS_KEY is what a
 * real installation keeps as $api_access_key in configuration.php ('' = none);
 * WHMCS_TIMEZONE the installation's PHP time zone.
 */
function config(): array
{
    $pick = function (string $env, ?string $default = null): string {
        $value = getenv($env);
        if ($value !== false && $value !== '') {
            return $value;
        }
        if ($default === null) {
            throw new \RuntimeException("set $env");
        }
        return $default;
    };
    return [
        'database' => $pick('WHMCS_DATABASE'),
        'dsn' => $pick('WHMCS_DSN', 'mysql:host=127.0.0.1;port=3306;charset=utf8'),
        'db_user' => $pick('WHMCS_DB_USER', 'root'),
        'db_password' => $pick('WHMCS_DB_PASSWORD', ''),
        'access_key' => $pick('WHMCS_API_ACCESS_KEY', ''),
        'timezone' => $pick('WHMCS_TIMEZONE', 'Europe/Oslo'),
    ];
}

function connect(array $config): PDO
{
    $dsn = $config['dsn'];
    if (stripos($dsn, 'dbname=') === false) {
        $dsn .= ';dbname=' . $config['database'];
    }
    return new PDO($dsn, $config['db_user'], $config['db_password'], [
        PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
        PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
        PDO::ATTR_EMULATE_PREPARES => false,
        PDO::ATTR_STRINGIFY_FETCHES => true,
    ]);
}

/** A refusal before any action runs; WHMCS answers these with an HTTP status of their own. */
final class Refusal extends \Exception
{
    /** @var int */
    public $status;

    public function __construct(int $status, string $message)
    {
        parent::__construct($message);
        $this->status = $status;
    }
}

/** An action's own error: HTTP 200 with result "error" and the message. */
final class ActionError extends \Exception
{
}

/** What the stand-in cannot imitate: answered as an error that names the stand-in. */
final class NotImitated extends \Exception
{
}

/**
 * The actions the stand-in implements, from ../actions.json, keyed by lower-case name.
 * The same file is the table the tests read, so what a test expects and what the
 * stand-in does come from one place.
 */
function implemented_actions(): array
{
    static $actions;
    if ($actions === null) {
        $json = file_get_contents(__DIR__ . '/../actions.json');
        $table = json_decode((string) $json, true, 512, JSON_THROW_ON_ERROR);
        $actions = [];
        foreach ($table as $name => $spec) {
            $actions[strtolower($name)] = $spec + ['name' => $name];
        }
    }
    return $actions;
}

/**
 * The request as WHMCS sees it: keys other than letters, digits, "_", "-", "." and space
 * are dropped, and every value is HTML-entity encoded, quotes included, before any
 * action reads it. Booleans are then PHP truthiness (see flag()).
 */
function whmcs_input(array $in): array
{
    $out = [];
    foreach ($in as $key => $value) {
        if (!preg_match('/^[A-Za-z0-9_\-. ]+$/', (string) $key)) {
            continue;
        }
        $out[$key] = is_array($value) ? whmcs_input($value) : htmlspecialchars((string) $value, ENT_QUOTES, 'UTF-8');
    }
    return $out;
}

/** A boolean parameter the way WHMCS reads one: PHP truthiness, so "false" is true. */
function flag($value): bool
{
    return (bool) $value;
}

/** A scalar parameter as a string, or null when absent (or sent as an array). */
function text(array $params, string $key): ?string
{
    if (!array_key_exists($key, $params) || is_array($params[$key])) {
        return null;
    }
    return (string) $params[$key];
}

/** The request parameters with the secrets masked, for standin_api_calls. */
function masked(array $raw): array
{
    foreach (['secret', 'password', 'accesskey'] as $key) {
        if (array_key_exists($key, $raw)) {
            $raw[$key] = '***';
        }
    }
    return $raw;
}

function json(array $value): string
{
    return json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_PRESERVE_ZERO_FRACTION | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR);
}

/** One API call: the database, who called, as which admin, and what it did. */
final class Call
{
    /** @var PDO */
    public $pdo;
    /** @var string the caller's IP address */
    public $ip;
    /** @var int standin_api_calls.id */
    public $id;
    /** @var string the action, lower case */
    public $action = '';
    /** @var array{id: int, username: string}|null the admin the credential acts as */
    public $admin;

    public function __construct(PDO $pdo, string $ip)
    {
        $this->pdo = $pdo;
        $this->ip = $ip;
    }

    /** Now, in the installation's time zone, as WHMCS (PHP) writes its datetimes. */
    public function now(string $modify = ''): string
    {
        $time = new \DateTimeImmutable('now');
        return ($modify === '' ? $time : $time->modify($modify))->format('Y-m-d H:i:s');
    }

    /** A tblconfiguration value, or null when the setting does not exist. */
    public function setting(string $name): ?string
    {
        $q = $this->pdo->prepare('SELECT value FROM tblconfiguration WHERE setting = ?');
        $q->execute([$name]);
        $value = $q->fetchColumn();
        return $value === false ? null : (string) $value;
    }

    public function row(string $sql, array $args): ?array
    {
        $q = $this->pdo->prepare($sql);
        $q->execute($args);
        $row = $q->fetch();
        return $row === false ? null : $row;
    }

    public function exec(string $sql, array $args): int
    {
        $q = $this->pdo->prepare($sql);
        $q->execute($args);
        return $q->rowCount();
    }

    /** Opens the call's record; the answer is written by finish(). */
    public function start(array $raw): void
    {
        $this->action = strtolower(trim((string) (is_array($raw['action'] ?? '') ? '' : ($raw['action'] ?? ''))));
        $this->exec('INSERT INTO standin_api_calls (action, params, ip, at) VALUES (?, ?, ?, ?)',
            [substr($this->action, 0, 64), json(masked($raw)), $this->ip, $this->now()]);
        $this->id = (int) $this->pdo->lastInsertId();
    }

    public function finish(?string $result, ?string $message, int $status): void
    {
        $this->exec('UPDATE standin_api_calls SET result = ?, message = ?, http_status = ? WHERE id = ?',
            [$result, $message, $status, $this->id]);
    }

    /** This action's row in actions.json. */
    public function spec(): array
    {
        $actions = implemented_actions();
        if (!isset($actions[$this->action])) {
            throw new \LogicException("action {$this->action} is not in actions.json");
        }
        return $actions[$this->action];
    }

    /**
     * Records a hook as fired with these parameters. A hook the action's row in
     * actions.json does not list is a bug in the stand-in, not a WHMCS behaviour.
     */
    public function hook(string $hook, array $params): void
    {
        if (!in_array($hook, $this->spec()['hooks'], true)) {
            throw new \LogicException("{$this->action} fires $hook, which actions.json does not list");
        }
        $this->exec('INSERT INTO standin_hooks (hook, params, fired_at, call_id) VALUES (?, ?, ?, ?)',
            [$hook, json($params), $this->now(), $this->id]);
    }

    /**
     * Writes an activity-log line as WHMCS does for an API call: user is the credential's
     * admin username, userid the client the line is about (0 for none), user_id 0 (no
     * client-area user acted), admin_id the admin, ipaddr the caller.
     */
    public function log(string $description, int $clientId): void
    {
        if (empty($this->spec()['logs'])) {
            throw new \LogicException("{$this->action} logs, but actions.json says it does not");
        }
        $this->exec('INSERT INTO tblactivitylog (date, description, user, userid, user_id, admin_id, ipaddr)'
            . ' VALUES (?, ?, ?, ?, 0, ?, ?)',
            [$this->now(), $description, $this->admin['username'], $clientId, $this->admin['id'], $this->ip]);
    }
}

function respond(int $status, array $body): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    // WHMCS's default JSON: slashes and non-ASCII escaped.
    echo json_encode($body, JSON_INVALID_UTF8_SUBSTITUTE);
}
