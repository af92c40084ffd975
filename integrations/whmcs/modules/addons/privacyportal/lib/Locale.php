<?php
// The portal locale (nb, sv, en) for a WHMCS language name. WHMCS stores names such as
// 'norwegian'; '' means "the system default", the Language setting.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class Locale
{
    public static function fromWhmcsLanguage(string $language, string $systemLanguage): string
    {
        $name = strtolower(trim($language));
        if ($name === '') {
            $name = strtolower(trim($systemLanguage));
        }
        if ($name === 'norwegian') {
            return 'nb';
        }
        if ($name === 'swedish') {
            return 'sv';
        }
        return 'en';
    }
}
