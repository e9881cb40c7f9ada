// Stand-in for Finesse's /desktop/assets/js/finesse.js in a gadget's frame, answered by the
// stand-in desktop (the parent):
// - finesse.gadget.Config: built from `new gadgets.Prefs()` as finesse.js builds it (see
//   config-from-prefs.js for the published source), then kept current by the desktop: in SSO
//   the desktop puts the access token of the moment in `Config.authToken` (Cisco tech note
//   214687: "access_token = finesse.gadget.Config.authToken"), as finesse.js does on its
//   token-refreshed hub event;
// - Utilities.getAuthHeaderString(config): "Bearer " + config.authToken in SSO;
// - ClientServices as finesse.js defines it: init(config) (fills config.id from
//   `authorization`), subscribe(topic, callback) on the OpenAjax topic
//   (`finesse.api.User.1001`), one callback per topic, `{ content: node + '<Update>…', object }`
//   for each update; unsubscribe(topic); subscribeNode(node, handler).
(function () {
  'use strict';
  var container = window.parent.__finesseContainer;
  var config = container.buildConfig(new window.gadgets.Prefs());
  container.register(window, config);
  window.finesse = {
    gadget: { Config: config },
    utilities: {
      Utilities: {
        getAuthHeaderString: function (configObj) {
          return container.authHeader(configObj);
        },
      },
    },
    clientservices: {
      ClientServices: {
        init: function (configObj) {
          container.init(window, configObj);
        },
        subscribe: function (topic, handler) {
          return container.subscribe(window, topic, handler);
        },
        unsubscribe: function (topic) {
          return container.unsubscribe(window, topic);
        },
        subscribeNode: function (node, handler) {
          container.subscribeNode(node);
          if (handler) setTimeout(handler, 0);
        },
      },
    },
  };
})();
