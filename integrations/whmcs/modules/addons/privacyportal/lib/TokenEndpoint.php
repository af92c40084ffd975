<?php
// index.php?m=privacyportal&a=token: a fresh launch token for the page that is already
// open, so no token has to live in cached HTML. Only a same-origin POST carrying WHMCS's
// CSRF token gets one; WHMCS's requirelogin does not guard this answer, so the launch
// itself refuses anyone not logged in.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class TokenEndpoint
{
    /**
     * @param array    $server       $_SERVER
     * @param array    $post         $_POST
     * @param string   $expectedCsrf WHMCS's CSRF token for this session
     * @param callable $launch       returns the Launch for the current person
     */
    public static function handle(array $server, array $post, string $expectedCsrf, callable $launch): Reply
    {
        if (strtoupper((string) ($server['REQUEST_METHOD'] ?? '')) !== 'POST') {
            return Reply::json(405, ['error' => 'method_not_allowed'], ['Allow' => 'POST']);
        }
        if (!self::isSameOrigin($server)) {
            return Reply::json(403, ['error' => 'cross_origin']);
        }
        $supplied = $post['token'] ?? null;
        if ($expectedCsrf === '' || !is_string($supplied) || !hash_equals($expectedCsrf, $supplied)) {
            return Reply::json(403, ['error' => 'invalid_csrf_token']);
        }

        $result = $launch();
        if ($result->token !== null) {
            return Reply::json(200, ['launch_token' => $result->token]);
        }
        if ($result->refusal === RoleDecision::LOGGED_OUT) {
            return Reply::json(401, ['error' => $result->refusal]);
        }
        if ($result->refusal === Launcher::UNAVAILABLE) {
            return Reply::json(503, ['error' => $result->refusal]);
        }
        return Reply::json(403, ['error' => $result->refusal]);
    }

    /**
     * The browser says the request comes from a page on this very host: Origin names
     * the Host the request was sent to, and Sec-Fetch-Site, when sent, agrees. A request
     * without Origin is refused; browsers send it on every POST.
     */
    public static function isSameOrigin(array $server): bool
    {
        $site = $server['HTTP_SEC_FETCH_SITE'] ?? null;
        if ($site !== null && $site !== 'same-origin') {
            return false;
        }
        $origin = (string) ($server['HTTP_ORIGIN'] ?? '');
        $host = strtolower((string) ($server['HTTP_HOST'] ?? ''));
        if ($origin === '' || $host === '') {
            return false;
        }
        $parts = parse_url($origin);
        if ($parts === false || !isset($parts['scheme'], $parts['host']) || isset($parts['path'])) {
            return false;
        }
        $scheme = strtolower($parts['scheme']);
        $defaultPort = ['http' => 80, 'https' => 443];
        if (!isset($defaultPort[$scheme])) {
            return false;
        }
        $originHost = strtolower($parts['host']);
        if (isset($parts['port']) && $parts['port'] !== $defaultPort[$scheme]) {
            $originHost .= ':' . $parts['port'];
        }
        // A Host header may spell out the default port; the Origin never does.
        $suffix = ':' . $defaultPort[$scheme];
        if (substr($host, -strlen($suffix)) === $suffix) {
            $host = substr($host, 0, -strlen($suffix));
        }
        return hash_equals($host, $originHost);
    }
}
