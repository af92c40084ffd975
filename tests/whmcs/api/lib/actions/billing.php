<?php
// Pay-method actions of the WHMCS API stand-in: GetPayMethods, DeletePayMethod. The
// stand-in holds no encryption key and no gateway modules: card and bank blobs are never
// decrypted and no gateway is called.

namespace WhmcsApiStandin\Actions;

use WhmcsApiStandin\ActionError;
use WhmcsApiStandin\Call;

use function WhmcsApiStandin\text;

if (!\defined('WHMCS_API_STANDIN')) {
    http_response_code(404);
    exit;
}

const CARD_TYPES = ['CreditCard', 'RemoteCreditCard'];
const BANK_TYPES = ['BankAccount', 'RemoteBankAccount'];

// https://developers.whmcs.com/api-reference/getpaymethods/
// Read-only here. WHMCS deletes, while listing, a pay method whose stored details
// decrypt to nothing; the stand-in cannot decrypt, so it never does. remote_token,
// start_date and issue_number live in the encrypted blob and are answered empty.
function getpaymethods(Call $call, array $p): array
{
    $clientId = (string) text($p, 'clientid');
    if ($clientId === '' || (int) $clientId === 0) {
        throw new ActionError('Client ID Is Required');
    }
    $type = text($p, 'type');
    if ($type !== null && $type !== '' && $type !== 'BankAccount' && $type !== 'CreditCard') {
        throw new ActionError("Invalid Pay Method Type. Should be 'BankAccount' or 'CreditCard'");
    }
    if ($call->row('SELECT id FROM tblclients WHERE id = ?', [(int) $clientId]) === null) {
        throw new ActionError('Client Not Found');
    }
    $sql = 'SELECT pm.*, cc.card_type, cc.last_four, cc.expiry_date, ba.bank_name FROM tblpaymethods pm'
        . " LEFT JOIN tblcreditcards cc ON cc.id = pm.payment_id AND pm.payment_type IN ('CreditCard', 'RemoteCreditCard')"
        . " LEFT JOIN tblbankaccts ba ON ba.id = pm.payment_id AND pm.payment_type IN ('BankAccount', 'RemoteBankAccount')"
        . ' WHERE pm.userid = ? AND pm.deleted_at IS NULL';
    $args = [(int) $clientId];
    if (text($p, 'paymethodid') !== null && text($p, 'paymethodid') !== '') {
        $sql .= ' AND pm.id = ?';
        $args[] = (int) text($p, 'paymethodid');
    }
    if ($type === 'CreditCard' || $type === 'BankAccount') {
        $sql .= $type === 'CreditCard'
            ? " AND pm.payment_type IN ('CreditCard', 'RemoteCreditCard')"
            : " AND pm.payment_type IN ('BankAccount', 'RemoteBankAccount')";
    }
    $q = $call->pdo->prepare($sql . ' ORDER BY pm.order_preference, pm.id');
    $q->execute($args);
    $methods = [];
    foreach ($q->fetchAll() as $row) {
        $method = [
            'id' => (int) $row['id'],
            'type' => $row['payment_type'],
            'description' => $row['description'],
            'gateway_name' => $row['gateway_name'],
            'contact_type' => $row['contact_type'],
            'contact_id' => (int) $row['contact_id'],
        ];
        if (in_array($row['payment_type'], CARD_TYPES, true)) {
            $expiry = $row['expiry_date'] === null || strpos((string) $row['expiry_date'], '0000') === 0
                ? '' : date('m/y', strtotime((string) $row['expiry_date']));
            $method += [
                'card_last_four' => (string) $row['last_four'],
                'expiry_date' => $expiry,
                'start_date' => '',
                'issue_number' => '',
                'card_type' => (string) $row['card_type'],
            ];
        } else {
            $method['bank_name'] = (string) $row['bank_name'];
        }
        $method['remote_token'] = '';
        $method['last_updated'] = date('d/m/Y H:i', strtotime((string) $row['updated_at']));
        $methods[] = $method;
    }
    return ['result' => 'success', 'clientid' => $clientId, 'paymethods' => $methods];
}

// https://developers.whmcs.com/api-reference/deletepaymethod/
// A soft delete: deleted_at is set on the pay method and on its card or bank row, whose
// encrypted blob stays. No gateway is called, so a remote token is never deleted and
// failonremotefailure never fails. No hook, no activity log.
function deletepaymethod(Call $call, array $p): array
{
    $clientId = (int) text($p, 'clientid');
    if ($clientId === 0) {
        throw new ActionError('Client ID is Required');
    }
    $methodId = (int) text($p, 'paymethodid');
    if ($methodId === 0) {
        throw new ActionError('Pay Method ID is Required');
    }
    $method = $call->row('SELECT * FROM tblpaymethods WHERE id = ? AND deleted_at IS NULL', [$methodId]);
    if ($method === null) {
        throw new ActionError('Invalid Pay Method ID');
    }
    if ((int) $method['userid'] !== $clientId) {
        throw new ActionError('Pay Method does not belong to passed Client ID');
    }
    $now = $call->now();
    $call->exec('UPDATE tblpaymethods SET deleted_at = ?, updated_at = ? WHERE id = ?', [$now, $now, $methodId]);
    if (in_array($method['payment_type'], CARD_TYPES, true)) {
        $call->exec('UPDATE tblcreditcards SET deleted_at = ?, updated_at = ? WHERE id = ?', [$now, $now, $method['payment_id']]);
    } elseif (in_array($method['payment_type'], BANK_TYPES, true)) {
        $call->exec('UPDATE tblbankaccts SET deleted_at = ?, updated_at = ? WHERE id = ?', [$now, $now, $method['payment_id']]);
    }
    return ['result' => 'success', 'paymethodid' => text($p, 'paymethodid')];
}
