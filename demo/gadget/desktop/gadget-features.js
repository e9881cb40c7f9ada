// Stand-in for the gadget container's `gadgets.*` features (pubsub-2 hub, dynamic-height), put
// in front of the gadget's content by /gadgets/ifr. The hub "connects" once the page loaded.
(function () {
  'use strict';
  var container = window.parent.__finesseContainer;
  window.gadgets = {
    HubSettings: {},
    window: {
      adjustHeight: function () {
        var height = document.documentElement.scrollHeight;
        container.adjustHeight(window, height);
      },
    },
  };
  window.addEventListener('load', function () {
    var onConnect = window.gadgets.HubSettings.onConnect;
    if (typeof onConnect === 'function') onConnect();
  });
})();
