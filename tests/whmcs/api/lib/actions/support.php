<?php
// Support actions of the WHMCS API stand-in: AddClientNote, DeleteTicketNote,
// UpdateTicket, UpdateTicketReply. None fires a hook or writes the activity log.

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

// https://developers.whmcs.com/api-reference/addclientnote/
// The note is the credential's admin's. No API edits or deletes a client note.
function addclientnote(Call $call, array $p): array
{
    $clientId = (int) text($p, 'userid');
    if ($call->row('SELECT id FROM tblclients WHERE id = ?', [$clientId]) === null) {
        throw new ActionError('Client ID not found');
    }
    $note = (string) text($p, 'notes');
    if (trim($note) === '') {
        throw new ActionError('Notes can not be empty');
    }
    $now = $call->now();
    $call->exec('INSERT INTO tblnotes (userid, adminid, created, modified, note, sticky) VALUES (?, ?, ?, ?, ?, ?)',
        [$clientId, $call->admin['id'], $now, $now, $note, flag($p['sticky'] ?? '') ? 1 : 0]);
    return ['result' => 'success', 'noteid' => (int) $call->pdo->lastInsertId()];
}

// https://developers.whmcs.com/api-reference/deleteticketnote/
function deleteticketnote(Call $call, array $p): array
{
    $noteId = (int) text($p, 'noteid');
    if ($call->row('SELECT id FROM tblticketnotes WHERE id = ?', [$noteId]) === null) {
        throw new ActionError('Note ID Not Found');
    }
    $call->exec('DELETE FROM tblticketnotes WHERE id = ?', [$noteId]);
    return ['result' => 'success', 'noteid' => text($p, 'noteid')];
}

/** UpdateTicket's parameters the stand-in imitates, and their tbltickets columns. */
const TICKET_FIELDS = ['subject' => 'title', 'message' => 'message', 'name' => 'name', 'email' => 'email'];

// https://developers.whmcs.com/api-reference/updateticket/
// Only the text of a ticket: subject, message (accepted since 7.7 though the reference
// does not list it), and the name and e-mail of a requester who is not a client. The
// other documented parameters (status, department, flag, ...) are refused as not
// imitated, so no test can rely on a change the stand-in does not make.
function updateticket(Call $call, array $p): array
{
    foreach (array_keys($p) as $key) {
        if ($key !== 'ticketid' && !isset(TICKET_FIELDS[$key])) {
            throw new NotImitated("UpdateTicket's $key parameter");
        }
    }
    $ticket = $call->row('SELECT * FROM tbltickets WHERE id = ?', [(int) text($p, 'ticketid')]);
    if ($ticket === null) {
        throw new ActionError('Ticket ID Not Found');
    }
    $set = [];
    foreach (TICKET_FIELDS as $param => $column) {
        $value = text($p, $param);
        if ($value !== null && $value !== (string) $ticket[$column]) {
            $set[$column] = $value;
        }
    }
    if ($set !== []) {
        $set['updated_at'] = $call->now();
        $assignments = implode(', ', array_map(function ($column) {
            return "`$column` = ?";
        }, array_keys($set)));
        $call->exec("UPDATE tbltickets SET $assignments WHERE id = ?", array_merge(array_values($set), [(int) $ticket['id']]));
    }
    return ['result' => 'success', 'ticketid' => text($p, 'ticketid')];
}

// https://developers.whmcs.com/api-reference/updateticketreply/
// An empty message is refused, so redacting a reply needs a placeholder text. The
// reply's author name and e-mail cannot be changed.
function updateticketreply(Call $call, array $p): array
{
    $replyId = (int) text($p, 'replyid');
    if ($replyId === 0) {
        throw new ActionError('Reply ID Required');
    }
    $message = (string) text($p, 'message');
    if (trim($message) === '') {
        throw new ActionError('Message is Required');
    }
    if ($call->row('SELECT id FROM tblticketreplies WHERE id = ?', [$replyId]) === null) {
        throw new ActionError('Reply ID Not Found');
    }
    if (array_key_exists('markdown', $p)) {
        $call->exec('UPDATE tblticketreplies SET message = ?, editor = ? WHERE id = ?',
            [$message, flag($p['markdown']) ? 'markdown' : 'plain', $replyId]);
    } else {
        $call->exec('UPDATE tblticketreplies SET message = ? WHERE id = ?', [$message, $replyId]);
    }
    return ['result' => 'success', 'replyid' => text($p, 'replyid')];
}
