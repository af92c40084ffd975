<?php
// The few words the addon shows, in the portal's three languages.

namespace WHMCS\Module\Addon\PrivacyPortal;

final class Texts
{
    const TEXTS = [
        'title' => [
            'nb' => 'Personvern',
            'sv' => 'Integritet',
            'en' => 'Privacy',
        ],
        RoleDecision::LOGGED_OUT => [
            'nb' => 'Logg inn for å se personvernsidene dine.',
            'sv' => 'Logga in för att se dina integritetssidor.',
            'en' => 'Log in to see your privacy pages.',
        ],
        RoleDecision::NO_ACCOUNT => [
            'nb' => 'Velg hvilken konto du vil se personvernsidene for.',
            'sv' => 'Välj vilket konto du vill se integritetssidorna för.',
            'en' => 'Choose the account you want to see the privacy pages for.',
        ],
        RoleDecision::MASQUERADING => [
            'nb' => 'Du er logget inn som kunden. Personvernportalen åpnes ikke på vegne av en kunde: bruk personvernkonsollet i administrasjonsområdet (Addons → Privacy Portal).',
            'sv' => 'Du är inloggad som kunden. Integritetsportalen öppnas inte för en kunds räkning: använd integritetskonsolen i administrationsområdet (Addons → Privacy Portal).',
            'en' => 'You are logged in as the customer. The privacy portal does not open on a customer\'s behalf: use the privacy console in the admin area (Addons → Privacy Portal).',
        ],
        RoleDecision::NOT_LINKED => [
            'nb' => 'Brukeren din har ikke tilgang til denne kontoen.',
            'sv' => 'Din användare har inte åtkomst till det här kontot.',
            'en' => 'Your user has no access to this account.',
        ],
        RoleDecision::NOT_STAFF => [
            'nb' => 'Logg inn som administrator for å bruke personvernkonsollet.',
            'sv' => 'Logga in som administratör för att använda integritetskonsolen.',
            'en' => 'Log in as an administrator to use the privacy console.',
        ],
        RoleDecision::ADMIN_DISABLED => [
            'nb' => 'Administratorkontoen din er deaktivert.',
            'sv' => 'Ditt administratörskonto är inaktiverat.',
            'en' => 'Your administrator account is disabled.',
        ],
        Launcher::UNAVAILABLE => [
            'nb' => 'Personvernportalen er ikke tilgjengelig akkurat nå. Prøv igjen senere.',
            'sv' => 'Integritetsportalen är inte tillgänglig just nu. Försök igen senare.',
            'en' => 'The privacy portal is not available right now. Please try again later.',
        ],
    ];

    public static function get(string $key, string $locale): string
    {
        $texts = self::TEXTS[$key];
        return $texts[$locale] ?? $texts['en'];
    }
}
