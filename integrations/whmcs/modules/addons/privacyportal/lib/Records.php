<?php
// Everything the addon reads from or writes to the WHMCS database, as prepared
// statements on WHMCS's own connection.

namespace WHMCS\Module\Addon\PrivacyPortal;

use WHMCS\Database\Capsule;

final class Records
{
    /** @var \PDO */
    private $pdo;

    public function __construct(\PDO $pdo)
    {
        $this->pdo = $pdo;
    }

    public static function fromWhmcs(): self
    {
        return new self(Capsule::connection()->getPdo());
    }

    /** The system default language (tblconfiguration Language), '' if unset. */
    public function systemLanguage(): string
    {
        $value = $this->value('SELECT value FROM tblconfiguration WHERE setting = ?', ['Language']);
        return $value === null ? '' : (string) $value;
    }

    /** tblusers.language, or null when there is no such user. */
    public function userLanguage(int $userId)
    {
        $value = $this->value('SELECT language FROM tblusers WHERE id = ?', [$userId]);
        return $value === null ? null : (string) $value;
    }

    /** Whether the user owns the account; null when the user is not linked to it. */
    public function isOwner(int $userId, int $clientId)
    {
        $owner = $this->value(
            'SELECT owner FROM tblusers_clients WHERE auth_user_id = ? AND client_id = ?',
            [$userId, $clientId]
        );
        return $owner === null ? null : ((int) $owner === 1);
    }

    /**
     * Whether the account is a company's by the operator's rule, read in one statement
     * with what the rule needs; null if there is no such account.
     */
    public function isCompanyAccount(int $clientId, CompanyRule $rule)
    {
        $row = $this->row(
            'SELECT companyname, tax_id, groupid, (SELECT v.value FROM tblcustomfieldsvalues v'
            . ' WHERE v.fieldid = ? AND v.relid = c.id ORDER BY v.id LIMIT 1) AS kind_field'
            . ' FROM tblclients c WHERE c.id = ?',
            [$rule->field, $clientId]
        );
        if ($row === null) {
            return null;
        }
        return $rule->isCompany(
            (string) $row['companyname'],
            (string) $row['tax_id'],
            (int) $row['groupid'],
            $row['kind_field'] === null ? null : (string) $row['kind_field']
        );
    }

    /** @return array{disabled: bool, language: string}|null */
    public function admin(int $adminId)
    {
        $row = $this->row('SELECT disabled, language FROM tbladmins WHERE id = ?', [$adminId]);
        if ($row === null) {
            return null;
        }
        return ['disabled' => (int) $row['disabled'] !== 0, 'language' => (string) $row['language']];
    }

    /** Appends one login to mod_privacyportal_logins; returns the new row's id. */
    public function recordLogin(int $userId, int $clientId, string $ip, string $userAgent): int
    {
        $statement = $this->pdo->prepare(
            'INSERT INTO mod_privacyportal_logins (user_id, client_id, at, ip, user_agent)'
            . ' VALUES (?, ?, UTC_TIMESTAMP(), ?, ?)'
        );
        $statement->execute([$userId, $clientId, $ip, $userAgent]);
        return (int) $this->pdo->lastInsertId();
    }

    /** Runs each statement of an SQL file made of plain statements ending in ";". */
    public function runSqlFile(string $path)
    {
        $sql = file_get_contents($path);
        if ($sql === false) {
            throw new \RuntimeException("cannot read $path");
        }
        $withoutComments = preg_replace('/^\s*--.*$/m', '', $sql);
        foreach (preg_split('/;\s*(\n|$)/', $withoutComments) as $statement) {
            if (trim($statement) !== '') {
                $this->pdo->exec($statement);
            }
        }
    }

    private function row(string $sql, array $params)
    {
        $statement = $this->pdo->prepare($sql);
        $statement->execute($params);
        $row = $statement->fetch(\PDO::FETCH_ASSOC);
        $statement->closeCursor();
        return $row === false ? null : $row;
    }

    private function value(string $sql, array $params)
    {
        $row = $this->row($sql, $params);
        return $row === null ? null : reset($row);
    }
}
