<?php
// Who may call the API stand-in, checked in this order, each refusal answered with the
// HTTP status and message WHMCS uses (developers.whmcs.com/api/authentication/,
// /api/access-control/, and WHMCS 8.7's observed behaviour):
//   1. a banned IP (tblbannedips, not yet expired)          403 IP Banned
//   2. an access key that is sent must be the configured one 403 Invalid Access Key
//      otherwise the caller's IP must be in APIAllowedIPs   403 Invalid IP <ip>
//   3. an action                                             400 Empty action request
//   4. identifier + secret (or username + password) of a live tbldeviceauth row
//                                                            403 Invalid or missing credentials
//      whose secret hash matches                             403 Authentication Failed
//      for an admin who is not disabled                      403 Administrator Account Disabled
//   5. an action WHMCS has                                   403 Invalid API Action: "x" is not a valid API action
//   6. that one of the credential's API roles allows         403 Invalid Permissions: API action "x" is not allowed
//   7. responsetype=json                                     200 Unsupported API response type format
// A wrong secret counts as a failed authentication: the third from one IP within 30
// minutes bans it for InvalidLoginBanLength minutes (default 15), unless the IP is on
// the admin whitelist (WhitelistedIPs). The legacy login with an admin username and the
// MD5 of the admin's password is not imitated: such a username is an unknown identifier.

namespace WhmcsApiStandin;

if (!\defined('WHMCS_API_STANDIN')) {
    http_response_code(404);
    exit;
}

/** Failed authentications from one IP within this window ban it. */
const FAILURE_WINDOW = '-30 minutes';
const FAILURES_TO_BAN = 3;

/** Checks the call; on success $call->admin is the admin the credential acts as. */
function authorise(Call $call, array $raw, array $config): void
{
    if ($call->row('SELECT id FROM tblbannedips WHERE ip = ? AND expires > ?', [$call->ip, $call->now()]) !== null) {
        throw new Refusal(403, 'IP Banned');
    }

    $sentKey = text($raw, 'accesskey');
    if ($sentKey !== null && $sentKey !== '') {
        if ($config['access_key'] === '' || !hash_equals($config['access_key'], $sentKey)) {
            throw new Refusal(403, 'Invalid Access Key');
        }
    } elseif (!in_array($call->ip, ip_list($call->setting('APIAllowedIPs')), true)) {
        throw new Refusal(403, 'Invalid IP ' . $call->ip);
    }

    if ($call->action === '') {
        throw new Refusal(400, 'Empty action request');
    }

    $identifier = (string) (text($raw, 'identifier') ?? text($raw, 'username') ?? '');
    $secret = (string) (text($raw, 'secret') ?? text($raw, 'password') ?? '');
    $credential = $identifier === '' ? null
        : $call->row('SELECT * FROM tbldeviceauth WHERE identifier = ? AND deleted_at IS NULL', [$identifier]);
    if ($credential === null) {
        throw new Refusal(403, 'Invalid or missing credentials');
    }
    if (!password_verify($secret, $credential['secret'])) {
        failed_authentication($call);
        throw new Refusal(403, 'Authentication Failed');
    }
    $admin = $call->row('SELECT id, username, disabled FROM tbladmins WHERE id = ?', [$credential['user_id']]);
    if ($admin === null || (int) $admin['disabled'] !== 0) {
        throw new Refusal(403, 'Administrator Account Disabled');
    }
    $call->exec('UPDATE tbldeviceauth SET last_access = ? WHERE id = ?', [$call->now(), $credential['id']]);
    $call->admin = ['id' => (int) $admin['id'], 'username' => (string) $admin['username']];

    if (!isset(whmcs_actions()[$call->action])) {
        throw new Refusal(403, 'Invalid API Action: "' . $call->action . '" is not a valid API action');
    }
    if (!role_allows($call, (string) $credential['role_ids'], $call->action)) {
        throw new Refusal(403, 'Invalid Permissions: API action "' . $call->action . '" is not allowed');
    }

    if (strtolower((string) text($raw, 'responsetype')) !== 'json') {
        // WHMCS would answer NVP or XML here; the stand-in speaks JSON only, so a client
        // that forgets responsetype=json fails visibly instead of parsing by luck.
        throw new Refusal(200, 'Unsupported API response type format');
    }
}

/** The IP addresses of a serialized list of ['ip' => ..., 'note' => ...] entries. */
function ip_list(?string $serialized): array
{
    if ($serialized === null || $serialized === '') {
        return [];
    }
    $entries = @unserialize($serialized, ['allowed_classes' => false]);
    if (!is_array($entries)) {
        return [];
    }
    $ips = [];
    foreach ($entries as $entry) {
        if (is_array($entry) && isset($entry['ip'])) {
            $ips[] = trim((string) $entry['ip']);
        }
    }
    return $ips;
}

/** Whether any of the roles (a JSON list of tblapi_roles ids) allows the action. */
function role_allows(Call $call, string $roleIds, string $action): bool
{
    $ids = json_decode($roleIds, true);
    if (!is_array($ids)) {
        return false;
    }
    foreach ($ids as $id) {
        $role = $call->row('SELECT permissions FROM tblapi_roles WHERE id = ?', [(int) $id]);
        $permissions = $role === null ? null : json_decode((string) $role['permissions'], true);
        if (is_array($permissions) && !empty($permissions[$action])) {
            return true;
        }
    }
    return false;
}

/** Counts a failed authentication and bans the IP at the third within the window. */
function failed_authentication(Call $call): void
{
    $call->exec('INSERT INTO standin_api_failures (ip, at) VALUES (?, ?)', [$call->ip, $call->now()]);
    $q = $call->pdo->prepare('SELECT COUNT(*) FROM standin_api_failures WHERE ip = ? AND at > ?');
    $q->execute([$call->ip, $call->now(FAILURE_WINDOW)]);
    if ((int) $q->fetchColumn() < FAILURES_TO_BAN || in_array($call->ip, ip_list($call->setting('WhitelistedIPs')), true)) {
        return;
    }
    $minutes = (int) ($call->setting('InvalidLoginBanLength') ?? 0);
    if ($minutes <= 0) {
        $minutes = 15;
    }
    $call->exec('INSERT INTO tblbannedips (ip, reason, expires) VALUES (?, ?, ?)',
        [$call->ip, FAILURES_TO_BAN . ' Invalid Login Attempts', $call->now("+$minutes minutes")]);
    // The count starts again once the ban is over.
    $call->exec('DELETE FROM standin_api_failures WHERE ip = ?', [$call->ip]);
}
