<?php
// A stand-in for WHMCS's remote API (POST /includes/api.php) for tests of the privacy
// portal's WHMCS writes:
//   php -S 127.0.0.1:PORT -t tests/whmcs/api
// WHMCS is licensed software and is not installed for tests. This answers as WHMCS 8
// does, written from its API reference (developers.whmcs.com/api/ and
// /api-reference/<action>/) and WHMCS 8.7's observed behaviour, against the fixture
// database: credentials, API roles, the IP allowlist and IP bans, HTTP statuses and
// error messages word for word, HTML-encoded input, PHP truthiness for booleans, and
// the rows WHMCS writes (activity log, consent history, notes, soft-deleted pay
// methods, e-mail copies). What WHMCS does out of sight is recorded in tables of its own
// (schema.sql beside this directory): every call, and every hook an action fires with
// the parameters an addon would receive. actions.json lists the actions it implements,
// with the hooks each fires, whether it logs and the errors it checks; a documented
// action it does not implement, or a parameter it does not imitate, is refused with a
// message that says so, never faked.
//
// Configuration, from the environment:
//   WHMCS_DATABASE          the fixture database; required
//   WHMCS_DSN               default mysql:host=127.0.0.1;port=3306;charset=utf8
//   WHMCS_DB_USER           default root
//   WHMCS_DB_PASSWORD       default empty
//   WHMCS_API_ACCESS_KEY    the $api_access_key of WHMCS's configuration.php; default none
//   WHMCS_TIMEZONE          the installation's time zone; default Europe/Oslo

error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    if (!(error_reporting() & $severity)) {
        return false; // silenced with @ on purpose
    }
    throw new ErrorException($message, 0, $severity, $file, $line);
});

const WHMCS_API_STANDIN = true;

require __DIR__ . '/../lib/standin.php';
require __DIR__ . '/../lib/whmcs_actions.php';
require __DIR__ . '/../lib/access.php';
foreach (glob(__DIR__ . '/../lib/actions/*.php') as $file) {
    require $file;
}

use WhmcsApiStandin\ActionError;
use WhmcsApiStandin\Call;
use WhmcsApiStandin\NotImitated;
use WhmcsApiStandin\Refusal;

use function WhmcsApiStandin\authorise;
use function WhmcsApiStandin\config;
use function WhmcsApiStandin\connect;
use function WhmcsApiStandin\implemented_actions;
use function WhmcsApiStandin\respond;
use function WhmcsApiStandin\whmcs_input;

/** Parameters the API itself reads; the action never sees them. */
const API_PARAMETERS = ['action', 'identifier', 'secret', 'username', 'password', 'accesskey', 'responsetype'];

function serve(): void
{
    $config = config();
    date_default_timezone_set($config['timezone']);
    $call = new Call(connect($config), (string) ($_SERVER['REMOTE_ADDR'] ?? ''));
    // WHMCS reads its parameters from the query string and the form body alike.
    $raw = $_POST + $_GET;
    $call->start($raw);
    try {
        authorise($call, $raw, $config);
        $spec = implemented_actions()[$call->action] ?? null;
        if ($spec === null) {
            throw new NotImitated('the ' . $call->action . ' action');
        }
        $handler = 'WhmcsApiStandin\\Actions\\' . $call->action;
        if (!function_exists($handler)) {
            throw new LogicException("actions.json lists {$spec['name']}, which has no $handler()");
        }
        $params = array_diff_key(whmcs_input($raw), array_flip(API_PARAMETERS));
        $result = $handler($call, $params);
        $call->finish('success', null, 200);
        respond(200, $result);
    } catch (Refusal $e) {
        $call->finish('error', $e->getMessage(), $e->status);
        respond($e->status, ['result' => 'error', 'message' => $e->getMessage()]);
    } catch (ActionError $e) {
        $call->finish('error', $e->getMessage(), 200);
        respond(200, ['result' => 'error', 'message' => $e->getMessage()]);
    } catch (NotImitated $e) {
        // Not a WHMCS answer: 501 so that no client mistakes it for one.
        $message = 'The WHMCS API stand-in does not imitate ' . $e->getMessage();
        $call->finish('error', $message, 501);
        respond(501, ['result' => 'error', 'message' => $message]);
    } catch (Throwable $e) {
        $call->finish(null, 'stand-in failure: ' . $e->getMessage(), 500);
        throw $e;
    }
}

try {
    serve();
} catch (Throwable $e) {
    error_log('whmcs api stand-in: ' . get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine());
    if (!headers_sent()) {
        respond(500, ['result' => 'error', 'message' => 'stand-in failure: ' . $e->getMessage()]);
    }
}
