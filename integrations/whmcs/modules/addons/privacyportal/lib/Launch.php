<?php
// The outcome of one attempt to launch the portal: a signed token, or why not.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class Launch
{
    /** @var string|null */
    public $token;
    /** @var string|null the role in the token */
    public $role;
    /** @var string|null a RoleDecision reason or Launcher::UNAVAILABLE */
    public $refusal;
    /** @var string|null for administrators only: what is misconfigured (never the key) */
    public $detail;
    /** @var string the language to talk to the person in */
    public $locale;

    public static function granted(string $token, Grant $grant): self
    {
        $launch = new self();
        $launch->token = $token;
        $launch->role = $grant->role;
        $launch->locale = $grant->locale;
        return $launch;
    }

    public static function refused(string $reason, string $locale, $detail = null): self
    {
        $launch = new self();
        $launch->refusal = $reason;
        $launch->locale = $locale;
        $launch->detail = $detail;
        return $launch;
    }

    public function message(): string
    {
        return $this->refusal === null ? '' : Texts::get($this->refusal, $this->locale);
    }
}
