<?php
// The privacy portal addon's hooks: every client-area login goes into the addon's login
// history, and the client area's navbar links to the portal page. WHMCS picks this file
// up when the addon is activated or its settings are saved.

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/lib/autoload.php';

use WHMCS\Authentication\CurrentUser;
use WHMCS\Module\Addon\PrivacyPortal\Locale;
use WHMCS\Module\Addon\PrivacyPortal\LoginRecorder;
use WHMCS\Module\Addon\PrivacyPortal\Records;
use WHMCS\Module\Addon\PrivacyPortal\Texts;

add_hook('UserLogin', 1, function ($vars) {
    try {
        LoginRecorder::record(Records::fromWhmcs(), new CurrentUser(), $vars['user'] ?? null, $_SERVER);
    } catch (\Throwable $e) {
        // A failed history entry must not stop the person from logging in.
        error_log('privacyportal: login not recorded: ' . get_class($e) . ': ' . $e->getMessage());
    }
});

add_hook('ClientAreaPrimaryNavbar', 1, function ($primaryNavbar) {
    $user = (new CurrentUser())->user();
    if (!$user) {
        return;
    }
    try {
        $records = Records::fromWhmcs();
        $locale = Locale::fromWhmcsLanguage((string) $records->userLanguage((int) $user->id), $records->systemLanguage());
    } catch (\Throwable $e) {
        $locale = 'en';
    }
    $primaryNavbar->addChild('privacyportal', [
        'label' => Texts::get('title', $locale),
        'uri' => 'index.php?m=privacyportal',
        'order' => 90,
        'icon' => 'fa-user-shield',
    ]);
});
