<?php
// The addon's configuration as WHMCS hands it over (the module's $vars), checked once.
// Problems are phrased for the administrator who configures the addon; none of them
// contains the key.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class Settings
{
    const DEFAULT_TTL = 120;

    /** @var string the portal's origin, scheme://host[:port], no trailing slash */
    public $portalOrigin = '';
    /** @var string */
    public $issuer = '';
    /** @var string */
    public $keyPath = '';
    /** @var string */
    public $keyId = '';
    /** @var int seconds, 1 to 300 */
    public $ttl = self::DEFAULT_TTL;
    /** @var CompanyRule which clients are companies, as the portal's PORTAL_WHMCS_COMPANY_RULE */
    public $companyRule;
    /** @var string[] */
    private $problems = [];

    public static function fromModuleVars(array $vars): self
    {
        $s = new self();
        $origin = self::origin(trim((string) ($vars['portal_url'] ?? '')));
        if ($origin === null) {
            $s->problems[] = 'Portal address must be the portal\'s origin, such as https://personvern.example.no'
                . ' (http only for localhost).';
        } else {
            $s->portalOrigin = $origin;
        }

        $s->issuer = trim((string) ($vars['issuer'] ?? ''));
        if ($s->issuer === '' || strlen($s->issuer) > 255 || preg_match('/[\x00-\x1f\x7f]/', $s->issuer)) {
            $s->problems[] = 'Issuer must be set: the name the portal knows this WHMCS by (PORTAL_HOST_ISSUER).';
        }

        $s->keyId = trim((string) ($vars['key_id'] ?? ''));
        if (!preg_match('/^[A-Za-z0-9._:-]{1,64}$/', $s->keyId)) {
            $s->problems[] = 'Key id must be 1 to 64 letters, digits or . _ : -';
        }

        $s->keyPath = trim((string) ($vars['key_path'] ?? ''));
        if ($s->keyPath === '' || $s->keyPath[0] !== '/') {
            $s->problems[] = 'Key file must be an absolute path to the Ed25519 private key (PEM).';
        } elseif (defined('ROOTDIR') && self::isInside($s->keyPath, (string) constant('ROOTDIR'))) {
            // Everything under the WHMCS directory may be served by the web server.
            $s->problems[] = 'Key file must be outside the WHMCS directory.';
        }

        $rule = CompanyRule::parse((string) ($vars['company_rule'] ?? ''));
        if ($rule === null) {
            $s->problems[] = 'Company or private must be legal_form, company_name, tax_id, group:ID[,ID...] or'
                . ' custom_field:ID=VALUE, the same as the portal\'s PORTAL_WHMCS_COMPANY_RULE.';
            $rule = CompanyRule::parse('');
        }
        $s->companyRule = $rule;

        $ttl = trim((string) ($vars['token_ttl'] ?? ''));
        $s->ttl = ctype_digit($ttl) && (int) $ttl > 0
            ? min((int) $ttl, LaunchToken::MAX_TTL)
            : self::DEFAULT_TTL;
        return $s;
    }

    /** @return string[] */
    public function problems(): array
    {
        return $this->problems;
    }

    public function isUsable(): bool
    {
        return $this->problems === [];
    }

    public function widgetScriptUrl(): string
    {
        return $this->portalOrigin . '/widget/privacy-portal.js';
    }

    /**
     * scheme://host[:port] for an http(s) URL with no path beyond "/", no credentials,
     * query or fragment; plain http only for loopback hosts. Null otherwise.
     */
    private static function origin(string $url)
    {
        $parts = parse_url($url);
        if ($parts === false || !isset($parts['scheme'], $parts['host'])
            || isset($parts['user']) || isset($parts['pass']) || isset($parts['query']) || isset($parts['fragment'])
            || (isset($parts['path']) && $parts['path'] !== '/')) {
            return null;
        }
        $scheme = strtolower($parts['scheme']);
        $host = strtolower($parts['host']);
        $loopback = in_array($host, ['localhost', '127.0.0.1', '[::1]'], true);
        if ($scheme !== 'https' && !($scheme === 'http' && $loopback)) {
            return null;
        }
        $port = isset($parts['port']) ? ':' . $parts['port'] : '';
        return $scheme . '://' . $host . $port;
    }

    private static function isInside(string $path, string $dir): bool
    {
        $real = realpath($path);
        $root = realpath($dir);
        if ($real === false || $root === false) {
            return false;
        }
        return strncmp($real, rtrim($root, '/') . '/', strlen(rtrim($root, '/')) + 1) === 0;
    }
}
