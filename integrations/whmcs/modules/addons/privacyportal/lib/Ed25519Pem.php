<?php
// Ed25519 keys in the PEM forms OpenSSL uses: PKCS#8 for the private key (what
// `openssl genpkey -algorithm ed25519` writes) and SPKI for the public key (what the
// portal is configured with). Both are a fixed DER prefix followed by 32 raw bytes.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class Ed25519Pem
{
    /** PKCS#8 PrivateKeyInfo, version 0, algorithm id-Ed25519, then OCTET STRING(OCTET STRING(seed)). */
    const PRIVATE_PREFIX = '302e020100300506032b657004220420';
    /** SubjectPublicKeyInfo, algorithm id-Ed25519, then BIT STRING(public key). */
    const PUBLIC_PREFIX = '302a300506032b6570032100';

    public static function privateKeyPem(string $seed): string
    {
        self::requireLength($seed, SODIUM_CRYPTO_SIGN_SEEDBYTES, 'seed');
        return self::pem('PRIVATE KEY', hex2bin(self::PRIVATE_PREFIX) . $seed);
    }

    public static function publicKeyPem(string $publicKey): string
    {
        self::requireLength($publicKey, SODIUM_CRYPTO_SIGN_PUBLICKEYBYTES, 'public key');
        return self::pem('PUBLIC KEY', hex2bin(self::PUBLIC_PREFIX) . $publicKey);
    }

    /**
     * The 32-byte seed inside a PKCS#8 Ed25519 private key PEM.
     *
     * @throws \RuntimeException if the text is not exactly that; the message never
     *                           contains key material
     */
    public static function seedFromPrivateKeyPem(string $pem): string
    {
        $der = self::der('PRIVATE KEY', $pem);
        $prefix = hex2bin(self::PRIVATE_PREFIX);
        if ($der === null
            || strlen($der) !== strlen($prefix) + SODIUM_CRYPTO_SIGN_SEEDBYTES
            || strncmp($der, $prefix, strlen($prefix)) !== 0) {
            throw new \RuntimeException('not an Ed25519 private key in PKCS#8 PEM form');
        }
        return substr($der, strlen($prefix));
    }

    /** The raw 32-byte public key inside an SPKI Ed25519 public key PEM. */
    public static function publicKeyFromPem(string $pem): string
    {
        $der = self::der('PUBLIC KEY', $pem);
        $prefix = hex2bin(self::PUBLIC_PREFIX);
        if ($der === null
            || strlen($der) !== strlen($prefix) + SODIUM_CRYPTO_SIGN_PUBLICKEYBYTES
            || strncmp($der, $prefix, strlen($prefix)) !== 0) {
            throw new \RuntimeException('not an Ed25519 public key in SPKI PEM form');
        }
        return substr($der, strlen($prefix));
    }

    private static function pem(string $label, string $der): string
    {
        return "-----BEGIN $label-----\n"
            . chunk_split(base64_encode($der), 64, "\n")
            . "-----END $label-----\n";
    }

    /** The DER bytes of the single PEM block with this label, or null. */
    private static function der(string $label, string $pem): ?string
    {
        $pattern = '/^\s*-----BEGIN ' . $label . '-----\r?\n([A-Za-z0-9+\/=\r\n]+)-----END ' . $label . '-----\s*$/';
        if (!preg_match($pattern, $pem, $m)) {
            return null;
        }
        $der = base64_decode(preg_replace('/\s+/', '', $m[1]), true);
        return $der === false ? null : $der;
    }

    private static function requireLength(string $bytes, int $length, string $what)
    {
        if (strlen($bytes) !== $length) {
            throw new \InvalidArgumentException("an Ed25519 $what is $length bytes");
        }
    }
}
