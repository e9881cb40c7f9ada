/**
 * Debian's Firefox ESR and the preferences it needs here (a closed network, no first-run
 * pages). Shared by web-test-runner, the end-to-end tests and the benchmark: no test tool
 * downloads a browser. Driven over WebDriver BiDi by puppeteer-core.
 *
 * puppeteer-core starts Firefox with its own test preferences, some of which an agent's
 * browser never has: it turns the JSON viewer and the popup blocker off. `AS_SHIPPED` puts
 * both back to Firefox's defaults; the rest of the list only stops Firefox from phoning home.
 */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Firefox's defaults that puppeteer-core changes and that decide what an agent sees. */
export const AS_SHIPPED = {
  'devtools.jsonview.enabled': true,
  'dom.disable_open_during_load': true,
};

/**
 * What an administrator deploys to let Firefox agents sign in (README, "Firefox"): the
 * enterprise policy `"Preferences": {"devtools.jsonview.enabled": {"Value": false, "Status":
 * "locked"}}` sets exactly this preference.
 */
export const JSON_VIEWER_POLICY = { 'devtools.jsonview.enabled': false };

/** Nothing may reach for the internet (the machine has none). */
export const NO_PHONE_HOME = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.aboutwelcome.enabled': false,
  'browser.discovery.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.geoip.url': '',
  'captivedetect.canonicalURL': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.predictor.enabled': false,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
};

/** Launch options for puppeteer-core; `prefs` adds to (or overrides) the agent's defaults. */
export function firefoxLaunchOptions(prefs = {}) {
  return {
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: { ...NO_PHONE_HOME, ...AS_SHIPPED, ...prefs },
  };
}
