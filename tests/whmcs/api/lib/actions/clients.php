<?php
// Client and contact actions of the WHMCS API stand-in: UpdateClient, UpdateContact,
// DeleteContact. Parameters arrive already HTML-encoded (whmcs_input()); what is
// stored is what WHMCS would store.

namespace WhmcsApiStandin\Actions;

use WhmcsApiStandin\ActionError;
use WhmcsApiStandin\Call;
use WhmcsApiStandin\NotImitated;

use function WhmcsApiStandin\flag;
use function WhmcsApiStandin\text;

if (!\defined('WHMCS_API_STANDIN')) {
    http_response_code(404);
    exit;
}

/** The e-mail categories of tblclients.email_preferences, and their tblcontacts columns. */
const EMAIL_TYPES = [
    'general' => 'generalemails',
    'invoice' => 'invoiceemails',
    'support' => 'supportemails',
    'product' => 'productemails',
    'domain' => 'domainemails',
    'affiliate' => 'affiliateemails',
];

const ICANN_CLIENT = 'You must have at least one email address enabled to receive domain related notifications'
    . ' as required by ICANN. To disable domain notifications, please create an alternative contact that is'
    . ' set to receive them';
const ICANN_CONTACT = 'You must have at least one email address enabled to receive domain related notifications'
    . ' as required by ICANN. To disable domain notifications, please enable domain notifications for the'
    . ' primary account holder or another contact';

/** UpdateClient's columns written as text, when present in the request. */
const CLIENT_TEXT = ['firstname', 'lastname', 'companyname', 'email', 'address1', 'address2', 'city', 'state',
    'postcode', 'country', 'phonenumber', 'tax_id', 'notes', 'status', 'language', 'datecreated'];
const CLIENT_INT = ['currency', 'groupid', 'billingcid'];
/** Tick boxes: PHP truthiness, logged as Enabled/Disabled. */
const CLIENT_FLAGS = ['taxexempt', 'latefeeoveride', 'overideduenotices', 'separateinvoices', 'disableautocc'];

/**
 * The activity log's names for the client columns it reports. tax_id, notes, custom
 * fields, e-mail preferences and the legacy columns are not reported.
 */
const CLIENT_LABELS = [
    'firstname' => 'First Name',
    'lastname' => 'Last Name',
    'companyname' => 'Company Name',
    'email' => 'Email Address',
    'address1' => 'Address 1',
    'address2' => 'Address 2',
    'city' => 'City',
    'state' => 'State',
    'postcode' => 'Postcode',
    'country' => 'Country',
    'phonenumber' => 'Phone Number',
    'status' => 'Status',
    'language' => 'Language',
    'currency' => 'Currency',
    'groupid' => 'Client Group',
    'billingcid' => 'Billing Contact',
    'credit' => 'Credit Balance',
    'datecreated' => 'Signup Date',
    'taxexempt' => 'Tax Exempt',
    'latefeeoveride' => 'Late Fees Override',
    'overideduenotices' => 'Overdue Notices',
    'separateinvoices' => 'Separate Invoices',
    'disableautocc' => 'Disable CC Processing',
    'marketing_emails_opt_in' => 'Marketing Emails Opt-in',
];

/** UpdateClient parameters the stand-in refuses rather than fakes (passwords, security questions, card data). */
const CLIENT_NOT_IMITATED = ['password2', 'securityqid', 'securityqans', 'cardtype', 'cardnum', 'expdate',
    'startdate', 'issuenumber', 'bankcode', 'bankacct', 'cvv'];

