{* The privacy portal page in the client area: the portal's widget with a fresh launch
   token, or a short message saying why there is none. *}
<div class="privacyportal" data-token-url="{$privacyportal_token_url|escape:'html'}" data-csrf="{$privacyportal_csrf|escape:'html'}">
{if $privacyportal_widget}
    <script type="module" src="{$privacyportal_script|escape:'html'}"></script>
    <script src="{$WEB_ROOT}/modules/addons/privacyportal/assets/privacyportal.js" defer></script>
    <privacy-portal launch-token="{$privacyportal_token|escape:'html'}" api="{$privacyportal_api|escape:'html'}" locale="{$privacyportal_locale|escape:'html'}"></privacy-portal>
{else}
    <div class="alert alert-info">{$privacyportal_message|escape:'html'}</div>
{/if}
</div>
