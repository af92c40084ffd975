<?php
// Whether a client is a company or a private customer: the operator's rule, the same as
// the portal's PORTAL_WHMCS_COMPANY_RULE and written the same way, so the owner of a
// company account launches as its company admin and the owner of a private one as its
// customer, as the portal expects. The portal's README ("Company or private") explains
// the rules and the default; this class must tell every client as the portal does (a
// test runs both over the same cases).

namespace WHMCS\Module\Addon\PrivacyPortal;

final class CompanyRule
{
    const LEGAL_FORM = 'legal_form';
    const COMPANY_NAME = 'company_name';
    const TAX_ID = 'tax_id';
    const GROUP = 'group';
    const CUSTOM_FIELD = 'custom_field';

    /** Legal-entity forms as the last word(s) of a company name (see the portal's list). */
    const LAST_FORMS = [
        'as', 'a/s', 'asa', 'sa', 'ba', 'ans', 'da', 'ks', 'nuf', 'sf', 'iks', 'kf', 'fkf', 'bbl', 'brl',
        'stiftelse', 'stiftelsen',
        'ab', 'aktiebolag', 'hb', 'handelsbolag', 'kb', 'kommanditbolag', 'ek för', 'ekonomisk förening', 'brf',
    ];
    /** Legal-entity forms that also stand first in a company name ("AB Volvo"). */
    const FIRST_FORMS = ['as', 'a/s', 'asa', 'ab', 'aktiebolaget', 'brf', 'stiftelsen'];

    /** @var string one of the constants above */
    public $kind;
    /** @var int[] the client groups of a group rule */
    public $groups = [];
    /** @var int the client custom field of a custom_field rule */
    public $field = 0;
    /** @var string the value that makes a company under a custom_field rule */
    public $value = '';

    private function __construct(string $kind)
    {
        $this->kind = $kind;
    }

    /** The rule as the setting writes it ('' is the default); null when it is none. */
    public static function parse(string $setting)
    {
        $setting = trim($setting);
        $colon = strpos($setting, ':');
        if ($colon === false) {
            $name = strtolower($setting);
            if ($name === '' || $name === self::LEGAL_FORM) {
                return new self(self::LEGAL_FORM);
            }
            if ($name === self::COMPANY_NAME || $name === self::TAX_ID) {
                return new self($name);
            }
            return null;
        }
        $name = strtolower(trim(substr($setting, 0, $colon)));
        $rest = substr($setting, $colon + 1);
        if ($name === self::GROUP) {
            $rule = new self(self::GROUP);
            foreach (explode(',', $rest) as $id) {
                $id = trim($id);
                if (!ctype_digit($id) || strlen($id) > 10 || (int) $id <= 0) {
                    return null;
                }
                $rule->groups[] = (int) $id;
            }
            return $rule;
        }
        if ($name === self::CUSTOM_FIELD) {
            $eq = strpos($rest, '=');
            $field = trim($eq === false ? $rest : substr($rest, 0, $eq));
            $value = $eq === false ? '' : trim(substr($rest, $eq + 1));
            if (!ctype_digit($field) || strlen($field) > 10 || (int) $field <= 0 || $value === '') {
                return null;
            }
            $rule = new self(self::CUSTOM_FIELD);
            $rule->field = (int) $field;
            $rule->value = $value;
            return $rule;
        }
        return null;
    }

    /**
     * Whether a client with these values, as WHMCS stores them (HTML-encoded), is a
     * company. $fieldValue is the rule's custom field's value, null when unset.
     */
    public function isCompany(string $companyName, string $taxId, int $groupId, $fieldValue): bool
    {
        switch ($this->kind) {
            case self::COMPANY_NAME:
                return trim($companyName) !== '';
            case self::TAX_ID:
                return trim($taxId) !== '';
            case self::GROUP:
                return in_array($groupId, $this->groups, true);
            case self::CUSTOM_FIELD:
                return $fieldValue !== null
                    && self::lower(trim(self::decode((string) $fieldValue))) === self::lower($this->value);
            default:
                return self::hasLegalForm(self::decode($companyName))
                    || self::isSwedishLegalPerson(self::decode($taxId));
        }
    }

    public static function hasLegalForm(string $name): bool
    {
        $words = preg_split('/\s+/u', trim(str_replace(['.', ','], ' ', self::lower($name))), -1, PREG_SPLIT_NO_EMPTY);
        $count = count($words);
        if ($count > 0 && $words[$count - 1] === '(publ)') {
            if ($count > 1) {
                return true;
            }
            array_pop($words);
            $count--;
        }
        foreach (self::LAST_FORMS as $form) {
            $parts = explode(' ', $form);
            $n = count($parts);
            // A name that is only the form names no firm.
            if ($count > $n && array_slice($words, $count - $n) === $parts) {
                return true;
            }
        }
        return $count > 1 && in_array($words[0], self::FIRST_FORMS, true);
    }

    public static function isSwedishLegalPerson(string $taxId): bool
    {
        $compact = strtoupper(preg_replace('/[\s-]+/u', '', $taxId));
        if (strncmp($compact, 'SE', 2) === 0) {
            $digits = substr($compact, 2);
            if (strlen($digits) === 12 && substr($digits, 10) === '01') {
                $digits = substr($digits, 0, 10);
            }
        } elseif (strlen($compact) === 12 && strncmp($compact, '16', 2) === 0) {
            $digits = substr($compact, 2);
        } else {
            $digits = $compact;
        }
        if (strlen($digits) !== 10 || !ctype_digit($digits)) {
            return false;
        }
        if ((int) $digits[2] < 2) {
            return false;
        }
        // The Luhn check digit.
        $sum = 0;
        for ($i = 0; $i < 10; $i++) {
            $d = (int) $digits[9 - $i];
            if ($i % 2 === 1) {
                $d *= 2;
                if ($d > 9) {
                    $d -= 9;
                }
            }
            $sum += $d;
        }
        return $sum % 10 === 0;
    }

    /** WHMCS stores texts HTML-encoded: only what it encodes is decoded. */
    private static function decode(string $stored): string
    {
        return htmlspecialchars_decode($stored, ENT_QUOTES | ENT_HTML401);
    }

    private static function lower(string $s): string
    {
        if (function_exists('mb_strtolower')) {
            return mb_strtolower($s, 'UTF-8');
        }
        // Without mbstring: at least the letters of the Nordic forms and names.
        return strtr(strtolower($s), ['Æ' => 'æ', 'Ø' => 'ø', 'Å' => 'å', 'Ä' => 'ä', 'Ö' => 'ö', 'Ü' => 'ü', 'É' => 'é']);
    }
}
