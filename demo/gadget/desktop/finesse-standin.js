// Stand-in for Finesse's /desktop/assets/js/finesse.js in a gadget's frame: Config, the
// container's header and ClientServices, all answered by the stand-in desktop (the parent).
// ClientServices as finesse.js defines it: subscribe(topic, callback) on the OpenAjax topic
// (`finesse.api.User.1001`), one callback per topic, `{ content: node + '<Update>…', object }`
// for each update; unsubscribe(topic); subscribeNode(node, handler).
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