// https://developers.whmcs.com/api-reference/updateclient/
function updateclient(Call $call, array $p): array
{
    foreach (CLIENT_NOT_IMITATED as $key) {
        if (array_key_exists($key, $p)) {
            throw new NotImitated("UpdateClient's $key parameter");
        }
    }
    $byEmail = text($p, 'clientemail');
    if ($byEmail !== null && $byEmail !== '') {
        $old = $call->row('SELECT * FROM tblclients WHERE email = ? ORDER BY id LIMIT 1', [$byEmail]);
    } else {
        $old = $call->row('SELECT * FROM tblclients WHERE id = ?', [(int) text($p, 'clientid')]);
    }
    if ($old === null) {
        throw new ActionError('Client ID Not Found');
    }
    $id = (int) $old['id'];

    $email = text($p, 'email');
    if ($email !== null) {
        if (filter_var($email, FILTER_VALIDATE_EMAIL) === false) {
            throw new ActionError('The email address entered is not valid');
        }
        // Another client's e-mail, or a legacy sub-account contact's; users are not checked.
        if ($call->row('SELECT id FROM tblclients WHERE email = ? AND id <> ?', [$email, $id]) !== null
            || $call->row('SELECT id FROM tblcontacts WHERE email = ? AND subaccount = 1', [$email]) !== null) {
            throw new ActionError('Duplicate Email Address');
        }
    }

    $preferences = null;
    if (isset($p['email_preferences']) && is_array($p['email_preferences'])) {
        $preferences = email_preferences($old);
        foreach ($p['email_preferences'] as $type => $value) {
            if (!array_key_exists($type, EMAIL_TYPES)) {
                throw new ActionError('Invalid Email Type: ' . $type);
            }
            $preferences[$type] = flag($value);
        }
        if (!$preferences['domain']
            && $call->row('SELECT id FROM tblcontacts WHERE userid = ? AND domainemails = 1', [$id]) === null) {
            throw new ActionError(ICANN_CLIENT);
        }
    }

    $set = [];
    foreach (CLIENT_TEXT as $column) {
        $value = text($p, $column);
        if ($value !== null) {
            $set[$column] = $value;
        }
    }
    foreach (CLIENT_INT as $column) {
        if (text($p, $column) !== null) {
            $set[$column] = (string) (int) text($p, $column);
        }
    }
    foreach (CLIENT_FLAGS as $column) {
        if (array_key_exists($column, $p)) {
            $set[$column] = flag($p[$column]) ? '1' : '0';
        }
    }
    if (text($p, 'credit') !== null) {
        $set['credit'] = number_format((float) text($p, 'credit'), 2, '.', '');
    }
    if ($preferences !== null) {
        $set['email_preferences'] = json_encode($preferences);
    }
    // paymentmethod is ignored unless it names an active gateway: the fixture has none.
    // overrideautoclose is documented but ignored by WHMCS 8.7.
    if (array_key_exists('clearcreditcard', $p) && flag($p['clearcreditcard'])) {
        $set += ['cardtype' => '', 'cardlastfour' => '', 'cardnum' => '', 'startdate' => '', 'expdate' => '', 'issuenumber' => ''];
        clear_cards($call, $id);
    }
    $set = array_filter($set, function ($value, $column) use ($old) {
        return (string) $old[$column] !== $value;
    }, ARRAY_FILTER_USE_BOTH);
    if ($set !== []) {
        $set['updated_at'] = $call->now();
        $assignments = implode(', ', array_map(function ($column) {
            return "`$column` = ?";
        }, array_keys($set)));
        $call->exec("UPDATE tblclients SET $assignments WHERE id = ?", array_merge(array_values($set), [$id]));
    }

    // Custom fields come after the row is saved: their errors leave it saved.
    if (text($p, 'customfields') !== null) {
        save_custom_fields($call, $id, (string) text($p, 'customfields'), !flag($p['skipvalidation'] ?? ''));
    }

    if (array_key_exists('marketingoptin', $p)) {
        $clientIp = text($p, 'clientip');
        marketing(
            $call,
            $id,
            flag($p['marketingoptin']),
            (int) $call->row('SELECT marketing_emails_opt_in FROM tblclients WHERE id = ?', [$id])['marketing_emails_opt_in'] === 1,
            $clientIp !== null && $clientIp !== '' ? $clientIp : $call->ip
        );
    }

    $new = $call->row('SELECT * FROM tblclients WHERE id = ?', [$id]);
    $convert = $call->setting('MarketingEmailConvert') === 'on';
    $call->hook('ClientEdit', client_details($new, $convert) + ['olddata' => client_details($old, $convert)]);

    $changes = [];
    foreach (CLIENT_LABELS as $column => $label) {
        if ((string) $old[$column] === (string) $new[$column]) {
            continue;
        }
        if ($column === 'marketing_emails_opt_in' || in_array($column, CLIENT_FLAGS, true)) {
            $changes[] = "$label: '" . ($old[$column] ? 'Enabled' : 'Disabled') . "' to '" . ($new[$column] ? 'Enabled' : 'Disabled') . "'";
        } else {
            $changes[] = "$label: '{$old[$column]}' to '{$new[$column]}'";
        }
    }
    $call->log('Client Profile Modified - ' . ($changes === [] ? 'No Changes' : implode(', ', $changes)) . " - User ID: $id", $id);

    // The id comes back as it was sent, when the client was named by it.
    return ['result' => 'success', 'clientid' => $byEmail !== null && $byEmail !== '' ? $id : (text($p, 'clientid') ?? $id)];
}

