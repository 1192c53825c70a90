// Learner pages are prerendered so the service worker can precache them (issue #9).
export const prerender = true;
export const trailingSlash = 'never';
