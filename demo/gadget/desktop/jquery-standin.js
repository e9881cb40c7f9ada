// Stand-in for Finesse's /desktop/assets/js/jquery.min.js: the finesse-sso gadget does not use
// jQuery; the real finesse.js does, so the gadget loads it as Finesse's gadgets must.
window.jQuery = window.$ = window.jQuery || function () {};
