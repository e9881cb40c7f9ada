// Stand-in for Finesse's /desktop/assets/js/finesse.js in a gadget's frame: Config, the
// container's header and ClientServices, all answered by the stand-in desktop (the parent).
// ClientServices.subscribe(topic, handler) / unsubscribe(topic, handler) with the pubsub node
// as the topic and `{ content: '<Update>…' }` for each update is the ASSUMED shape that
// src/core/gadget/container-notifications.ts adapts to.
(function () {
  'use strict';
  var container = window.parent.__finesseContainer;
  window.finesse = {
    gadget: { Config: container.config() },
    utilities: {
      Utilities: {
        getAuthHeaderString: function (config) {
          return container.authHeader(config);
        },
      },
    },
    clientservices: {
      ClientServices: {
        init: function (config) {
          container.init(window, config);
        },
        subscribe: function (topic, handler) {
          return container.subscribe(window, topic, handler);
        },
        unsubscribe: function (topic, handler) {
          return container.unsubscribe(window, topic, handler);
        },
      },
    },
  };
})();
