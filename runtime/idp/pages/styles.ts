/**
 * The kit's stylesheet, served at `<issuer>/styles.css`: the look of the demo (Local ID and its app). Kept as a
 * module (not a .css file) because the runtime ships compiled JavaScript only. Replace it with
 * `branding.stylesheet`.
 */
export const STYLESHEET = `/* The one stylesheet of the demo, shared by the app and Local ID (each sets its accent). */
:root {
  --bg: #f6f7fb;
  --surface: #ffffff;
  --text: #14161f;
  --muted: #5d6275;
  --line: #e3e6ef;
  --accent: #4f46e5;
  --accent-strong: #4338ca;
  --accent-soft: #eef0ff;
  --danger: #c2253a;
  --danger-soft: #fdecef;
  --success: #0f7a4f;
  --success-soft: #e7f7ef;
  --focus: #f59e0b;
  --radius: 14px;
  --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 8px 24px rgb(16 24 40 / 6%);
  color-scheme: light;
}
body.brand-id {
  --accent: #0e7490;
  --accent-strong: #155e75;
  --accent-soft: #e6f6fa;
  --bg: #f3f7f9;
}
* {
  box-sizing: border-box;
}
html {
  -webkit-text-size-adjust: 100%;
}
body {
  margin: 0;
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  background: var(--bg);
  color: var(--text);
  font:
    16px / 1.55 system-ui,
    -apple-system,
    "Segoe UI",
    Roboto,
    "Helvetica Neue",
    Arial,
    sans-serif;
}
a {
  color: var(--accent-strong);
}
form {
  margin: 0;
}
code {
  font:
    0.9em / 1.4 ui-monospace,
    SFMono-Regular,
    Menlo,
    Consolas,
    monospace;
  background: var(--accent-soft);
  padding: 0.1em 0.35em;
  border-radius: 6px;
  overflow-wrap: anywhere;
}
:focus-visible {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
}
.skip {
  position: absolute;
  left: -999px;
  top: 8px;
  background: var(--surface);
  padding: 8px 12px;
  border-radius: 8px;
  z-index: 10;
}
.skip:focus {
  left: 8px;
}

/* Top bar and footer */
.topbar {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 16px;
  padding: 14px clamp(16px, 4vw, 40px);
  background: var(--surface);
  border-bottom: 1px solid var(--line);
}
.logo {
  display: inline-flex;
  align-items: center;
  gap: 10px;
  font-weight: 700;
  font-size: 1.1rem;
  color: var(--text);
  text-decoration: none;
}
.mark {
  display: inline-grid;
  place-items: center;
  min-width: 32px;
  height: 32px;
  padding: 0 6px;
  border-radius: 9px;
  background: var(--accent);
  color: #fff;
  font-size: 0.85rem;
  letter-spacing: 0.02em;
}
.topbar nav {
  display: flex;
  align-items: center;
  gap: 12px;
}
.who {
  color: var(--muted);
  font-weight: 500;
}
.footer {
  margin-top: auto;
  padding: 24px;
  text-align: center;
  color: var(--muted);
  font-size: 0.85rem;
}
.footer a {
  color: var(--muted);
}

/* Layout */
main {
  width: 100%;
  margin: 0 auto;
  padding: clamp(24px, 6vh, 64px) 20px;
}
main.narrow {
  max-width: 460px;
}
main.wide {
  max-width: 980px;
}
.card {
  background: var(--surface);
  border: 1px solid var(--line);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
  padding: clamp(20px, 4vw, 32px);
  margin-bottom: 20px;
}
.grid {
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
  gap: 20px;
}
.grid .card {
  margin-bottom: 0;
}
.grid + .card {
  margin-top: 20px;
}
h1 {
  font-size: clamp(1.5rem, 3vw, 2rem);
  line-height: 1.2;
  margin: 0 0 8px;
  letter-spacing: -0.01em;
}
.card h1 {
  font-size: 1.45rem;
}
h2 {
  font-size: 1.05rem;
  margin: 0 0 14px;
}
.lead {
  font-size: 1.05rem;
  color: var(--muted);
  margin: 0 0 20px;
}
.muted {
  color: var(--muted);
}
.small {
  font-size: 0.85rem;
}
.hint {
  margin: 20px 0 0;
  padding-top: 16px;
  border-top: 1px dashed var(--line);
  color: var(--muted);
  font-size: 0.9rem;
  text-align: center;
}

/* Hero */
.hero {
  text-align: center;
  max-width: 640px;
  margin: 4vh auto 0;
}
.hero h1 {
  font-size: clamp(2rem, 5vw, 2.8rem);
}
.eyebrow {
  display: inline-block;
  margin: 0 0 12px;
  padding: 4px 12px;
  border-radius: 999px;
  background: var(--accent-soft);
  color: var(--accent-strong);
  font-weight: 600;
  font-size: 0.8rem;
  text-transform: uppercase;
  letter-spacing: 0.06em;
}
.providers {
  display: grid;
  gap: 10px;
  max-width: 340px;
  margin: 28px auto 16px;
}

/* Forms and buttons */
.stack {
  display: grid;
  gap: 16px;
}
.field {
  display: grid;
  gap: 6px;
}
label {
  font-weight: 600;
  font-size: 0.92rem;
}
input[type="text"],
input[type="password"] {
  width: 100%;
  padding: 11px 13px;
  font: inherit;
  color: var(--text);
  background: var(--surface);
  border: 1px solid #cdd2df;
  border-radius: 10px;
  transition:
    border-color 0.15s,
    box-shadow 0.15s;
}
input:focus-visible {
  outline: none;
  border-color: var(--accent);
  box-shadow: 0 0 0 4px color-mix(in srgb, var(--accent) 25%, transparent);
}
.button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  gap: 8px;
  padding: 10px 18px;
  font: inherit;
  font-weight: 600;
  color: var(--text);
  background: var(--surface);
  border: 1px solid #cdd2df;
  border-radius: 10px;
  cursor: pointer;
  text-decoration: none;
  transition:
    background 0.15s,
    border-color 0.15s,
    transform 0.05s;
}
.button:hover {
  background: #f1f3f8;
}
.button:active {
  transform: translateY(1px);
}
.button:disabled {
  opacity: 0.5;
  cursor: not-allowed;
}
.button-primary {
  background: var(--accent);
  border-color: var(--accent);
  color: #fff;
}
.button-primary:hover {
  background: var(--accent-strong);
}
.button-danger {
  color: var(--danger);
}
.button-danger:hover {
  background: var(--danger-soft);
}
.button-small {
  padding: 6px 12px;
  font-size: 0.9rem;
}
.button-block {
  width: 100%;
  padding: 12px 18px;
}
.button.provider-google {
  border-color: #dadce0;
}
.button.provider-github {
  background: #1f2328;
  border-color: #1f2328;
  color: #fff;
}
.button.provider-vk {
  background: #0077ff;
  border-color: #0077ff;
  color: #fff;
}
.button.provider-discord {
  background: #5865f2;
  border-color: #5865f2;
  color: #fff;
}
.button.provider-github:hover,
.button.provider-vk:hover,
.button.provider-discord:hover {
  filter: brightness(1.12);
}
.actions {
  display: flex;
  flex-wrap: wrap;
  gap: 10px;
  margin-top: 20px;
}
.card form.actions .button {
  flex: 1;
}

/* Alerts, badges, chips */
.alert {
  padding: 12px 14px;
  border-radius: 10px;
  margin: 0 0 18px;
  font-weight: 500;
}
.alert-error {
  background: var(--danger-soft);
  color: var(--danger);
  border: 1px solid #f5c2cb;
}
.alert-success {
  background: var(--success-soft);
  color: var(--success);
  border: 1px solid #b9e6cf;
}
.badge {
  display: inline-block;
  padding: 1px 8px;
  border-radius: 999px;
  background: var(--success-soft);
  color: var(--success);
  font-size: 0.78rem;
  font-weight: 600;
}
.chips {
  display: flex;
  flex-wrap: wrap;
  gap: 6px;
  list-style: none;
  margin: 0;
  padding: 0;
}
.chips li {
  padding: 2px 10px;
  border-radius: 999px;
  background: var(--accent-soft);
  color: var(--accent-strong);
  font-size: 0.85rem;
  font-weight: 600;
}

/* Definition lists and tables */
.facts {
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: 10px 18px;
  margin: 0 0 20px;
}
.facts dt {
  color: var(--muted);
  font-size: 0.9rem;
}
.facts dd {
  margin: 0;
  min-width: 0;
  overflow-wrap: anywhere;
}
.claims {
  width: 100%;
  border-collapse: collapse;
  font-size: 0.92rem;
}
.claims th,
.claims td {
  text-align: left;
  padding: 9px 10px;
  border-bottom: 1px solid var(--line);
  vertical-align: top;
  overflow-wrap: anywhere;
}
.claims thead th {
  color: var(--muted);
  font-weight: 600;
  font-size: 0.8rem;
  text-transform: uppercase;
  letter-spacing: 0.05em;
}
.claims tbody th {
  font-weight: 500;
  width: 28%;
}

/* Consent and profile */
.pair {
  display: flex;
  align-items: center;
  justify-content: center;
  gap: 10px;
  margin-bottom: 18px;
}
.dots {
  color: var(--muted);
  letter-spacing: 0.2em;
}
.avatar {
  display: inline-grid;
  place-items: center;
  width: 48px;
  height: 48px;
  border-radius: 14px;
  background: #4f46e5;
  color: #fff;
  font-weight: 700;
  font-size: 1.2rem;
}
.avatar-id {
  background: #0e7490;
  font-size: 0.95rem;
}
.avatar-large {
  width: 72px;
  height: 72px;
  border-radius: 20px;
  font-size: 2rem;
  background: var(--accent);
}
.center {
  text-align: center;
}
.consent-title {
  font-weight: 500;
}
.scopes {
  list-style: none;
  margin: 0 0 16px;
  padding: 0;
  border: 1px solid var(--line);
  border-radius: 12px;
}
.scopes li {
  display: flex;
  gap: 12px;
  padding: 12px 14px;
}
.scopes li + li {
  border-top: 1px solid var(--line);
}
.scopes li div {
  display: grid;
}
.resources {
  margin: -8px 0 16px;
  padding-left: 20px;
}
.app-revoke {
  margin-left: auto;
  align-self: center;
}
.check {
  display: inline-grid;
  place-items: center;
  flex: none;
  width: 24px;
  height: 24px;
  border-radius: 50%;
  background: var(--accent-soft);
  color: var(--accent-strong);
  font-size: 0.8rem;
  font-weight: 700;
}
.profile-head {
  display: flex;
  align-items: center;
  gap: 18px;
  margin-bottom: 24px;
}
.profile-head h1 {
  margin: 0 0 2px;
}
.profile-head p {
  margin: 0;
}

/* Error pages */
.icon {
  display: grid;
  place-items: center;
  width: 48px;
  height: 48px;
  border-radius: 50%;
  margin-bottom: 16px;
  font-weight: 800;
  font-size: 1.4rem;
}
.icon-error {
  background: var(--danger-soft);
  color: var(--danger);
}

@media (max-width: 520px) {
  .facts {
    grid-template-columns: 1fr;
  }
  .who {
    display: none;
  }
}
@media (prefers-reduced-motion: reduce) {
  .button,
  input {
    transition: none;
  }
}
`