/** The stored e-mail preferences of a client; NULL means every category on. */
function email_preferences(array $client): array
{
    $stored = $client['email_preferences'] === null ? null : json_decode((string) $client['email_preferences'], true);
    $preferences = [];
    foreach (array_keys(EMAIL_TYPES) as $type) {
        $preferences[$type] = is_array($stored) && array_key_exists($type, $stored) ? (bool) $stored[$type] : true;
    }
    return $preferences;
}

/**
 * What ClientEdit receives, after and (as olddata) before: the client's details as
 * listed in the hook reference (developers.whmcs.com/hooks-reference/client/#clientedit),
 * plus tax_id and email_preferences. WHMCS also passes its client model object, which
 * has no JSON form.
 */
function client_details(array $row, bool $marketingConverted): array
{
    $details = ['userid' => (int) $row['id']];
    foreach (['uuid', 'firstname', 'lastname', 'companyname', 'email', 'address1', 'address2', 'city', 'state',
        'postcode', 'country', 'phonenumber', 'tax_id', 'notes', 'status', 'language', 'authmodule', 'authdata'] as $column) {
        $details[$column] = (string) $row[$column];
    }
    foreach (['currency', 'billingcid', 'groupid'] as $column) {
        $details[$column] = (int) $row[$column];
    }
    foreach (['taxexempt', 'latefeeoveride', 'overideduenotices', 'separateinvoices', 'disableautocc', 'emailoptout',
        'marketing_emails_opt_in', 'overrideautoclose', 'allow_sso', 'email_verified'] as $column) {
        $details[$column] = (bool) (int) $row[$column];
    }
    $details['email_preferences'] = email_preferences($row);
    // Where MarketingEmailConvert is on, marketing_emails_opt_in is the flag that counts;
    // before the conversion it was "not opted out".
    $details['isOptedInToMarketingEmails'] = $marketingConverted
        ? (int) $row['marketing_emails_opt_in'] === 1
        : (int) $row['emailoptout'] === 0;
    return $details;
}

/**
 * marketingoptin: only a change of the raw marketing_emails_opt_in column does anything
 * (whatever MarketingEmailConvert says). It sets both columns, adds a consent row
 * (admin = 1: a staff member's credential acted) and an activity-log line. Its failures
 * are swallowed, as WHMCS swallows them.
 */
function marketing(Call $call, int $clientId, bool $optIn, bool $optedIn, string $ip): void
{
    if ($optIn === $optedIn) {
        return;
    }
    $now = $call->now();
    try {
        $call->pdo->beginTransaction();
        $call->exec('UPDATE tblclients SET marketing_emails_opt_in = ?, emailoptout = ?, updated_at = ? WHERE id = ?',
            [$optIn ? 1 : 0, $optIn ? 0 : 1, $now, $clientId]);
        // The column holds 32 characters; WHMCS leaves a longer (IPv6) address cut short.
        $call->exec('INSERT INTO tblmarketing_consent (userid, opt_in, admin, ip_address, created_at, updated_at)'
            . ' VALUES (?, ?, 1, ?, ?, ?)', [$clientId, $optIn ? 1 : 0, substr($ip, 0, 32), $now, $now]);
        $call->log(($optIn ? 'Opted In to Marketing Emails' : 'Opted Out from Marketing Emails') . " - Client ID: $clientId", $clientId);
        $call->pdo->commit();
    } catch (\PDOException $e) {
        $call->pdo->rollBack();
        error_log("marketingoptin for client $clientId failed and was ignored: " . $e->getMessage());
    }
}

