<?php
// Decides who is asking (through WHMCS's CurrentUser and the database) and mints the
// launch token for them. Every failure ends in a refusal, never in a token.

namespace WHMCS\Module\Addon\PrivacyPortal;

use WHMCS\Authentication\CurrentUser;

final class Launcher
{
    /** The addon is misconfigured or the database or key could not be read. */
    const UNAVAILABLE = 'unavailable';

    /** @var Records */
    private $records;
    /** @var Settings */
    private $settings;

    public function __construct(Records $records, Settings $settings)
    {
        $this->records = $records;
        $this->settings = $settings;
    }

    /** A customer-side token for the user and the account selected in the client area. */
    public function forClientArea(CurrentUser $who): Launch
    {
        $locale = 'en';
        try {
            $system = $this->records->systemLanguage();
            $locale = Locale::fromWhmcsLanguage('', $system);
            $user = $who->user();
            $client = $who->client();
            $userId = $user ? (int) $user->id : 0;
            $clientId = $client ? (int) $client->id : 0;
            if ($userId > 0) {
                $locale = Locale::fromWhmcsLanguage((string) $this->records->userLanguage($userId), $system);
            }

            $isOwner = null;
            $isCompany = false;
            if ($userId > 0 && $clientId > 0) {
                $company = $this->records->isCompanyAccount($clientId, $this->settings->companyRule);
                // A link to an account that no longer exists is no link.
                $isOwner = $company === null ? null : $this->records->isOwner($userId, $clientId);
                $isCompany = (bool) $company;
            }
            list($role, $refusal) = RoleDecision::clientArea(
                $userId > 0,
                $clientId > 0,
                $who->isMasqueradingAdmin(),
                $isOwner,
                $isCompany
            );
            if ($refusal !== null) {
                return Launch::refused($refusal, $locale);
            }
            return $this->mint(Grant::customerSide($userId, $clientId, $role, $locale));
        } catch (\Throwable $e) {
            return $this->unavailable($locale, 'cannot read WHMCS: ' . get_class($e) . ': ' . $e->getMessage());
        }
    }

    /** A support token for the administrator logged in to the admin area. */
    public function forAdminArea(CurrentUser $who): Launch
    {
        $locale = 'en';
        try {
            $system = $this->records->systemLanguage();
            $locale = Locale::fromWhmcsLanguage('', $system);
            $admin = $who->admin();
            $adminId = $admin ? (int) $admin->id : 0;
            $row = $adminId > 0 ? $this->records->admin($adminId) : null;
            if ($row !== null) {
                $locale = Locale::fromWhmcsLanguage($row['language'], $system);
            }
            list(, $refusal) = RoleDecision::adminArea($adminId > 0, $row === null ? null : $row['disabled']);
            if ($refusal !== null) {
                return Launch::refused($refusal, $locale);
            }
            return $this->mint(Grant::staff($adminId, $locale));
        } catch (\Throwable $e) {
            return $this->unavailable($locale, 'cannot read WHMCS: ' . get_class($e) . ': ' . $e->getMessage());
        }
    }

    private function mint(Grant $grant): Launch
    {
        if (!$this->settings->isUsable()) {
            return $this->unavailable($grant->locale, implode(' ', $this->settings->problems()));
        }
        try {
            $key = SigningKey::fromFile($this->settings->keyPath);
        } catch (\RuntimeException $e) {
            return $this->unavailable($grant->locale, $e->getMessage());
        }
        $token = LaunchToken::mint($key, $this->settings->keyId, $this->settings->issuer, $grant, $this->settings->ttl, time());
        return Launch::granted($token, $grant);
    }

    private function unavailable(string $locale, string $detail): Launch
    {
        // The server log is where a host looks when the page says "not available".
        error_log('privacyportal: no launch token: ' . $detail);
        return Launch::refused(self::UNAVAILABLE, $locale, $detail);
    }
}
