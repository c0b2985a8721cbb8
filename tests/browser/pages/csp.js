// Records CSP violations the way a site's reporting would see them.
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.violations.push({ directive: e.violatedDirective, blocked: e.blockedURI });
});
