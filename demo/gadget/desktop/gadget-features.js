// Stand-in for the gadget container's `gadgets.*` features (pubsub-2 hub, dynamic-height,
// gadgets.Prefs), put in front of the gadget's content by /gadgets/ifr. The hub "connects"
// once the page loaded. `new gadgets.Prefs()` reads the prefs the desktop gives this gadget
// (string values, as Shindig's), from which the finesse.js stand-in builds its Config.
(function () {
  'use strict';
  var container = window.parent.__finesseContainer;
  window.gadgets = {
    HubSettings: {},
    Prefs: function () {
      return container.prefs();
    },
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
