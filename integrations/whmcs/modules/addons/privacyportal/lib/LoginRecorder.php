<?php
// Records each client-area login (user, selected account, time, IP, user agent) in
// mod_privacyportal_logins; WHMCS itself keeps only the last one.

namespace WHMCS\Module\Addon\PrivacyPortal;

use WHMCS\Authentication\CurrentUser;

final class LoginRecorder
{
    const MAX_USER_AGENT = 512;

    /**
     * @param object|null $user   the WHMCS\User\User the UserLogin hook passes
     * @param array       $server $_SERVER
     *
     * @return int|null the new row's id, or null when nothing was recorded
     */
    public static function record(Records $records, CurrentUser $who, $user, array $server)
    {
        $userId = $user ? (int) $user->id : 0;
        if ($userId <= 0) {
            return null;
        }
        // Staff using "Login as Owner" is not the customer logging in.
        if ($who->isMasqueradingAdmin()) {
            return null;
        }
        $client = $who->client();
        $clientId = $client ? (int) $client->id : 0;
        return $records->recordLogin($userId, $clientId, self::ip($server), self::userAgent($server));
    }

    private static function ip(array $server): string
    {
        // WHMCS's own notion of the client IP honours its trusted-proxy settings.
        $ip = is_callable(['App', 'getRemoteIp']) ? (string) call_user_func(['App', 'getRemoteIp']) : '';
        if ($ip === '') {
            $ip = (string) ($server['REMOTE_ADDR'] ?? '');
        }
        return filter_var($ip, FILTER_VALIDATE_IP) === false ? '' : $ip;
    }

    private static function userAgent(array $server): string
    {
        // User agents are ASCII; anything else would only be a way to break the INSERT.
        $agent = preg_replace('/[^\x20-\x7e]/', '', (string) ($server['HTTP_USER_AGENT'] ?? ''));
        return substr($agent, 0, self::MAX_USER_AGENT);
    }
}
