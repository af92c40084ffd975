<?php
// The API actions WHMCS documents (developers.whmcs.com/api-reference/, the reference as
// of January 2026), lower case. A name outside this list is answered as WHMCS answers
// an unknown action; a listed one the stand-in does not implement is refused as not
// imitated rather than faked.

namespace WhmcsApiStandin;

if (!\defined('WHMCS_API_STANDIN')) {
    http_response_code(404);
    exit;
}

function whmcs_actions(): array
{
    static $names;
    if ($names === null) {
        $names = array_flip(preg_split('/\s+/', trim('
    acceptorder acceptquote activatemodule addannouncement addbannedip addbillableitem
    addcancelrequest addclient addclientnote addcontact addcredit addinvoicepayment
    addorder addpaymethod addproduct addprojectmessage addprojecttask addticketnote
    addticketreply addtransaction adduser affiliateactivate applycredit blockticketsender
    cancelorder capturepayment closeclient createclientinvite createinvoice
    createoauthcredential createorupdatetld createproject createquote createssotoken
    deactivatemodule decryptpassword deleteannouncement deleteclient deletecontact
    deleteoauthcredential deleteorder deletepaymethod deleteprojecttask deletequote
    deleteticket deleteticketnote deleteticketreply deleteuserclient domaingetlockingstatus
    domaingetnameservers domaingetwhoisinfo domainregister domainrelease domainrenew
    domainrequestepp domaintoggleidprotect domaintransfer domainupdatelockingstatus
    domainupdatenameservers domainupdatewhoisinfo domainwhois encryptpassword endtasktimer
    fraudorder geninvoices getactivitylog getadmindetails getadminusers getaffiliates
    getannouncements getautomationlog getcancelledpackages getclientgroups
    getclientpassword getclients getclientsaddons getclientsdetails getclientsdomains
    getclientsproducts getconfigurationvalue getcontacts getcredits getcurrencies getemails
    getemailtemplates gethealthstatus getinvoice getinvoices
    getmoduleconfigurationparameters getmodulequeue getorders getorderstatuses
    getpaymentmethods getpaymethods getpermissionslist getproducts getproject getprojects
    getpromotions getquotes getregistrars getservers getstaffonline getstats
    getsupportdepartments getsupportstatuses getticket getticketattachment getticketcounts
    getticketnotes getticketpredefinedcats getticketpredefinedreplies gettickets
    gettldpricing gettodoitems gettodoitemstatuses gettransactions getuserpermissions
    getusers listoauthcredentials logactivity mergeticket modulechangepackage
    modulechangepw modulecreate modulecustom modulesuspend moduleterminate moduleunsuspend
    openticket orderfraudcheck pendingorder resetpassword sendadminemail sendemail
    sendquote setconfigurationvalue starttasktimer triggernotificationevent
    updateadminnotes updateannouncement updateclient updateclientaddon updateclientdomain
    updateclientproduct updatecontact updateinvoice updatemoduleconfiguration
    updateoauthcredential updatepaymethod updateproject updateprojecttask updatequote
    updateticket updateticketreply updatetodoitem updatetransaction updateuser
    updateuserpermissions upgradeproduct validatelogin whmcsdetails
        ')));
    }
    return $names;
}
