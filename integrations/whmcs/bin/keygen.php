<?php
// Makes the host's Ed25519 key pair for the privacy portal addon:
//   php keygen.php DIR
// writes DIR/privacyportal-ed25519.pem (private, PKCS#8, mode 0600: the addon's
// "Signing key file") and DIR/privacyportal-ed25519.pub.pem (public, SPKI: what the
// portal is configured with as PORTAL_HOST_PUBLIC_KEY). Existing files are never
// overwritten.

if (PHP_SAPI !== 'cli') {
    exit(1);
}

require_once __DIR__ . '/../modules/addons/privacyportal/lib/Ed25519Pem.php';

use WHMCS\Module\Addon\PrivacyPortal\Ed25519Pem;

function keygen_fail(string $message)
{
    fwrite(STDERR, "keygen: $message\n");
    exit(1);
}

/** Creates $path with $contents; fails if it exists. */
function keygen_write(string $path, string $contents, int $mode)
{
    $handle = @fopen($path, 'x');
    if ($handle === false) {
        keygen_fail("cannot create $path (does it exist already?)");
    }
    chmod($path, $mode);
    if (fwrite($handle, $contents) !== strlen($contents) || !fclose($handle)) {
        keygen_fail("cannot write $path");
    }
}

if ($argc !== 2) {
    fwrite(STDERR, "usage: php keygen.php DIR\n");
    exit(2);
}
$dir = rtrim($argv[1], '/');
if (!is_dir($dir) || !is_writable($dir)) {
    keygen_fail("$dir is not a writable directory");
}

$seed = random_bytes(SODIUM_CRYPTO_SIGN_SEEDBYTES);
$keyPair = sodium_crypto_sign_seed_keypair($seed);
$publicKey = sodium_crypto_sign_publickey($keyPair);

$privatePath = $dir . '/privacyportal-ed25519.pem';
$publicPath = $dir . '/privacyportal-ed25519.pub.pem';
// The private key file is private from its first byte: umask before creating it.
$oldUmask = umask(0077);
keygen_write($privatePath, Ed25519Pem::privateKeyPem($seed), 0600);
umask($oldUmask);
sodium_memzero($seed);
sodium_memzero($keyPair);
keygen_write($publicPath, Ed25519Pem::publicKeyPem($publicKey), 0644);

echo "private key: $privatePath (mode 0600; set it as the addon's Signing key file)\n";
echo "public key:  $publicPath (give it to the portal as PORTAL_HOST_PUBLIC_KEY)\n";