/** clearcreditcard: every card pay method of the client is soft-deleted; bank accounts stay. */
function clear_cards(Call $call, int $clientId): void
{
    $now = $call->now();
    $q = $call->pdo->prepare("SELECT id, payment_id FROM tblpaymethods WHERE userid = ? AND deleted_at IS NULL"
        . " AND payment_type IN ('CreditCard', 'RemoteCreditCard')");
    $q->execute([$clientId]);
    foreach ($q->fetchAll() as $method) {
        $call->exec('UPDATE tblpaymethods SET deleted_at = ?, updated_at = ? WHERE id = ?', [$now, $now, $method['id']]);
        $call->exec('UPDATE tblcreditcards SET deleted_at = ?, updated_at = ? WHERE id = ?', [$now, $now, $method['payment_id']]);
    }
}

/**
 * customfields: base64 of a PHP-serialize()d array of field id (or field name) => value.
 * The values are stored as sent: the base64 payload passes WHMCS's HTML encoding
 * untouched. Unknown fields are ignored; admin-only fields are writable.
 */
function save_custom_fields(Call $call, int $clientId, string $payload, bool $validate): void
{
    $decoded = base64_decode($payload, true);
    $values = $decoded === false ? false : @unserialize($decoded, ['allowed_classes' => false]);
    if (!is_array($values)) {
        return;
    }
    $fields = [];
    $errors = [];
    foreach ($values as $key => $value) {
        if (!is_scalar($value)) {
            continue;
        }
        $field = is_int($key) || ctype_digit((string) $key)
            ? $call->row("SELECT * FROM tblcustomfields WHERE type = 'client' AND id = ?", [(int) $key])
            : $call->row("SELECT * FROM tblcustomfields WHERE type = 'client' AND fieldname = ? ORDER BY id LIMIT 1", [(string) $key]);
        if ($field === null) {
            continue;
        }
        $value = (string) $value;
        if ($validate) {
            // WHMCS's own wording of these two errors is not documented; these are the stand-in's.
            if ($field['required'] === 'on' && trim($value) === '') {
                $errors[] = "{$field['fieldname']} is required";
            } elseif ($field['regexpr'] !== '' && $value !== '' && @preg_match($field['regexpr'], $value) === 0) {
                $errors[] = "{$field['fieldname']} is invalid";
            }
        }
        $fields[] = [(int) $field['id'], $value];
    }
    if ($errors !== []) {
        throw new ActionError(implode(', ', $errors));
    }
    $now = $call->now();
    foreach ($fields as [$fieldId, $value]) {
        $call->hook('CustomFieldSave', ['fieldid' => $fieldId, 'relid' => $clientId, 'value' => $value]);
        $existing = $call->row('SELECT id, value FROM tblcustomfieldsvalues WHERE fieldid = ? AND relid = ? ORDER BY id LIMIT 1',
            [$fieldId, $clientId]);
        if ($existing === null) {
            $call->exec('INSERT INTO tblcustomfieldsvalues (fieldid, relid, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
                [$fieldId, $clientId, $value, $now, $now]);
        } elseif ($existing['value'] !== $value) {
            $call->exec('UPDATE tblcustomfieldsvalues SET value = ?, updated_at = ? WHERE id = ?', [$value, $now, $existing['id']]);
        }
    }
}

/** UpdateContact's columns, written when present. There is no tax_id. */
const CONTACT_TEXT = ['firstname', 'lastname', 'companyname', 'email', 'address1', 'address2', 'city', 'state',
    'postcode', 'country', 'phonenumber'];

