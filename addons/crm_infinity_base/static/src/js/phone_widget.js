odoo.define('crm_infinity_base.phone_widget', function (require) {
"use strict";
/**
 * Click-to-call (SPEC B12): Odoo 11 makes phone numbers clickable only on phones; an office
 * with a softphone or a PBX integration wants the tel: link on the desktop too.
 */
var basic_fields = require('web.basic_fields');

basic_fields.FieldPhone.include({
    _canCall: function () {
        return true;
    },
});
});
