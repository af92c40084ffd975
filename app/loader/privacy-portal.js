// The privacy portal's loader. A host page includes it as a module script and places
// <privacy-portal launch-token="…" api="…" locale="nb"> where the portal should appear.
// Served without caching; the files it names carry a content hash and can be cached for ever.
import init, { mount_portal } from "./@GLUE@";

const cssUrl = new URL("./@CSS@", import.meta.url).href;
// One language file per language ({base}nb.json…): the wasm carries no texts.
const textsBase = new URL("./@TEXTS@", import.meta.url).href;
const defaultApi = new URL(import.meta.url).origin;
// Fetches and compiles the wasm next to the glue while the page goes on loading.
const wasmReady = init();

// The widget's language: the one the person chose before (kept by the widget under this
// key), else the element's, else the page's; read as the widget reads it.
function startLocale(element) {
  let code = null;
  try {
    code = localStorage.getItem("privacy-portal.display-locale");
  } catch {
    // Storage may be switched off or refused.
  }
  code = code || element.getAttribute("locale") || document.documentElement.lang || "";
  code = code.trim().toLowerCase();
  if (code === "no" || code === "nn") return "nb";
  return ["nb", "sv", "en"].includes(code) ? code : "nb";
}

function fetchTexts(locale) {
  return fetch(`${textsBase}${locale}.json`, { credentials: "omit" }).then((r) => {
    if (!r.ok) throw new Error(`language file: ${r.status}`);
    return r.text();
  });
}

class PrivacyPortal extends HTMLElement {
  connectedCallback() {
    // Moving the element within the page keeps the running widget.
    if (this._portal || this._mounting) return;
    this._mounting = true;

    const token = this.getAttribute("launch-token") || "";
    // The token is single-use and names the person: it should not linger in the DOM.
    this.removeAttribute("launch-token");
    const api = this.getAttribute("api") || defaultApi;
    const locale = startLocale(this);
    const texts = fetchTexts(locale);

    const root = this.shadowRoot || this.attachShadow({ mode: "open" });
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = cssUrl;
    const styled = new Promise((resolve) => {
      link.onload = link.onerror = resolve;
    });
    const target = document.createElement("div");
    root.replaceChildren(link, target);

    Promise.all([wasmReady, texts, styled])
      .then(([, texts]) => {
        this._portal = mount_portal(target, token, api, locale, texts, textsBase);
        if (!this.isConnected) this._unmount();
      })
      .catch((err) => {
        console.error("privacy-portal: could not start", err);
        target.setAttribute("role", "alert");
        target.textContent = "The privacy portal could not be loaded. Please reload the page.";
      })
      .finally(() => {
        this._mounting = false;
      });
  }

  disconnectedCallback() {
    // A move fires disconnect and connect in one go; only a real removal unmounts.
    queueMicrotask(() => {
      if (!this.isConnected) this._unmount();
    });
  }

  _unmount() {
    if (!this._portal) return;
    this._portal.unmount();
    this._portal.free();
    this._portal = null;
  }
}

if (!customElements.get("privacy-portal")) {
  customElements.define("privacy-portal", PrivacyPortal);
}
