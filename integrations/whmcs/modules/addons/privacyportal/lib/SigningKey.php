<?php
// The host's Ed25519 signing key, read from its PEM file for each token and wiped after.
// Errors name the file, never its contents.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class SigningKey
{
    /** @var string 64-byte libsodium secret key (seed followed by public key) */
    private $secretKey;

    private function __construct(string $secretKey)
    {
        $this->secretKey = $secretKey;
    }

    /**
     * @throws \RuntimeException when the file is missing, unreadable, open to its group
     *                           or to everyone, or not a PKCS#8 Ed25519 private key
     */
    public static function fromFile(string $path): self
    {
        if (!is_file($path) || !is_readable($path)) {
            throw new \RuntimeException("signing key file $path is missing or not readable by WHMCS");
        }
        // A key another user on the server can read is a key they can sign with: the
        // web server's group often holds other sites' processes too. Owner only (0600).
        $mode = fileperms($path);
        if ($mode !== false && ($mode & 0077) !== 0) {
            throw new \RuntimeException(sprintf(
                'signing key file %s is accessible to users other than its owner (mode %o); chmod 600 it',
                $path,
                $mode & 0777
            ));
        }
        $pem = file_get_contents($path);
        if ($pem === false) {
            throw new \RuntimeException("signing key file $path could not be read");
        }
        try {
            $seed = Ed25519Pem::seedFromPrivateKeyPem($pem);
        } catch (\RuntimeException $e) {
            throw new \RuntimeException("signing key file $path: " . $e->getMessage());
        } finally {
            sodium_memzero($pem);
        }
        $keyPair = sodium_crypto_sign_seed_keypair($seed);
        sodium_memzero($seed);
        $secretKey = sodium_crypto_sign_secretkey($keyPair);
        sodium_memzero($keyPair);
        return new self($secretKey);
    }

    public function sign(string $message): string
    {
        return sodium_crypto_sign_detached($message, $this->secretKey);
    }

    public function publicKey(): string
    {
        return sodium_crypto_sign_publickey_from_secretkey($this->secretKey);
    }

    public function __destruct()
    {
        sodium_memzero($this->secretKey);
    }
}
