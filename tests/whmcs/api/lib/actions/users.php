<?php
// User actions of the WHMCS API stand-in (users are the 8.x logins): UpdateUser,
// DeleteUserClient.

namespace WhmcsApiStandin\Actions;

use WhmcsApiStandin\ActionError;
use WhmcsApiStandin\Call;

use function WhmcsApiStandin\text;

if (!\defined('WHMCS_API_STANDIN')) {
    http_response_code(404);
    exit;
}

/** UpdateUser's parameters, their tblusers columns and the activity log's names for them. */
const USER_FIELDS = [
    'firstname' => ['first_name', 'First Name'],
    'lastname' => ['last_name', 'Last Name'],
    'email' => ['email', 'Email Address'],
    'language' => ['language', 'Language'],
];

// https://developers.whmcs.com/api-reference/updateuser/
// Values are trimmed and empty ones ignored, so a name can be replaced but not blanked.
// The e-mail must be free among users only (clients and contacts are not checked).
function updateuser(Call $call, array $p): array
{
    $old = $call->row('SELECT * FROM tblusers WHERE id = ?', [(int) text($p, 'user_id')]);
    if ($old === null) {
        throw new ActionError('Invalid User ID requested');
    }
    $userId = (int) $old['id'];
    $set = [];
    foreach (USER_FIELDS as $param => [$column]) {
        $value = trim((string) text($p, $param));
        if ($value !== '') {
            $set[$column] = $value;
        }
    }
    if ($set === []) {
        throw new ActionError('One of `email`, `firstname`, `lastname`, or `language` is required');
    }
    if (isset($set['email'])) {
        if (filter_var($set['email'], FILTER_VALIDATE_EMAIL) === false) {
            throw new ActionError('The email address entered is not valid');
        }
        if ($call->row('SELECT id FROM tblusers WHERE email = ? AND id <> ?', [$set['email'], $userId]) !== null) {
            throw new ActionError('A user already exists with that email address');
        }
    }

    $set = array_filter($set, function ($value, $column) use ($old) {
        return (string) $old[$column] !== $value;
    }, ARRAY_FILTER_USE_BOTH);
    $now = $call->now();
    $verify = isset($set['email']) && $call->setting('EnableEmailVerification') === 'on';
    if ($set !== []) {
        $changes = [];
        foreach (USER_FIELDS as [$column, $label]) {
            if (isset($set[$column])) {
                $changes[] = "$label changed from '{$old[$column]}' to '{$set[$column]}'";
            }
        }
        $columns = $set + ['updated_at' => $now];
        if ($verify) {
            // A new address is unverified until the user follows the mail sent to it.
            $columns += [
                'email_verified_at' => null,
                'email_verification_token' => bin2hex(random_bytes(32)),
                'email_verification_token_expiry' => $call->now('+1 day'),
            ];
        }
        $assignments = implode(', ', array_map(function ($column) {
            return "`$column` = ?";
        }, array_keys($columns)));
        $call->exec("UPDATE tblusers SET $assignments WHERE id = ?", array_merge(array_values($columns), [$userId]));
        if ($verify) {
            verification_mail($call, $set['email'], $columns['email_verification_token']);
        }
        // WHMCS writes this line when the user record changes, so an unchanged user gets none.
        $call->log('User Account Modified - ' . implode(', ', $changes) . " - UserID: $userId", 0);
    }

    $new = $call->row('SELECT * FROM tblusers WHERE id = ?', [$userId]);
    $call->hook('UserEdit', user_details($new) + ['olddata' => user_details($old)]);
    return ['result' => 'success', 'user_id' => text($p, 'user_id')];
}

/** What UserEdit receives about a user, after and (as olddata) before. */
function user_details(array $user): array
{
    return [
        'user_id' => (int) $user['id'],
        'firstname' => (string) $user['first_name'],
        'lastname' => (string) $user['last_name'],
        'email' => (string) $user['email'],
        'language' => (string) $user['language'],
    ];
}

/**
 * The "Email Address Verification" mail to a user's new address, as it lands in
 * tblemails (userid 0: the mail is the user's, not an account's). The text is the
 * stand-in's; WHMCS's comes from its e-mail template.
 */
function verification_mail(Call $call, string $to, string $token): void
{
    $link = rtrim((string) $call->setting('SystemURL'), '/') . '/index.php?rp=/user/verify/' . $token;
    $now = $call->now();
    $call->exec('INSERT INTO tblemails (userid, subject, message, date, `to`, cc, bcc, attachments, pending,'
        . ' message_data, failed, failure_reason, retry_count, created_at, updated_at, campaign_id)'
        . " VALUES (0, ?, ?, ?, ?, '', '', '', 0, NULL, 0, '', 0, ?, ?, 0)",
        ['Email Address Verification',
            '<p>Please verify your email address by following this link:</p><p><a href="' . $link . '">' . $link . '</a></p>',
            $now, $to, $now, $now]);
}

// https://developers.whmcs.com/api-reference/deleteuserclient/
// Removes the link between user and account; the user stays. No hook.
function deleteuserclient(Call $call, array $p): array
{
    $userId = (int) text($p, 'user_id');
    $clientId = (int) text($p, 'client_id');
    if ($call->row('SELECT id FROM tblusers WHERE id = ?', [$userId]) === null) {
        throw new ActionError('Invalid User ID requested');
    }
    if ($call->row('SELECT id FROM tblclients WHERE id = ?', [$clientId]) === null) {
        throw new ActionError('Invalid Client ID requested');
    }
    $link = $call->row('SELECT id, owner FROM tblusers_clients WHERE auth_user_id = ? AND client_id = ?', [$userId, $clientId]);
    if ($link === null) {
        throw new ActionError('User is not associated with client');
    }
    if ((int) $link['owner'] === 1) {
        throw new ActionError('You cannot remove the account owner');
    }
    $call->exec('DELETE FROM tblusers_clients WHERE id = ?', [$link['id']]);
    $call->log("User Account Relationship Removed - UserID: $userId - Client ID: $clientId", $clientId);
    return ['result' => 'success'];
}
