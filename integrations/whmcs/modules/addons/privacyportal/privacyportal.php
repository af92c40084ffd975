<?php
// The privacy portal addon for WHMCS 8: shows the portal's widget in the client area
// (index.php?m=privacyportal) and the support console in the admin area, each with a
// short-lived launch token signed with the host's Ed25519 key.

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/lib/autoload.php';

use WHMCS\Authentication\CurrentUser;
use WHMCS\Module\Addon\PrivacyPortal\Launch;
use WHMCS\Module\Addon\PrivacyPortal\Launcher;
use WHMCS\Module\Addon\PrivacyPortal\Records;
use WHMCS\Module\Addon\PrivacyPortal\Reply;
use WHMCS\Module\Addon\PrivacyPortal\Settings;
use WHMCS\Module\Addon\PrivacyPortal\Texts;
use WHMCS\Module\Addon\PrivacyPortal\TokenEndpoint;

function privacyportal_config()
{
    return [
        'name' => 'Privacy Portal',
        'description' => 'Lets customers see and manage their personal data in the privacy portal, and gives'
            . ' staff the portal\'s support console. Deactivating keeps the tables mod_privacyportal_logins'
            . ' and mod_privacyportal_commands: the login history and the command log are records the'
            . ' portal relies on.',
        'author' => 'Privacy portal',
        'language' => 'english',
        'version' => '1.0.0',
        'fields' => [
            'portal_url' => [
                'FriendlyName' => 'Portal address',
                'Type' => 'text',
                'Size' => '60',
                'Default' => '',
                'Description' => 'The portal\'s origin, e.g. https://personvern.example.no (no path).',
            ],
            'issuer' => [
                'FriendlyName' => 'Issuer',
                'Type' => 'text',
                'Size' => '40',
                'Default' => '',
                'Description' => 'The name the portal knows this WHMCS by (its PORTAL_HOST_ISSUER).',
            ],
            'key_path' => [
                'FriendlyName' => 'Signing key file',
                'Type' => 'text',
                'Size' => '60',
                'Default' => '',
                'Description' => 'Absolute path of the Ed25519 private key (PEM), outside the web root,'
                    . ' readable by WHMCS only. The key itself is never stored in WHMCS.',
            ],
            'key_id' => [
                'FriendlyName' => 'Key id',
                'Type' => 'text',
                'Size' => '30',
                'Default' => '',
                'Description' => 'Names the key in each token (kid), so keys can be rotated.',
            ],
            'token_ttl' => [
                'FriendlyName' => 'Token lifetime',
                'Type' => 'text',
                'Size' => '5',
                'Default' => '120',
                'Description' => 'Seconds a launch token stays valid: default 120, at most 300.',
            ],
            'company_rule' => [
                'FriendlyName' => 'Company or private',
                'Type' => 'text',
                'Size' => '40',
                'Default' => 'legal_form',
                'Description' => 'Which clients are companies, whose owner opens the portal as company admin:'
                    . ' legal_form (a legal form such as AS or AB in the company name, or a Swedish'
                    . ' organisationsnummer of a legal person: sole traders stay private), company_name,'
                    . ' tax_id, group:ID[,ID...] or custom_field:ID=VALUE. The same as the portal\'s'
                    . ' PORTAL_WHMCS_COMPANY_RULE.',
            ],
            'decide_roles' => [
                'FriendlyName' => 'Roles that decide',
                'Type' => 'text',
                'Size' => '30',
                'Default' => '',
                'Description' => 'Ids of the admin roles (comma-separated) that may reject, execute and'
                    . ' grant or lift a restriction in the support console. The other roles with access'
                    . ' to this addon may only triage: read, assign, note, ask and extend. Empty: every'
                    . ' role with access decides. The portal reads it on every call.',
            ],
        ],
    ];
}

function privacyportal_activate()
{
    try {
        Records::fromWhmcs()->runSqlFile(__DIR__ . '/schema.sql');
    } catch (\Throwable $e) {
        return ['status' => 'error', 'description' => 'Could not create the addon\'s tables: ' . $e->getMessage()];
    }
    return [
        'status' => 'success',
        'description' => 'Created mod_privacyportal_logins and mod_privacyportal_commands. Now fill in the'
            . ' settings, choose which admin roles may open the support console, and save.',
    ];
}

function privacyportal_deactivate()
{
    // The tables stay: the login history and the command log outlive the addon.
    return [
        'status' => 'success',
        'description' => 'Deactivated. The tables mod_privacyportal_logins and mod_privacyportal_commands were kept.',
    ];
}

/** index.php?m=privacyportal: the widget for the logged-in user and selected account. */
function privacyportal_clientarea($vars)
{
    if (($_GET['a'] ?? '') === 'token') {
        privacyportal_token_reply($vars)->send();
        exit;
    }

    $launch = privacyportal_launcher($vars)->forClientArea(new CurrentUser());
    if (!headers_sent()) {
        // The page carries a launch token: nothing may keep a copy.
        header('Cache-Control: no-store');
    }
    $settings = Settings::fromModuleVars($vars);
    $title = Texts::get('title', $launch->locale);
    $modulelink = (string) ($vars['modulelink'] ?? 'index.php?m=privacyportal');
    return [
        'pagetitle' => $title,
        'breadcrumb' => [$modulelink => $title],
        'templatefile' => 'clientarea',
        'requirelogin' => true,
        'forcessl' => false,
        'vars' => [
            'privacyportal_widget' => $launch->token !== null,
            'privacyportal_token' => (string) $launch->token,
            'privacyportal_script' => $settings->widgetScriptUrl(),
            'privacyportal_api' => $settings->portalOrigin,
            'privacyportal_locale' => $launch->locale,
            'privacyportal_message' => $launch->message(),
            'privacyportal_token_url' => $modulelink . '&a=token',
            'privacyportal_csrf' => $launch->token !== null ? generate_token('plain') : '',
        ],
    ];
}

/** The answer to index.php?m=privacyportal&a=token, built but not yet sent. */
function privacyportal_token_reply(array $vars): Reply
{
    $launcher = privacyportal_launcher($vars);
    return TokenEndpoint::handle($_SERVER, $_POST, (string) generate_token('plain'), function () use ($launcher) {
        return $launcher->forClientArea(new CurrentUser());
    });
}

/** addonmodules.php?module=privacyportal: the support console for the logged-in admin. */
function privacyportal_output($vars)
{
    $launch = privacyportal_launcher($vars)->forAdminArea(new CurrentUser());
    if (!headers_sent()) {
        header('Cache-Control: no-store');
    }
    echo privacyportal_console_html($launch, Settings::fromModuleVars($vars));
}

function privacyportal_launcher(array $vars): Launcher
{
    return new Launcher(Records::fromWhmcs(), Settings::fromModuleVars($vars));
}

function privacyportal_console_html(Launch $launch, Settings $settings): string
{
    $e = function ($text) {
        return htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    };
    $html = '<div class="privacyportal-console">';
    if ($launch->token === null) {
        $html .= '<div class="alert alert-warning">' . $e($launch->message()) . '</div>';
        // Staff configure the addon, so they see what is wrong (never the key itself).
        if ($launch->detail !== null) {
            $html .= '<p class="text-muted">' . $e($launch->detail) . '</p>';
        }
    } else {
        $html .= '<script type="module" src="' . $e($settings->widgetScriptUrl()) . '"></script>'
            . '<privacy-portal launch-token="' . $e($launch->token) . '" api="' . $e($settings->portalOrigin)
            . '" locale="' . $e($launch->locale) . '"></privacy-portal>';
    }
    return $html . '</div>';
}
