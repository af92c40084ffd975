<?php
// Mints the portal's launch token: a JWT signed with EdDSA (Ed25519), with exactly the
// claims the portal checks. It lives at most five minutes and can be exchanged once.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class LaunchToken
{
    const AUDIENCE = 'privacy-portal';
    /** The portal refuses tokens that live longer than this. */
    const MAX_TTL = 300;

    public static function mint(SigningKey $key, string $keyId, string $issuer, Grant $grant, int $ttl, int $now): string
    {
        $ttl = max(1, min($ttl, self::MAX_TTL));
        $header = ['alg' => 'EdDSA', 'typ' => 'JWT', 'kid' => $keyId];
        $claims = [
            'iss' => $issuer,
            'aud' => self::AUDIENCE,
            'sub' => $grant->subject,
            'acct' => $grant->account,
            'role' => $grant->role,
            'locale' => $grant->locale,
            'iat' => $now,
            'exp' => $now + $ttl,
            'jti' => bin2hex(random_bytes(16)),
        ];
        $signingInput = Base64Url::encode(self::json($header)) . '.' . Base64Url::encode(self::json($claims));
        return $signingInput . '.' . Base64Url::encode($key->sign($signingInput));
    }

    private static function json(array $value): string
    {
        $json = json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        if ($json === false) {
            throw new \RuntimeException('launch token claims are not valid UTF-8');
        }
        return $json;
    }
}
