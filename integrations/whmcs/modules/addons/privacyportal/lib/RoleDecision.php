<?php
// Which role, if any, a launch token may carry. Plain rules over facts read from WHMCS,
// so they can be read (and tested) on their own.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class RoleDecision
{
    // Reasons for refusing; each has a text in Texts.
    const LOGGED_OUT = 'logged_out';
    const NO_ACCOUNT = 'no_account';
    const MASQUERADING = 'masquerading';
    const NOT_LINKED = 'not_linked';
    const NOT_STAFF = 'not_staff';
    const ADMIN_DISABLED = 'admin_disabled';

    /**
     * The client-area role, or a refusal.
     *
     * @param bool      $masquerading staff using "Login as Owner": the page looks like the
     *                                customer's, but the person is not the customer
     * @param bool|null $isOwner      tblusers_clients.owner for this user and account, null
     *                                when the user is not linked to the account
     * @param bool      $isCompany    the account is a company's by the operator's rule
     *                                (CompanyRule)
     *
     * @return array{0: string|null, 1: string|null} [role, refusal]
     */
    public static function clientArea(bool $hasUser, bool $hasClient, bool $masquerading, $isOwner, bool $isCompany): array
    {
        if ($masquerading) {
            return [null, self::MASQUERADING];
        }
        if (!$hasUser) {
            return [null, self::LOGGED_OUT];
        }
        if (!$hasClient) {
            return [null, self::NO_ACCOUNT];
        }
        if ($isOwner === null) {
            return [null, self::NOT_LINKED];
        }
        if ($isOwner && $isCompany) {
            return [Grant::COMPANY_ADMIN, null];
        }
        return [Grant::CUSTOMER, null];
    }

    /**
     * The admin-area role, or a refusal. WHMCS already limits the page to the roles in
     * the addon's access list; a disabled admin still gets nothing.
     *
     * @param bool|null $disabled tbladmins.disabled, null when there is no such admin
     *
     * @return array{0: string|null, 1: string|null} [role, refusal]
     */
    public static function adminArea(bool $hasAdmin, $disabled): array
    {
        if (!$hasAdmin || $disabled === null) {
            return [null, self::NOT_STAFF];
        }
        if ($disabled) {
            return [null, self::ADMIN_DISABLED];
        }
        return [Grant::SUPPORT, null];
    }
}
