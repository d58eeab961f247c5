odoo.define('crm_infinity_base.download_action', function (require) {
"use strict";

/**
 * Client action "crm_infinity_download" (params.url): downloads a file, then reloads the screen
 * that asked for it. Odoo's act_url with target "self" returns a promise that never resolves, so
 * the form whose button asked for the file stayed frozen (buttons disabled) after the download.
 */
var core = require('web.core');
var crash_manager = require('web.crash_manager');
var framework = require('web.framework');
var session = require('web.session');

function download(parent, action) {
    framework.blockUI();
    session.get_file({
        url: (action.params || {}).url,
        complete: framework.unblockUI,
        error: crash_manager.rpc_error.bind(crash_manager),
    });
    // the screen that asked for the file is reloaded (it may show the export) or its dialog closed
    return {type: 'ir.actions.act_window_close'};
}

core.action_registry.add('crm_infinity_download', download);

return download;
});