// https://developers.whmcs.com/api-reference/updatecontact/
// No e-mail check of any kind (the reference lists one; WHMCS 8.7 does none), no hook
// (ContactEdit fires from the admin and client areas only) and no activity log.
function updatecontact(Call $call, array $p): array
{
    $old = $call->row('SELECT * FROM tblcontacts WHERE id = ?', [(int) text($p, 'contactid')]);
    if ($old === null) {
        throw new ActionError('Contact ID Not Found');
    }
    if (array_key_exists('email_preferences', $p) && !is_array($p['email_preferences']) && $p['email_preferences'] !== '') {
        throw new ActionError('Argument email_preferences must be empty or an array.');
    }

    $set = [];
    foreach (CONTACT_TEXT as $column) {
        $value = text($p, $column);
        if ($value !== null) {
            $set[$column] = $value;
        }
    }
    if (isset($p['email_preferences']) && is_array($p['email_preferences']) && $p['email_preferences'] !== []) {
        foreach ($p['email_preferences'] as $type => $value) {
            if (isset(EMAIL_TYPES[$type])) {
                $set[EMAIL_TYPES[$type]] = flag($value) ? '1' : '0';
            }
        }
    } else {
        foreach (EMAIL_TYPES as $column) {
            if (array_key_exists($column, $p)) {
                $set[$column] = flag($p[$column]) ? '1' : '0';
            }
        }
    }
    if (($set['domainemails'] ?? null) === '0') {
        $client = $call->row('SELECT * FROM tblclients WHERE id = ?', [(int) $old['userid']]);
        $otherContact = $call->row('SELECT id FROM tblcontacts WHERE userid = ? AND id <> ? AND domainemails = 1',
            [(int) $old['userid'], (int) $old['id']]);
        if (($client === null || !email_preferences($client)['domain']) && $otherContact === null) {
            throw new ActionError(ICANN_CONTACT);
        }
    }
    // subaccount, password2 and permissions belonged to sub-accounts, which 8.0 removed.

    $set = array_filter($set, function ($value, $column) use ($old) {
        return (string) $old[$column] !== $value;
    }, ARRAY_FILTER_USE_BOTH);
    if ($set !== []) {
        $set['updated_at'] = $call->now();
        $assignments = implode(', ', array_map(function ($column) {
            return "`$column` = ?";
        }, array_keys($set)));
        $call->exec("UPDATE tblcontacts SET $assignments WHERE id = ?", array_merge(array_values($set), [(int) $old['id']]));
    }
    return [
        'result' => 'success',
        'contactid' => text($p, 'contactid'),
        'warning' => 'Sub Accounts are no longer supported. Please use UpdateUser',
    ];
}

// https://developers.whmcs.com/api-reference/deletecontact/
// Tickets and pay methods naming the contact stay. WHMCS 8.7 answers the contact id as
// "message"; the reference shows "contactid".
function deletecontact(Call $call, array $p): array
{
    $contact = $call->row('SELECT * FROM tblcontacts WHERE id = ?', [(int) text($p, 'contactid')]);
    if ($contact === null) {
        throw new ActionError('Contact ID Not Found');
    }
    $contactId = (int) $contact['id'];
    $clientId = (int) $contact['userid'];
    $call->exec('DELETE FROM tblcontacts WHERE id = ?', [$contactId]);
    $call->exec('UPDATE tblclients SET billingcid = 0 WHERE id = ? AND billingcid = ?', [$clientId, $contactId]);
    $call->exec('UPDATE tblorders SET contactid = 0 WHERE contactid = ?', [$contactId]);
    $call->hook('ContactDelete', ['userid' => $clientId, 'contactid' => $contactId]);
    $call->log("Deleted Contact - User ID: $clientId - Contact ID: $contactId - Contact Name: {$contact['firstname']} {$contact['lastname']}"
        . " - Contact Email: {$contact['email']}", $clientId);
    return ['result' => 'success', 'message' => text($p, 'contactid')];
}
