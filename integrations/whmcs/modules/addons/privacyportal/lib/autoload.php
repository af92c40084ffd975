<?php
// Loads the addon's classes (namespace WHMCS\Module\Addon\PrivacyPortal) from this
// directory. The addon ships without Composer, so this is its whole autoloader.

spl_autoload_register(function ($class) {
    $prefix = 'WHMCS\\Module\\Addon\\PrivacyPortal\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $relative = substr($class, strlen($prefix));
    // Class names are plain words; anything else is not ours to load.
    if (!preg_match('/^[A-Za-z][A-Za-z0-9]*$/', $relative)) {
        return;
    }
    $file = __DIR__ . '/' . $relative . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});
