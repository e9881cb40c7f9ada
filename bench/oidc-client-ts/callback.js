/** The popup's callback: hands the authorization response to the opener, which closes it. */
new window.oidc.UserManager({ ...window.benchSettings(), automaticSilentRenew: false })
  .signinPopupCallback()
  .catch((error) => (document.body.textContent = `callback failed: ${error.message}`));
