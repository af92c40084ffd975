<?php
// System actions of the WHMCS API stand-in: GetConfigurationValue.

namespace WhmcsApiStandin\Actions;

use WhmcsApiStandin\ActionError;
use WhmcsApiStandin\Call;

use function WhmcsApiStandin\text;

if (!\defined('WHMCS_API_STANDIN')) {
    http_response_code(404);
    exit;
}

// https://developers.whmcs.com/api-reference/getconfigurationvalue/
function getconfigurationvalue(Call $call, array $p): array
{
    $setting = (string) text($p, 'setting');
    if ($setting === '') {
        throw new ActionError('Parameter setting is required');
    }
    $value = $call->setting($setting);
    if ($value === null) {
        throw new ActionError('Invalid name for parameter setting');
    }
    return ['result' => 'success', 'setting' => $setting, 'value' => $value];
}
