// The app shell: a prerendered page with no server-rendered content. The service worker answers
// every navigation it has no page for (deep links such as /laws/civil-code/1165 or /exam/<id>)
// with this file; SvelteKit's client router then renders the requested route in the browser.
export const ssr = false;
export const prerender = true;
