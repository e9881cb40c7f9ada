// The finesse-sso gadget's start-up (a script file: no inline script in the gadget spec).
// Loaded after finesse.js and before the finesse-sso bundle, whose <finesse-sso-session
// mode="gadget"> reads finesse.gadget.Config and the container's header itself.
(function () {
  'use strict';
  var gadgets = window.gadgets;
  var finesse = window.finesse;

  // Finesse's documented start-up: initialise ClientServices once the hub is connected; the
  // session subscribes to the agent's updates through it.
  if (gadgets && gadgets.HubSettings) {
    gadgets.HubSettings.onConnect = function () {
      finesse.clientservices.ClientServices.init(finesse.gadget.Config);
    };
  }

  // dynamic-height: follow the content's size.
  var adjust = function () {
    if (gadgets && gadgets.window && gadgets.window.adjustHeight) gadgets.window.adjustHeight();
  };
  var watch = function () {
    var root = document.getElementById('finesse-sso-gadget') || document.body;
    if (typeof ResizeObserver === 'function') new ResizeObserver(adjust).observe(root);
    adjust();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
  else watch();
})();
