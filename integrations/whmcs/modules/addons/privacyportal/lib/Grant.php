<?php
// Who a launch token speaks for: the claims that name the person, the account and the role.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class Grant
{
    const CUSTOMER = 'customer';
    const COMPANY_ADMIN = 'company_admin';
    const SUPPORT = 'support';

    /** @var string tblusers.id, or admin-<tbladmins.id> for staff */
    public $subject;
    /** @var string tblclients.id, or 'staff' */
    public $account;
    /** @var string one of the constants above */
    public $role;
    /** @var string nb, sv or en */
    public $locale;

    public function __construct(string $subject, string $account, string $role, string $locale)
    {
        $this->subject = $subject;
        $this->account = $account;
        $this->role = $role;
        $this->locale = $locale;
    }

    public static function customerSide(int $userId, int $clientId, string $role, string $locale): self
    {
        return new self((string) $userId, (string) $clientId, $role, $locale);
    }

    public static function staff(int $adminId, string $locale): self
    {
        return new self('admin-' . $adminId, 'staff', self::SUPPORT, $locale);
    }
}
